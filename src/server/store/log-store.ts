/**
 * The log's rows: entries (index → JCS bytes), hash tiles (level, index → concatenated hashes) and
 * signed checkpoints. Writes run inside the sequencer's transaction; reads are plain prepared
 * statements (better-sqlite3 is synchronous, and the one connection sees its own uncommitted writes).
 */
import type { Statement } from 'better-sqlite3';
import type { RegistryDatabase } from './database.ts';

export interface StoredCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
  /** The C2SP signed note, verbatim. */
  readonly note: string;
  readonly createdMs: number;
}

interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
  created_ms: number;
}

const toCheckpoint = (row: CheckpointRow): StoredCheckpoint => ({ size: row.size, root: row.root, note: row.note, createdMs: row.created_ms });

/** Prepared statements over the log tables of one database. */
export class LogStore {
  readonly db: RegistryDatabase;
  readonly #count: Statement<[], number>;
  readonly #entry: Statement<[number], Uint8Array>;
  readonly #range: Statement<[number, number], Uint8Array>;
  readonly #insertEntry: Statement<[number, Uint8Array]>;
  readonly #tile: Statement<[number, number], Uint8Array>;
  readonly #upsertTile: Statement<[number, number, Uint8Array]>;
  readonly #lastCheckpoint: Statement<[], CheckpointRow>;
  readonly #checkpoints: Statement<[number, number], CheckpointRow>;
  readonly #firstCheckpointAbove: Statement<[number], CheckpointRow>;
  readonly #insertCheckpoint: Statement<[number, Uint8Array, string, number]>;

  constructor(db: RegistryDatabase) {
    this.db = db;
    this.#count = db.prepare<[], number>('SELECT COALESCE(MAX(idx) + 1, 0) FROM entries').pluck();
    this.#entry = db.prepare<[number], Uint8Array>('SELECT data FROM entries WHERE idx = ?').pluck();
    this.#range = db.prepare<[number, number], Uint8Array>('SELECT data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx').pluck();
    this.#insertEntry = db.prepare<[number, Uint8Array]>('INSERT INTO entries (idx, data) VALUES (?, ?)');
    this.#tile = db.prepare<[number, number], Uint8Array>('SELECT hashes FROM tiles WHERE level = ? AND idx = ?').pluck();
    this.#upsertTile = db.prepare<[number, number, Uint8Array]>(
      'INSERT INTO tiles (level, idx, hashes) VALUES (?, ?, ?) ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes',
    );
    this.#lastCheckpoint = db.prepare<[], CheckpointRow>('SELECT size, root, note, created_ms FROM checkpoints ORDER BY size DESC LIMIT 1');
    this.#checkpoints = db.prepare<[number, number], CheckpointRow>(
      'SELECT size, root, note, created_ms FROM checkpoints WHERE size >= ? ORDER BY size LIMIT ?',
    );
    this.#firstCheckpointAbove = db.prepare<[number], CheckpointRow>(
      'SELECT size, root, note, created_ms FROM checkpoints WHERE size > ? ORDER BY size LIMIT 1',
    );
    this.#insertCheckpoint = db.prepare<[number, Uint8Array, string, number]>(
      'INSERT INTO checkpoints (size, root, note, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING',
    );
  }

  /** Number of entries stored (the committed tree size). */
  entryCount(): number {
    return this.#count.get() ?? 0;
  }

  readEntry(index: number): Uint8Array | undefined {
    return this.#entry.get(index);
  }

  /** Entries [start, end), in order. */
  readEntries(start: number, end: number): Uint8Array[] {
    return this.#range.all(start, end);
  }

  /** Entries from `start` on, streamed in order (bounded memory for replays). */
  *iterateEntries(start = 0, pageSize = 4096): Generator<Uint8Array> {
    for (let from = start; ; from += pageSize) {
      const page = this.#range.all(from, from + pageSize);
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  insertEntry(index: number, bytes: Uint8Array): void {
    this.#insertEntry.run(index, bytes);
  }

  readTile(level: number, index: number): Uint8Array | undefined {
    return this.#tile.get(level, index);
  }

  upsertTile(level: number, index: number, hashes: Uint8Array): void {
    this.#upsertTile.run(level, index, hashes);
  }

  lastCheckpoint(): StoredCheckpoint | undefined {
    const row = this.#lastCheckpoint.get();
    return row === undefined ? undefined : toCheckpoint(row);
  }

  /** Checkpoints of size >= `fromSize`, ascending, at most `limit`. */
  listCheckpoints(fromSize: number, limit: number): StoredCheckpoint[] {
    return this.#checkpoints.all(fromSize, limit).map(toCheckpoint);
  }

  /** The first checkpoint whose size is > `index` (the first that includes entry `index`). */
  firstCheckpointIncluding(index: number): StoredCheckpoint | undefined {
    const row = this.#firstCheckpointAbove.get(index);
    return row === undefined ? undefined : toCheckpoint(row);
  }

  insertCheckpoint(checkpoint: StoredCheckpoint): void {
    this.#insertCheckpoint.run(checkpoint.size, checkpoint.root, checkpoint.note, checkpoint.createdMs);
  }
}
