/**
 * The replica store: typed access to the tables of migration 0001 (origins, checkpoints, entries,
 * hash tiles, sync state, fork evidence) for the sync engine, evidence bundles and the app.
 *
 * Policy:
 * - the store records; it does not verify. Callers (src/node/sync) verify before they write and
 *   write a batch, its derived rows and its cursor in ONE `transaction`;
 * - the sync cursor only moves by compare-and-set (`advanceCursor`): two writers of one origin can
 *   never interleave batches (REPLICA_CONCURRENT_WRITE);
 * - a checkpoint is stored once per distinct note (by SHA-256 of its text); seeing it again only
 *   updates `last_seen_ms`;
 * - a hash tile is stored in its widest verified version: a narrower one never replaces it.
 */
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { openReplicaDatabase, type OpenReplicaOptions, type ReplicaDatabase } from './open-replica.ts';
import { ReplicaError } from './replica-error.ts';
import { keyOwnerRow } from './state-rows.ts';

export interface OriginRecord {
  readonly id: number;
  readonly origin: string;
  /** The pinned log vkey, verbatim. */
  readonly logKey: string;
  /** did:key of the log key (signer of `registry` statements). */
  readonly registryKey: string;
  readonly witnesses: readonly string[];
  readonly source: string | null;
  readonly pinnedMs: number;
}

export type CheckpointStatus = 'seen' | 'pending' | 'verified' | 'rejected' | 'conflicting';

export interface CosignatureInfo {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  /** POSIX seconds (decimal string) of a tlog-cosignature; null for a plain witness signature. */
  readonly timestamp: string | null;
}

export interface CheckpointRecord {
  readonly id: number;
  readonly originId: number;
  readonly size: number;
  readonly root: Uint8Array;
  /** The signed note, verbatim. */
  readonly note: string;
  readonly cosignatures: readonly CosignatureInfo[];
  readonly source: string;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly status: CheckpointStatus;
  readonly verified: boolean;
  readonly verifiedMs: number | null;
  readonly problem: string | null;
}

export interface NewCheckpoint {
  readonly note: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly cosignatures: readonly CosignatureInfo[];
  readonly source: string;
  readonly status: CheckpointStatus;
  readonly problem?: string;
}

export interface SyncStateRecord {
  readonly originId: number;
  /** Entries [0, entries) are stored, verified and folded. */
  readonly entries: number;
  readonly verifiedCheckpointId: number | null;
  readonly targetCheckpointId: number | null;
  readonly lastSuccessMs: number | null;
  readonly lastError: string | null;
  readonly updatedMs: number;
}

export interface StoredTile {
  readonly width: number;
  readonly hashes: Uint8Array;
}

/** Envelope columns of an entry (null when its bytes do not parse). */
export interface EntryEnvelope {
  readonly type: string | null;
  readonly tenant: string | null;
  readonly subject: string | null;
  readonly time: string | null;
}

export interface EvidenceRecord {
  readonly id: number;
  readonly originId: number;
  readonly kind: 'fork' | 'rollback';
  readonly detectedMs: number;
  readonly source: string;
  readonly trustedCheckpointId: number;
  readonly conflictingCheckpointId: number;
  /** The portable evidence document (JSON text). */
  readonly document: string;
}

interface CheckpointRow {
  id: number;
  origin_id: number;
  size: number;
  root: Uint8Array;
  note: string;
  cosignatures: string;
  source: string;
  first_seen_ms: number;
  last_seen_ms: number;
  status: CheckpointStatus;
  verified: number;
  verified_ms: number | null;
  problem: string | null;
}

interface OriginRow {
  id: number;
  origin: string;
  log_key: string;
  registry_key: string;
  witnesses: string;
  source: string | null;
  pinned_ms: number;
}

export class ReplicaStore {
  readonly db: ReplicaDatabase;
  readonly #now: () => number;
  readonly #s: {
    insertEntry: Statement;
    getTile: Statement;
    putTile: Statement;
    advance: Statement;
    getCheckpoint: Statement;
  };

  constructor(db: ReplicaDatabase, now: () => number = Date.now) {
    this.db = db;
    this.#now = now;
    this.#s = {
      insertEntry: db.prepare(
        'INSERT INTO entries (origin_id, idx, data, type, tenant, subject, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      getTile: db.prepare('SELECT width, hashes FROM hash_tiles WHERE origin_id = ? AND level = ? AND idx = ?'),
      putTile: db.prepare(
        `INSERT INTO hash_tiles (origin_id, level, idx, width, hashes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (origin_id, level, idx) DO UPDATE SET width = excluded.width, hashes = excluded.hashes
         WHERE excluded.width > hash_tiles.width`,
      ),
      advance: db.prepare('UPDATE sync_state SET entries = ?, updated_ms = ? WHERE origin_id = ? AND entries = ?'),
      getCheckpoint: db.prepare('SELECT * FROM checkpoints WHERE id = ?'),
    };
  }

  /** Opens (creating and migrating if allowed) the replica at `path`. Throws like openReplicaDatabase. */
  static open(path: string, options: OpenReplicaOptions & { now?: () => number } = {}): ReplicaStore {
    return new ReplicaStore(openReplicaDatabase(path, options), options.now);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  now(): number {
    return this.#now();
  }

  /** Runs `fn` in one IMMEDIATE transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- origins ----

  findOrigin(origin: string): OriginRecord | undefined {
    const row = this.db.prepare('SELECT * FROM origins WHERE origin = ?').get(origin) as OriginRow | undefined;
    return row === undefined ? undefined : originOf(row);
  }

  getOrigin(id: number): OriginRecord {
    const row = this.db.prepare('SELECT * FROM origins WHERE id = ?').get(id) as OriginRow | undefined;
    if (row === undefined) throw new ReplicaError('REPLICA_ORIGIN_UNKNOWN', `no origin with id ${id}`);
    return originOf(row);
  }

  listOrigins(): OriginRecord[] {
    return (this.db.prepare('SELECT * FROM origins ORDER BY id').all() as OriginRow[]).map(originOf);
  }

  /**
   * Pins `logKey` (a vkey whose name is the origin) for a new origin and creates its empty sync and
   * fold state. Precondition: the origin is not pinned yet (the UNIQUE constraint refuses a second).
   * Throws VKEY_MALFORMED (ProtocolError) for a bad key.
   */
  pinOrigin(input: { logKey: string; witnesses?: readonly string[]; source?: string }): OriginRecord {
    const key = parseVerifierKey(input.logKey);
    const registryKey = didKeyFromPublicKey(key.publicKey);
    const now = this.#now();
    return this.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO origins (origin, log_key, registry_key, witnesses, source, pinned_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(key.name, input.logKey, registryKey, JSON.stringify(input.witnesses ?? []), input.source ?? null, now);
      const id = Number(info.lastInsertRowid);
      this.db.prepare('INSERT INTO sync_state (origin_id, entries, updated_ms) VALUES (?, 0, ?)').run(id, now);
      this.db.prepare('INSERT INTO fold_state (origin_id) VALUES (?)').run(id);
      // The registry's own key is bound from the empty state on (createRegistryState).
      const owner = keyOwnerRow(id, registryKey, { kind: 'registry' });
      this.db
        .prepare('INSERT INTO key_owners (origin_id, key, kind, agent, tenants) VALUES (@origin_id, @key, @kind, @agent, @tenants)')
        .run(owner);
      return this.getOrigin(id);
    });
  }

  setOriginSource(originId: number, source: string): void {
    this.db.prepare('UPDATE origins SET source = ? WHERE id = ?').run(source, originId);
  }

  setWitnesses(originId: number, witnesses: readonly string[]): void {
    this.db.prepare('UPDATE origins SET witnesses = ? WHERE id = ?').run(JSON.stringify(witnesses), originId);
  }

  // ---- checkpoints ----

  /**
   * Records a checkpoint note; if the same note (same text, byte for byte) is stored already, only
   * its `last_seen_ms` changes and the stored record is returned as it is.
   */
  recordCheckpoint(originId: number, input: NewCheckpoint): CheckpointRecord {
    const hash = createHash('sha256').update(input.note, 'utf8').digest();
    const now = this.#now();
    const existing = this.db.prepare('SELECT id FROM checkpoints WHERE origin_id = ? AND note_sha256 = ?').get(originId, hash) as
      | { id: number }
      | undefined;
    if (existing !== undefined) {
      this.db.prepare('UPDATE checkpoints SET last_seen_ms = ? WHERE id = ?').run(now, existing.id);
      return this.getCheckpoint(existing.id);
    }
    const info = this.db
      .prepare(
        `INSERT INTO checkpoints (origin_id, size, root, note, note_sha256, cosignatures, source, first_seen_ms, last_seen_ms,
           status, verified, problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(
        originId,
        input.size,
        input.root,
        input.note,
        hash,
        JSON.stringify(input.cosignatures),
        input.source,
        now,
        now,
        input.status,
        input.problem ?? null,
      );
    return this.getCheckpoint(Number(info.lastInsertRowid));
  }

  getCheckpoint(id: number): CheckpointRecord {
    const row = this.#s.getCheckpoint.get(id) as CheckpointRow | undefined;
    if (row === undefined) throw new ReplicaError('REPLICA_CORRUPT', `no checkpoint with id ${id}`);
    return checkpointOf(row);
  }

  listCheckpoints(originId: number): CheckpointRecord[] {
    return (this.db.prepare('SELECT * FROM checkpoints WHERE origin_id = ? ORDER BY size, id').all(originId) as CheckpointRow[]).map(
      checkpointOf,
    );
  }

  /** Sets a checkpoint's status; 'verified' also sets `verified = 1` and `verified_ms`. */
  setCheckpointStatus(id: number, status: CheckpointStatus, problem: string | null = null): void {
    if (status === 'verified') {
      this.db
        .prepare('UPDATE checkpoints SET status = ?, verified = 1, verified_ms = coalesce(verified_ms, ?), problem = NULL WHERE id = ?')
        .run(status, this.#now(), id);
    } else {
      this.db.prepare('UPDATE checkpoints SET status = ?, verified = 0, problem = ? WHERE id = ?').run(status, problem, id);
    }
  }

  // ---- sync state ----

  getSyncState(originId: number): SyncStateRecord {
    const row = this.db.prepare('SELECT * FROM sync_state WHERE origin_id = ?').get(originId) as
      | {
          origin_id: number;
          entries: number;
          verified_checkpoint_id: number | null;
          target_checkpoint_id: number | null;
          last_success_ms: number | null;
          last_error: string | null;
          updated_ms: number;
        }
      | undefined;
    if (row === undefined) throw new ReplicaError('REPLICA_CORRUPT', `origin ${originId} has no sync state`);
    return {
      originId: row.origin_id,
      entries: row.entries,
      verifiedCheckpointId: row.verified_checkpoint_id,
      targetCheckpointId: row.target_checkpoint_id,
      lastSuccessMs: row.last_success_ms,
      lastError: row.last_error,
      updatedMs: row.updated_ms,
    };
  }

  setTarget(originId: number, checkpointId: number | null): void {
    this.db.prepare('UPDATE sync_state SET target_checkpoint_id = ?, updated_ms = ? WHERE origin_id = ?').run(checkpointId, this.#now(), originId);
  }

  /**
   * Moves the cursor from `from` to `to` (compare-and-set). Throws REPLICA_CONCURRENT_WRITE if the
   * stored cursor is not `from`.
   */
  advanceCursor(originId: number, from: number, to: number): void {
    const info = this.#s.advance.run(to, this.#now(), originId, from);
    if (info.changes !== 1) {
      throw new ReplicaError('REPLICA_CONCURRENT_WRITE', `the sync cursor of origin ${originId} is no longer at ${from}`, {
        details: { expected: from },
      });
    }
  }

  /** Records `checkpointId` as the last verified checkpoint and clears the target. */
  markSynced(originId: number, checkpointId: number): void {
    this.setCheckpointStatus(checkpointId, 'verified');
    this.db
      .prepare(
        'UPDATE sync_state SET verified_checkpoint_id = ?, target_checkpoint_id = NULL, last_success_ms = ?, last_error = NULL, updated_ms = ? WHERE origin_id = ?',
      )
      .run(checkpointId, this.#now(), this.#now(), originId);
  }

  setLastError(originId: number, error: string | null): void {
    this.db.prepare('UPDATE sync_state SET last_error = ?, updated_ms = ? WHERE origin_id = ?').run(error, this.#now(), originId);
  }

  // ---- entries and tiles ----

  insertEntry(originId: number, index: number, data: Uint8Array, envelope: EntryEnvelope): void {
    this.#s.insertEntry.run(originId, index, data, envelope.type, envelope.tenant, envelope.subject, envelope.time);
  }

  /** Entries in [from, to) in index order (lazily). */
  *iterateEntries(originId: number, from = 0, to = Number.MAX_SAFE_INTEGER): Generator<{ index: number; data: Uint8Array }> {
    const rows = this.db
      .prepare('SELECT idx, data FROM entries WHERE origin_id = ? AND idx >= ? AND idx < ? ORDER BY idx')
      .iterate(originId, from, to) as Iterable<{ idx: number; data: Uint8Array }>;
    for (const row of rows) yield { index: row.idx, data: new Uint8Array(row.data) };
  }

  getEntry(originId: number, index: number): Uint8Array | undefined {
    const row = this.db.prepare('SELECT data FROM entries WHERE origin_id = ? AND idx = ?').get(originId, index) as
      | { data: Uint8Array }
      | undefined;
    return row === undefined ? undefined : new Uint8Array(row.data);
  }

  getTile(originId: number, level: number, index: number): StoredTile | undefined {
    const row = this.#s.getTile.get(originId, level, index) as { width: number; hashes: Uint8Array } | undefined;
    return row === undefined ? undefined : { width: row.width, hashes: new Uint8Array(row.hashes) };
  }

  /** Stores a verified tile unless a wider version is stored already. */
  putTile(originId: number, level: number, index: number, width: number, hashes: Uint8Array): void {
    this.#s.putTile.run(originId, level, index, width, hashes);
  }

  /** Every stored tile of `level`, in index order (lazily). */
  *iterateTiles(originId: number, level: number): Generator<{ index: number } & StoredTile> {
    const rows = this.db
      .prepare('SELECT idx, width, hashes FROM hash_tiles WHERE origin_id = ? AND level = ? ORDER BY idx')
      .iterate(originId, level) as Iterable<{ idx: number; width: number; hashes: Uint8Array }>;
    for (const row of rows) yield { index: row.idx, width: row.width, hashes: new Uint8Array(row.hashes) };
  }

  // ---- fork evidence ----

  addEvidence(input: Omit<EvidenceRecord, 'id' | 'detectedMs'>): EvidenceRecord {
    const detectedMs = this.#now();
    const info = this.db
      .prepare(
        `INSERT INTO fork_evidence (origin_id, kind, detected_ms, source, trusted_checkpoint_id, conflicting_checkpoint_id, document)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.originId, input.kind, detectedMs, input.source, input.trustedCheckpointId, input.conflictingCheckpointId, input.document);
    return { ...input, id: Number(info.lastInsertRowid), detectedMs };
  }

  listEvidence(originId: number): EvidenceRecord[] {
    const rows = this.db.prepare('SELECT * FROM fork_evidence WHERE origin_id = ? ORDER BY id').all(originId) as {
      id: number;
      origin_id: number;
      kind: 'fork' | 'rollback';
      detected_ms: number;
      source: string;
      trusted_checkpoint_id: number;
      conflicting_checkpoint_id: number;
      document: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      originId: r.origin_id,
      kind: r.kind,
      detectedMs: r.detected_ms,
      source: r.source,
      trustedCheckpointId: r.trusted_checkpoint_id,
      conflictingCheckpointId: r.conflicting_checkpoint_id,
      document: r.document,
    }));
  }
}

function originOf(row: OriginRow): OriginRecord {
  return {
    id: row.id,
    origin: row.origin,
    logKey: row.log_key,
    registryKey: row.registry_key,
    witnesses: JSON.parse(row.witnesses) as string[],
    source: row.source,
    pinnedMs: row.pinned_ms,
  };
}

function checkpointOf(row: CheckpointRow): CheckpointRecord {
  return {
    id: row.id,
    originId: row.origin_id,
    size: row.size,
    root: new Uint8Array(row.root),
    note: row.note,
    cosignatures: JSON.parse(row.cosignatures) as CosignatureInfo[],
    source: row.source,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    status: row.status,
    verified: row.verified === 1,
    verifiedMs: row.verified_ms,
    problem: row.problem,
  };
}
