/**
 * Worker-thread entry of the verify pool. Its only effect is the message handler: each message is
 * `{ id, kind, buffer }`, a packed chunk of signatures (kind 'signatures', verify-batch.ts) or of log
 * entries (kind 'entries', entry-batch.ts); the answer is `{ id, results }` (one byte per item,
 * transferred) or `{ id, error }`. Signatures go through the same `verifyEd25519With` (policy
 * pre-check, then the native backend) as on the main thread. Its module graph is kept free of @noble
 * and zod (native backend only, no schemas), since every worker thread pays for what it loads (issue 4).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Ed25519Backend } from '../../core/crypto/backend.ts';
import { createNativeEd25519Backend } from './native-ed25519.ts';
import { checkPackedEntries } from './entry-batch.ts';
import { verifyPackedChunk, type ChunkKind, type VerifyWorkerData } from './verify-batch.ts';

interface ChunkRequest {
  id: number;
  kind: ChunkKind;
  buffer: ArrayBuffer;
}

let backend: Ed25519Backend | undefined;

const port = parentPort;
port?.on('message', (request: ChunkRequest) => {
  try {
    // The pool validated its settings; started without them, the backend's defaults apply.
    backend ??= createNativeEd25519Backend((workerData as VerifyWorkerData | null) ?? {});
    const results = request.kind === 'entries' ? checkPackedEntries(request.buffer, backend) : verifyPackedChunk(request.buffer, backend);
    port.postMessage({ id: request.id, results }, [results.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
