/** The registry traffic simulator (`warden registry simulate`): see run-simulation.ts. */
export { runSimulation, type SimulationOptions, type SimulationProgress, type SimulationStop, type SimulationSummary } from './run-simulation.ts';
export { checkRegistryUrl, SimHttpClient, type SimAnswer } from './sim-http.ts';
export { loadCredentials, readAdminKey, readOperatorToken, type SimCredentials } from './sim-credentials.ts';
export { deriveSeed } from './sim-agents.ts';
