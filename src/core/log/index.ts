/** Public API of the log entry model (docs/protocol.md §2–4, §7). */
export * from './time.ts';
export * from './scope.ts';
export * from './fields.ts';
export * from './signature.ts';
export * from './admin-command.ts';
export * from './statement.ts';
export * from './entry.ts';
export * from './verify-signatures.ts';
export * from './types/index.ts';
export * from './receipt.ts';
