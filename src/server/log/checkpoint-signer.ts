/**
 * Signing the log's checkpoints: a C2SP tlog-checkpoint note body (origin, size, root) signed as a
 * C2SP signed note by the log key, whose name is the origin (docs/protocol.md §8.2).
 */
import { formatCheckpoint } from '../../core/note/checkpoint.ts';
import { signNote } from '../../core/note/signed-note.ts';
import type { SignerKey } from '../../core/note/signer-key.ts';

export interface PublishedCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed note, verbatim (what `GET /checkpoint` serves). */
  readonly note: string;
  readonly createdMs: number;
}

/** Signs the checkpoint of a tree of `size` with root `rootHash`. */
export function signCheckpoint(logKey: SignerKey, size: number, rootHash: Uint8Array, nowMs: number): PublishedCheckpoint {
  const text = formatCheckpoint({ origin: logKey.name, size, rootHash });
  return { size, rootHash, note: signNote(text, [logKey]), createdMs: nowMs };
}
