export * from './bytes.ts';
export * from './hex.ts';
export * from './base64.ts';
export * from './utf8.ts';
export * from './base58.ts';
