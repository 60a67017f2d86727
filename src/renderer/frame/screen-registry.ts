/**
 * The data screens the frame shows for the active replica, in one place so that wiring a screen
 * in or out is a one-line change. Each takes the replica's `originId` (and its route parameters).
 */
export { AgentsScreen } from '../screens/AgentsScreen.tsx';
export { AgentDetailScreen } from '../screens/AgentDetailScreen.tsx';
export { LogScreen } from '../screens/LogScreen.tsx';
export { VerificationScreen } from '../screens/VerificationScreen.tsx';
