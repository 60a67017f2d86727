/**
 * A wider WAL auto-checkpoint window for the duration of a sync's entries phase.
 *
 * Policy: SQLite checkpoints the WAL into the database file whenever a commit leaves more than
 * `wal_autocheckpoint` pages (default 1000, 4 MB) in it, with an fsync of the file. A sync batch
 * writes more than that (its entries, and the rows of every entity it touched, many of them rows the
 * previous batch wrote too), so every commit checkpointed, copying the same pages again and again.
 * During the entries phase the window is widened; at the end the previous setting is restored and
 * ONE passive checkpoint copies each page once. Durability does not change: a commit is in the WAL
 * either way (open-replica.ts: WAL, synchronous = NORMAL).
 */
import type { ReplicaDatabase } from '../replica/open-replica.ts';

/** Pages (4 KiB each) the WAL may hold before SQLite checkpoints it, during a sync: 64 MiB. */
export const SYNC_WAL_PAGES = 16_384;

/**
 * Widens the auto-checkpoint window of `db` to `pages`; the returned function restores it and runs a
 * passive checkpoint (best effort: a closed or busy database is left as it is, SQLite checkpoints it
 * later). Never throws.
 */
export function widenWalWindow(db: ReplicaDatabase, pages = SYNC_WAL_PAGES): () => void {
  let previous: number;
  try {
    previous = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    if (previous <= 0 || previous >= pages) return () => undefined; // disabled, or already wider
    db.pragma(`wal_autocheckpoint = ${pages}`);
  } catch {
    return () => undefined;
  }
  return () => {
    try {
      if (!db.open) return;
      db.pragma(`wal_autocheckpoint = ${previous}`);
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Best effort (see above).
    }
  };
}
