/**
 * `warden db check`: re-derives what can be re-derived from a replica and reports every difference
 * with a stable code. Nothing is repaired. Per origin:
 *
 *   CHECK_ORIGIN_KEY            the pinned log key is unreadable or its did:key is not the stored one
 *   CHECK_SYNC_STATE            cursor, verified and target checkpoints contradict each other
 *   CHECK_CHECKPOINT_SIGNATURE  a stored (not rejected) checkpoint no longer verifies with the pinned key
 *   CHECK_CHECKPOINT_FIELDS     a checkpoint's size or root column differs from its signed note
 *   CHECK_CHECKPOINT_STATUS     the verified flag disagrees with the status
 *   CHECK_ENTRY_MISSING         an entry below the cursor is missing (or one above it is stored)
 *   CHECK_ENTRY_ENVELOPE        an entry's type/tenant/subject/time columns differ from its bytes
 *   CHECK_ROOT_MISMATCH         the root recomputed from the stored entries differs from a verified checkpoint's
 *   CHECK_TILE_MISMATCH         a stored hash tile differs from what the entries (or the tiles below) give
 *   CHECK_TILE_MISSING          a tile needed for the stored entries is not stored
 *   CHECK_ENTRY_REJECTION       the stored accept/reject verdict of an entry differs from a fresh replay
 *   CHECK_DERIVED_MISMATCH      a materialised row differs from a from-scratch replay (missing, extra, different)
 *   CHECK_EVIDENCE              a stored fork evidence document does not check out
 *
 * The replay parses every entry strictly and verifies every signature again, then materialises the
 * WHOLE final state (not only what batches touched) into a scratch database attached beside the
 * replica, and compares table by table.
 */
import { bytesToHex, equalBytes } from '../../core/encoding/index.ts';
import { isProtocolError } from '../../core/errors.ts';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { CompactRange } from '../../core/merkle/compact-range.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { openCheckpoint } from '../../core/note/open-checkpoint.ts';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { createRegistryState } from '../../core/registry/state.ts';
import type { VerifyItem } from '../crypto/index.ts';
import { verifyEd25519Native } from '../crypto/index.ts';
import { nativeHasher } from '../merkle/index.ts';
import type { Statement } from 'better-sqlite3';
import { applySignatureResults, prepareEntries, toFoldItem, type CheckedEntry } from './entry-checks.ts';
import { FoldSession, type FoldOutcome } from './fold-session.ts';
import { DERIVED_TABLES } from './migrations.ts';
import type { CheckpointRecord, OriginRecord, ReplicaStore } from './replica-store.ts';
import { DERIVED_COLUMNS, DERIVED_KEYS, DerivedStateWriter } from './state-writer.ts';
import { checkForkEvidence, parseForkEvidence } from '../sync/fork-evidence.ts';

export type CheckCode =
  | 'CHECK_ORIGIN_KEY'
  | 'CHECK_SYNC_STATE'
  | 'CHECK_CHECKPOINT_SIGNATURE'
  | 'CHECK_CHECKPOINT_FIELDS'
  | 'CHECK_CHECKPOINT_STATUS'
  | 'CHECK_ENTRY_MISSING'
  | 'CHECK_ENTRY_ENVELOPE'
  | 'CHECK_ROOT_MISMATCH'
  | 'CHECK_TILE_MISMATCH'
  | 'CHECK_TILE_MISSING'
  | 'CHECK_ENTRY_REJECTION'
  | 'CHECK_DERIVED_MISMATCH'
  | 'CHECK_EVIDENCE';

export interface CheckFinding {
  readonly code: CheckCode;
  readonly origin: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface OriginSummary {
  readonly origin: string;
  readonly entries: number;
  /** Entries the derived tables cover: `entries` unless a sync stopped between flushes. */
  readonly derivedEntries: number;
  readonly checkpoints: number;
  readonly verifiedSize: number | null;
}

export interface CheckReport {
  readonly origins: readonly OriginSummary[];
  readonly findings: readonly CheckFinding[];
}

export interface CheckOptions {
  /** Only this origin (REPLICA_ORIGIN_UNKNOWN from the caller if absent). */
  readonly origin?: string;
  /** Bulk signature verification (default: native, on this thread). */
  readonly verify?: (items: readonly VerifyItem[]) => Promise<Uint8Array>;
  readonly hasher?: MerkleHasher;
  /** Entries per replay batch (default 4096). */
  readonly batchEntries?: number;
  /** Most findings reported per table and code (default 50); the count is always given. */
  readonly maxPerKind?: number;
}

const SCRATCH = 'warden_check';

/** Checks the replica (see the module comment). Findings are data; only store failures throw. */
export async function checkReplica(store: ReplicaStore, options: CheckOptions = {}): Promise<CheckReport> {
  const origins = store.listOrigins().filter((o) => options.origin === undefined || o.origin === options.origin);
  const findings: CheckFinding[] = [];
  const summaries: OriginSummary[] = [];
  for (const origin of origins) {
    const report = (code: CheckCode, message: string, details?: Record<string, unknown>): void => {
      findings.push({ code, origin: origin.origin, message, ...(details === undefined ? {} : { details }) });
    };
    summaries.push(await checkOrigin(store, origin, options, report));
  }
  return { origins: summaries, findings };
}

type Report = (code: CheckCode, message: string, details?: Record<string, unknown>) => void;

async function checkOrigin(store: ReplicaStore, origin: OriginRecord, options: CheckOptions, report: Report): Promise<OriginSummary> {
  const hasher = options.hasher ?? nativeHasher;
  const sync = store.getSyncState(origin.id);
  const checkpoints = store.listCheckpoints(origin.id);
  checkKeys(origin, report);
  checkCheckpoints(origin, checkpoints, report);
  const verified = checkpoints.find((c) => c.id === sync.verifiedCheckpointId);
  const target = checkpoints.find((c) => c.id === sync.targetCheckpointId);
  checkSyncState(sync.entries, verified, target, report);
  const count = (store.db.prepare('SELECT count(*) AS n, max(idx) AS top FROM entries WHERE origin_id = ?').get(origin.id) as {
    n: number;
    top: number | null;
  });
  if (count.n !== sync.entries || (count.top ?? -1) !== sync.entries - 1) {
    report('CHECK_ENTRY_MISSING', `${count.n} entries are stored (highest ${count.top ?? 'none'}) for a cursor of ${sync.entries}`, {
      stored: count.n,
      cursor: sync.entries,
    });
  }
  // A sync flushes the derived tables every few batches (src/node/sync/entry-phase.ts): after a
  // crash they may lag the entries, by whole batches, until the next sync folds the rest. They are
  // compared at the position they claim (a claim beyond the cursor is itself a difference).
  const folded = store.db.prepare('SELECT entries FROM fold_state WHERE origin_id = ?').get(origin.id) as { entries: number } | undefined;
  const derivedEntries = Math.min(folded?.entries ?? 0, sync.entries);
  await replay(store, origin, sync.entries, derivedEntries, checkpoints, options, hasher, report);
  checkUpperTiles(store, origin, hasher, report);
  checkEvidence(store, origin, report);
  return { origin: origin.origin, entries: sync.entries, derivedEntries, checkpoints: checkpoints.length, verifiedSize: verified?.size ?? null };
}

function checkKeys(origin: OriginRecord, report: Report): void {
  try {
    const key = parseVerifierKey(origin.logKey);
    if (key.name !== origin.origin || didKeyFromPublicKey(key.publicKey) !== origin.registryKey) {
      report('CHECK_ORIGIN_KEY', 'the pinned log key does not match the origin name or the stored registry did:key');
    }
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    report('CHECK_ORIGIN_KEY', `the pinned log key is unreadable: ${error.message}`);
  }
}

function checkCheckpoints(origin: OriginRecord, checkpoints: readonly CheckpointRecord[], report: Report): void {
  for (const c of checkpoints) {
    if (c.verified !== (c.status === 'verified')) report('CHECK_CHECKPOINT_STATUS', `checkpoint ${c.id} is ${c.status} with verified = ${c.verified}`, { id: c.id });
    if (c.status === 'rejected') continue;
    try {
      const opened = openCheckpoint(c.note, origin.logKey);
      if (opened.checkpoint.size !== BigInt(c.size) || !equalBytes(opened.checkpoint.rootHash, c.root)) {
        report('CHECK_CHECKPOINT_FIELDS', `checkpoint ${c.id}: the size or root column differs from the signed note`, { id: c.id });
      }
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      report('CHECK_CHECKPOINT_SIGNATURE', `checkpoint ${c.id} (${c.status}, size ${c.size}) does not verify: ${error.code}`, { id: c.id, cause: error.code });
    }
  }
}

function checkSyncState(cursor: number, verified: CheckpointRecord | undefined, target: CheckpointRecord | undefined, report: Report): void {
  if (verified !== undefined && verified.status !== 'verified') report('CHECK_SYNC_STATE', `the last verified checkpoint ${verified.id} is ${verified.status}`);
  if (target !== undefined && target.status !== 'pending' && target.status !== 'verified') {
    report('CHECK_SYNC_STATE', `the sync target ${target.id} is ${target.status}`);
  }
  if (target === undefined && (verified?.size ?? 0) !== cursor) {
    report('CHECK_SYNC_STATE', `the cursor is at ${cursor} but the last verified checkpoint has size ${verified?.size ?? 0}`, { cursor });
  }
  if (target !== undefined && (cursor < (verified?.size ?? 0) || cursor > target.size)) {
    report('CHECK_SYNC_STATE', `the cursor ${cursor} is outside [${verified?.size ?? 0}, ${target.size}]`, { cursor });
  }
}

/**
 * Streams the stored entries once, in pages: leaf hashes against the level-0 tiles, roots at the
 * verified sizes, and the replay of the first `derivedEntries` into the scratch tables.
 */
async function replay(
  store: ReplicaStore,
  origin: OriginRecord,
  cursor: number,
  derivedEntries: number,
  checkpoints: readonly CheckpointRecord[],
  options: CheckOptions,
  hasher: MerkleHasher,
  report: Report,
): Promise<void> {
  const verify = options.verify ?? verifyOnThisThread;
  const pageSize = options.batchEntries ?? 4096;
  const leaves = new LeafChecker(store, origin.id, checkpoints.filter((c) => c.verified && c.size <= cursor), hasher, report);
  attachScratch(store);
  try {
    const fold = new FoldSession(origin.id, createRegistryState({ origin: origin.origin, registryKey: origin.registryKey }), { entries: 0, rejected: 0 });
    const writer = new DerivedStateWriter(store.db, origin.id, { schema: SCRATCH });
    const verdicts = new VerdictChecker(store, origin.id, report);
    let next = 0;
    // Pages, not one long iterator: the connection cannot write (the scratch tables) while a read
    // statement is still stepping.
    pages: for (let page = 0; page < cursor; page += pageSize) {
      const rows = [...store.iterateEntries(origin.id, page, Math.min(cursor, page + pageSize))];
      const batch: { index: number; bytes: Uint8Array }[] = [];
      for (const { index, data } of rows) {
        if (index !== next) break pages;
        next++;
        leaves.add(index, data);
        batch.push({ index, bytes: data });
      }
      const toFold = batch.filter((entry) => entry.index < derivedEntries);
      const checks: SignatureCheck[] = [];
      const items = prepareEntries(toFold, checks);
      applySignatureResults(items, await verify(checks));
      for (const item of items) verdicts.compare(item, fold.fold(toFoldItem(item)));
      store.db.transaction(() => fold.flush(writer))();
      if (batch.length < rows.length) break;
    }
    if (next < cursor) {
      report('CHECK_ENTRY_MISSING', `entry ${next} is missing (the cursor is ${cursor})`, { index: next, cursor });
      return;
    }
    // Every entity of the final state, not only what batches touched.
    store.db.transaction(() => {
      writer.writeAll(fold.state);
      writer.writeFoldState(fold.state, { entries: fold.entries, rejected: fold.rejected });
    })();
    compareDerived(store, origin.id, options.maxPerKind ?? 50, report);
  } finally {
    store.db.exec(`DETACH DATABASE ${SCRATCH}`);
  }
}

/** Leaf hashes of the stored entries against the stored level-0 tiles, and roots at verified sizes. */
class LeafChecker {
  readonly #store: ReplicaStore;
  readonly #originId: number;
  readonly #roots: CheckpointRecord[];
  readonly #hasher: MerkleHasher;
  readonly #report: Report;
  readonly #range: CompactRange;
  #tileIndex = -1;
  #tile: Uint8Array | undefined;

  constructor(store: ReplicaStore, originId: number, roots: readonly CheckpointRecord[], hasher: MerkleHasher, report: Report) {
    this.#store = store;
    this.#originId = originId;
    this.#roots = [...roots].sort((a, b) => b.size - a.size);
    this.#hasher = hasher;
    this.#report = report;
    this.#range = new CompactRange(hasher);
    this.#compareRoots();
  }

  add(index: number, data: Uint8Array): void {
    const leaf = this.#hasher.hashLeaf(data);
    const tileIndex = Math.floor(index / 256);
    if (tileIndex !== this.#tileIndex) {
      this.#tileIndex = tileIndex;
      this.#tile = this.#store.getTile(this.#originId, 0, tileIndex)?.hashes;
    }
    const offset = (index % 256) * 32;
    if (this.#tile === undefined || this.#tile.length < offset + 32) {
      if (index % 256 === 0) this.#report('CHECK_TILE_MISSING', `tile 0/${tileIndex} is not stored (or too narrow)`, { level: 0, index: tileIndex });
    } else if (!equalBytes(leaf, this.#tile.subarray(offset, offset + 32))) {
      this.#report('CHECK_TILE_MISMATCH', `entry ${index} does not hash to its leaf in tile 0/${tileIndex}`, { level: 0, index: tileIndex, entry: index });
    }
    this.#range.appendLeafHash(leaf);
    this.#compareRoots();
  }

  #compareRoots(): void {
    const size = Number(this.#range.size);
    while (this.#roots.length > 0 && (this.#roots[this.#roots.length - 1] as CheckpointRecord).size === size) {
      const c = this.#roots.pop() as CheckpointRecord;
      const root = this.#range.root();
      if (!equalBytes(root, c.root)) {
        this.#report('CHECK_ROOT_MISMATCH', `the stored entries do not hash to the root of verified checkpoint ${c.id} (size ${c.size})`, {
          id: c.id,
          size: c.size,
          expected: bytesToHex(c.root),
          computed: bytesToHex(root),
        });
      }
    }
  }
}

/** The stored accept/reject verdict and envelope columns of each entry against the replay's. */
class VerdictChecker {
  readonly #rejections: Map<number, string>;
  readonly #envelopes: Statement;
  readonly #originId: number;
  readonly #report: Report;

  constructor(store: ReplicaStore, originId: number, report: Report) {
    const rows = store.db.prepare('SELECT idx, code FROM entry_rejections WHERE origin_id = ?').all(originId) as { idx: number; code: string }[];
    this.#rejections = new Map(rows.map((r) => [r.idx, r.code]));
    this.#envelopes = store.db.prepare('SELECT type, tenant, subject, time FROM entries WHERE origin_id = ? AND idx = ?');
    this.#originId = originId;
    this.#report = report;
  }

  compare(item: CheckedEntry, outcome: FoldOutcome): void {
    const stored = this.#rejections.get(item.index);
    const now = outcome.applied ? undefined : outcome.failure.code;
    if (stored !== now) {
      this.#report('CHECK_ENTRY_REJECTION', `entry ${item.index}: stored verdict ${stored ?? 'applied'}, replay ${now ?? 'applied'}`, { index: item.index });
    }
    const envelope = this.#envelopes.get(this.#originId, item.index) as Record<string, string | null>;
    const parsed = item.entry;
    if (
      envelope['type'] !== (parsed?.type ?? null) ||
      envelope['tenant'] !== (parsed?.tenant ?? null) ||
      envelope['subject'] !== (parsed?.subject ?? null) ||
      envelope['time'] !== (parsed?.time ?? null)
    ) {
      this.#report('CHECK_ENTRY_ENVELOPE', `entry ${item.index}: the envelope columns differ from its bytes`, { index: item.index });
    }
  }
}

function verifyOnThisThread(items: readonly VerifyItem[]): Promise<Uint8Array> {
  return Promise.resolve(Uint8Array.from(items, (i) => (verifyEd25519Native(i.publicKey, i.message, i.signature) ? 1 : 0)));
}

/** Attaches an in-memory scratch database holding empty copies of the derived tables (same DDL). */
function attachScratch(store: ReplicaStore): void {
  store.db.exec(`ATTACH DATABASE ':memory:' AS ${SCRATCH}`);
  for (const table of DERIVED_TABLES) {
    const row = store.db.prepare("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string };
    // Foreign keys would point into the scratch schema, where the log tables do not exist.
    store.db.exec(row.sql.replace(/^CREATE TABLE (\w+)/, `CREATE TABLE ${SCRATCH}.$1`).replace(/REFERENCES \w+\(\w+\)/g, ''));
  }
}

function compareDerived(store: ReplicaStore, originId: number, maxPerKind: number, report: Report): void {
  for (const table of DERIVED_TABLES) {
    const columns = DERIVED_COLUMNS[table].join(', ');
    const keyOf = (row: Record<string, unknown>): string => JSON.stringify(DERIVED_KEYS[table].filter((k) => k !== 'origin_id').map((k) => row[k]));
    const query = (left: string, right: string): Record<string, unknown>[] =>
      store.db
        .prepare(`SELECT ${columns} FROM ${left}.${table} WHERE origin_id = ? EXCEPT SELECT ${columns} FROM ${right}.${table} WHERE origin_id = ?`)
        .all(originId, originId) as Record<string, unknown>[];
    const stored = new Map(query('main', SCRATCH).map((r) => [keyOf(r), r]));
    const expected = new Map(query(SCRATCH, 'main').map((r) => [keyOf(r), r]));
    const differences: { key: string; kind: 'different' | 'extra' | 'missing' }[] = [];
    for (const key of stored.keys()) differences.push({ key, kind: expected.has(key) ? 'different' : 'extra' });
    for (const key of expected.keys()) if (!stored.has(key)) differences.push({ key, kind: 'missing' });
    for (const d of differences.slice(0, maxPerKind)) {
      const columnsDiffering =
        d.kind === 'different'
          ? DERIVED_COLUMNS[table].filter((c) => (stored.get(d.key) as Record<string, unknown>)[c] !== (expected.get(d.key) as Record<string, unknown>)[c])
          : [];
      report('CHECK_DERIVED_MISMATCH', `${table} ${d.key}: ${d.kind}${columnsDiffering.length > 0 ? ` (${columnsDiffering.join(', ')})` : ''}`, {
        table,
        key: d.key,
        kind: d.kind,
        columns: columnsDiffering,
      });
    }
    if (differences.length > maxPerKind) {
      report('CHECK_DERIVED_MISMATCH', `${table}: ${differences.length - maxPerKind} more differences`, { table, more: differences.length - maxPerKind });
    }
  }
}

/** Every stored tile of level ≥ 1: each hash must be the MTH of the full child tile below it. */
function checkUpperTiles(store: ReplicaStore, origin: OriginRecord, hasher: MerkleHasher, report: Report): void {
  for (let level = 1; level < 8; level++) {
    for (const tile of store.iterateTiles(origin.id, level)) {
      for (let p = 0; p < tile.width; p++) {
        const childIndex = tile.index * 256 + p;
        const child = store.getTile(origin.id, level - 1, childIndex);
        if (child === undefined || child.width < 256) continue; // not stored yet: the entries are not either
        const computed = mth256(child.hashes, hasher);
        if (!equalBytes(computed, tile.hashes.subarray(p * 32, (p + 1) * 32))) {
          report('CHECK_TILE_MISMATCH', `hash ${p} of tile ${level}/${tile.index} is not the hash of tile ${level - 1}/${childIndex}`, {
            level,
            index: tile.index,
            position: p,
          });
        }
      }
    }
  }
}

function mth256(tile: Uint8Array, hasher: MerkleHasher): Uint8Array {
  let layer: Uint8Array[] = [];
  for (let i = 0; i < 256; i++) layer.push(tile.subarray(i * 32, (i + 1) * 32));
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(hasher.hashChildren(layer[i] as Uint8Array, layer[i + 1] as Uint8Array));
    layer = next;
  }
  return layer[0] as Uint8Array;
}

function checkEvidence(store: ReplicaStore, origin: OriginRecord, report: Report): void {
  for (const evidence of store.listEvidence(origin.id)) {
    try {
      const verdict = checkForkEvidence(parseForkEvidence(evidence.document), origin.logKey);
      if (verdict.verdict === 'not-proven') {
        report('CHECK_EVIDENCE', `fork evidence ${evidence.id} does not prove what it claims: ${verdict.explanation.join(' ')}`, { id: evidence.id });
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string') throw error;
      report('CHECK_EVIDENCE', `fork evidence ${evidence.id} is unreadable (${code})`, { id: evidence.id });
    }
  }
}
