/**
 * Entries judged in the verify pool's workers (issue 4): the raw bytes of log entries go to a
 * worker, which tests that each is canonical, cuts its signing bytes and verifies its signatures
 * (canonical-entry.ts `entrySignatureVerdict`), and answers one verdict byte per entry. What the
 * main thread did per entry before (the canonical test, the signing bytes, the key and signature
 * decoding) then runs on the workers, which wait for the main thread at a million entries.
 *
 * Wire format, one transferable ArrayBuffer per chunk:
 *
 *   offset 0         uint32  n, the number of entries
 *   offset 4         uint32  m, total entry bytes
 *   offset 8         n × uint32  end offset of each entry within the entry area
 *   offset 8 + 4n    m bytes entries, concatenated
 * Integers are in the platform's byte order (both ends are the same process).
 */
import type { Ed25519Backend } from '../../core/crypto/backend.ts';
import { verifyEd25519With } from '../../core/crypto/ed25519-verify.ts';
import { entrySignatureVerdict } from '../verify/canonical-entry.ts';
import { openChunk, packChunk } from './verify-batch.ts';

/** Packs `entries[i]` for each `i` in `indices`. Throws INPUT_TOO_LARGE past 32-bit offsets. */
export function packEntryChunk(entries: readonly Uint8Array[], indices: ArrayLike<number>): ArrayBuffer {
  return packChunk(Array.from(indices, (i) => entries[i] as Uint8Array), 0, 'entry', (entry) => entry);
}

/**
 * The verdict (canonical-entry.ts) of every entry of a packed chunk, its signatures verified with
 * `verifyEd25519With(backend, …)`: one byte per entry. Throws INVALID_ARGUMENT if the buffer is not
 * a well-formed chunk.
 */
export function checkPackedEntries(buffer: ArrayBuffer, backend: Ed25519Backend): Uint8Array<ArrayBuffer> {
  const chunk = openChunk(buffer, 0, 'entry');
  const results = new Uint8Array(chunk.count);
  const verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => verifyEd25519With(backend, publicKey, message, signature);
  chunk.forEachPart((j, entry) => {
    results[j] = entrySignatureVerdict(entry, verify);
  });
  return results;
}
