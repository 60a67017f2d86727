/** Node-only Merkle helpers: the OpenSSL hasher and the multi-threaded root. */
export { createNativeHasher, nativeHasher } from './native-hasher.ts';
export { computeRootParallel } from './parallel-root.ts';
export type { ParallelRootInput, ParallelRootOptions, ParallelRootResult } from './parallel-root.ts';
