/** Public API of the registry state fold (docs/protocol.md §5). */
export * from './state.ts';
export * from './builder.ts';
export * from './fold.ts';
export * from './queries.ts';
export { MAX_CLOCK_SKEW_MS, MAX_DELEGATION_DEPTH, DEFAULT_THRESHOLDS } from './rules.ts';
export type { StatusChange } from './context.ts';
