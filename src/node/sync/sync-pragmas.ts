/**
 * The SQLite settings of a sync's entries phase, applied for its duration and then restored.
 *
 * Policy:
 * - A wider WAL auto-checkpoint window. SQLite checkpoints the WAL into the database file whenever a
 *   commit leaves more than `wal_autocheckpoint` pages (default 1000, 4 MB) in it, with an fsync of
 *   the file. A sync batch writes more than that (its entries, and the rows of every entity it
 *   touched, many of them rows the previous batch wrote too), so every commit checkpointed, copying
 *   the same pages again and again. During the entries phase the window is widened; at the end the
 *   previous setting is restored and ONE passive checkpoint copies each page once. Durability does
 *   not change: a commit is in the WAL either way (open-replica.ts: WAL, synchronous = NORMAL).
 * - A smaller page cache. better-sqlite3 builds SQLite with a 16 MB cache per connection, which the
 *   app's queries use; a sync reads and writes at random across tables far larger than that (an
 *   agent row is read and rewritten once per flush window), so beyond the b-trees' interior pages
 *   the cache holds little it will see again. Over the first 430k entries of the 1M-entry demo log,
 *   4 MiB took 14 MB off the peak RSS (issue 4's memory goal) at the same speed; whole 1M syncs
 *   were not faster with 16 MB (BENCHMARKS.md, issue 4, fourth session).
 */
import type { ReplicaDatabase } from '../replica/open-replica.ts';

/** Pages (4 KiB each) the WAL may hold before SQLite checkpoints it, during a sync: 64 MiB. */
export const SYNC_WAL_PAGES = 16_384;

/** SQLite's page cache during a sync, in KiB (a negative `cache_size`). */
export const SYNC_CACHE_KIB = 4096;

/**
 * Applies the sync's settings to `db`; the returned function restores the previous ones and runs a
 * passive checkpoint (best effort: a closed or busy database is left as it is, SQLite checkpoints it
 * later). A setting the database already has wider (WAL window) or smaller (cache) is left alone.
 * Never throws.
 */
export function applySyncPragmas(db: ReplicaDatabase): () => void {
  const restore: string[] = [];
  let widened = false;
  try {
    const window = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    if (window > 0 && window < SYNC_WAL_PAGES) {
      db.pragma(`wal_autocheckpoint = ${SYNC_WAL_PAGES}`);
      restore.push(`wal_autocheckpoint = ${window}`);
      widened = true;
    }
    const cache = db.pragma('cache_size', { simple: true }) as number;
    // cache_size is in pages when positive, in KiB when negative.
    const cacheBytes = cache < 0 ? -cache * 1024 : cache * (db.pragma('page_size', { simple: true }) as number);
    if (cacheBytes > SYNC_CACHE_KIB * 1024) {
      db.pragma(`cache_size = -${SYNC_CACHE_KIB}`);
      restore.push(`cache_size = ${cache}`);
    }
  } catch {
    // Best effort: the settings only change speed and memory.
  }
  return () => {
    try {
      if (!db.open) return;
      for (const setting of restore) db.pragma(setting);
      if (widened) db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Best effort (see above).
    }
  };
}
