/**
 * Worker-thread entry of the verify pool. Its only effect is the message handler: each message is
 * `{ id, buffer }` (a packed chunk, see verify-batch.ts); the answer is `{ id, results }` (one byte
 * per entry, transferred) or `{ id, error }`. Entries go through the same `verifyEd25519With` (policy
 * pre-check, then the native backend) as on the main thread. Its module graph is kept free of @noble
 * (native backend only), since every worker thread pays for what it loads (issue 4).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Ed25519Backend } from '../../core/crypto/backend.ts';
import { createNativeEd25519Backend } from './native-ed25519.ts';
import { verifyPackedChunk, type VerifyWorkerData } from './verify-batch.ts';

interface ChunkRequest {
  id: number;
  buffer: ArrayBuffer;
}

let backend: Ed25519Backend | undefined;

const port = parentPort;
port?.on('message', (request: ChunkRequest) => {
  try {
    // The pool validated its settings; started without them, the backend's defaults apply.
    backend ??= createNativeEd25519Backend((workerData as VerifyWorkerData | null) ?? {});
    const results = verifyPackedChunk(request.buffer, backend);
    port.postMessage({ id: request.id, results }, [results.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
