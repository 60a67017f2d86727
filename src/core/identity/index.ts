export * from './did-key.ts';
export * from './maip-id.ts';
