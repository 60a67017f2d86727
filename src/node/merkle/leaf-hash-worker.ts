/**
 * Worker thread of parallel-root.ts: hashes the leaves of packed batches with OpenSSL and, when
 * asked, folds each batch into its complete subtrees (the batch starts at a multiple of the batch
 * size, a power of two, so those subtrees are aligned in the whole tree). Loaded from this .ts file
 * by Node 22's type stripping; see batch-format.ts for the messages.
 */
import { hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { CompactRange } from '../../core/merkle/compact-range.ts';
import { HASH_SIZE } from '../../core/merkle/hash.ts';
import { unpackBatch } from './batch-format.ts';
import type { BatchRequest, BatchResult, CloseRequest } from './batch-format.ts';
import { createNativeHasher } from './native-hasher.ts';

const hasher = createNativeHasher();

function hashBatch(request: BatchRequest): ArrayBuffer {
  const { offsets, bytes } = unpackBatch(request.buffer, request.count);
  if (!request.fold) {
    const out = new Uint8Array(request.count * HASH_SIZE);
    for (let i = 0; i < request.count; i++) {
      out.set(hash('sha256', bytes.subarray(offsets[i], offsets[i + 1]), 'buffer'), i * HASH_SIZE);
    }
    return out.buffer;
  }
  const range = new CompactRange(hasher);
  for (let i = 0; i < request.count; i++) {
    range.appendLeafHash(hash('sha256', bytes.subarray(offsets[i], offsets[i + 1]), 'buffer'));
  }
  const subtrees = range.hashes();
  const out = new Uint8Array(subtrees.length * HASH_SIZE);
  subtrees.forEach((subtree, i) => out.set(subtree, i * HASH_SIZE));
  return out.buffer;
}

const port = parentPort;
if (port === null) throw new Error('leaf-hash-worker.ts must run in a worker thread');
port.on('message', (message: BatchRequest | CloseRequest) => {
  if (message.type === 'close') {
    port.close();
    return;
  }
  const hashes = hashBatch(message);
  const result: BatchResult = { type: 'result', id: message.id, hashes };
  port.postMessage(result, [hashes]);
});
