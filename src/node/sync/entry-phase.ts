/**
 * Streaming the entries of a verified tree into the replica, in bounded batches.
 *
 * Per level-0 tile t (256 entries): the hash tile and the entry bundle are fetched together (up to
 * `concurrency` tiles ahead, orderedFetch). A full tile must hash to its verified parent (node 8 of
 * index t, tree-phase.ts); the partial last tile IS the verified right edge. Every entry of the
 * bundle must hash (RFC 9162 leaf hash) to its hash in the tile: so every stored byte is bound to the
 * signed root. A mismatch is SYNC_TILES_INCONSISTENT and that tile is fetched again (retry.ts).
 *
 * Then per verification chunk (at most VERIFY_CHUNK entries): the raw bytes of the new entries go
 * to the verify pool's workers, which test that each is canonical JCS and verify its signatures;
 * this thread then parses each with the schemas as the fold reaches it (entry-checks.ts
 * `judgeEntries`). A few chunks are in flight, so that the workers keep verifying while this thread
 * folds, parses and commits (CHUNKS_AHEAD). Each entry is parsed, folded (in memory) and dropped:
 * only the raw bytes, the envelope columns and the tiles wait for the commit.
 *
 * Per batch (about `batchEntries` entries, several chunks): in ONE transaction the batch's tiles,
 * raw entries and cursor are written (compare-and-set). The batch that reaches the tree size also
 * records the checkpoint as verified, in the same transaction: a crash anywhere leaves a whole
 * number of batches and a checkpoint that is verified only if all its entries are in.
 *
 * The derived rows (what the fold changed since its last flush, and the fold's position) are
 * written in the transaction of a batch only when the fold holds more than `flushRows` unwritten
 * rows, and always in the last one (the tree is complete, or the sync stops early and keeps what it
 * verified). Each flush rewrites the whole row of every entity it touched (an agent's row is about
 * 2 KB), and most entries touch an agent: flushing every batch rewrote each active agent once per
 * 16k entries, which was the larger part of a long sync's writes. Between flushes the derived tables
 * lag the stored entries, always by whole batches and with `fold_state` saying how far they reach;
 * after a crash the next sync folds the rest from the stored entries first (catch-up-fold.ts) and
 * `db check` compares the derived tables at the fold's position.
 */
import { equalBytes } from '../../core/encoding/bytes.ts';
import { bytesToHex } from '../../core/encoding/hex.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { applySignatureResults, judgeEntries, type JudgedEntries } from '../replica/entry-checks.ts';
import type { FoldSession } from '../replica/fold-session.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import type { EntryEnvelope } from '../replica/replica-store.ts';
import type { DerivedStateWriter } from '../replica/state-writer.ts';
import { abortError } from './http-get.ts';
import { orderedFetch } from './ordered-fetch.ts';
import type { SignatureVerifier } from './signature-verifier.ts';
import { fetchBundleOnce, fetchTileOnce, retrying } from './source-fetch.ts';
import { checkAgainstParent, parentReader, type TreeContext } from './tree-phase.ts';
import type { TreeTiles } from './tree-tiles.ts';

export interface EntryContext extends TreeContext {
  readonly batchEntries: number;
  /** Unwritten derived rows above which a batch's transaction flushes the fold (default FLUSH_ROWS). */
  readonly flushRows?: number;
  readonly verifier: SignatureVerifier;
  readonly fold: FoldSession;
  readonly writer: DerivedStateWriter;
}

interface Unit {
  readonly index: number;
  readonly width: number;
  readonly tile: Uint8Array;
  readonly entries: Uint8Array[];
}

/**
 * Unwritten derived rows (fold-session.ts `unflushed`, in entity rows) above which a batch's
 * transaction flushes the fold. It also bounds what the fold holds in memory between flushes: at
 * most 16,384 changed entities (an agent is about 4 KB of heap) or four times as many history rows.
 * Measured on the 1M-entry demo log (48,000 agents), same driver, one run each: 16,384 synced it in
 * 179 s with a peak RSS of 375 MB, 8,192 in 222 s with 331 MB (both runs counted the larger of
 * the entities and the history rows, not their sum; on this log the two differ by under a tenth).
 * A narrower window rewrites and re-reads more agents (fold-session.ts drops them after each
 * flush), and speed won.
 */
export const FLUSH_ROWS = 16_384;

/** Entries parsed at once and sent to the verify workers as one job. */
export const VERIFY_CHUNK = 2048;

/**
 * Chunks verified ahead of the one being folded, so that the workers keep working while this thread
 * folds and commits. Since the workers also test and cut the entries (entry-checks.ts), one chunk
 * left them idle about 28% of a 1M sync while this thread folded the previous one. Two: whole 1M
 * syncs took 168.1 and 177.8 s against 181.0 and 180.4 s with one (alternating, same driver; inside
 * this machine's noise, but in both pairs), peak RSS 367-368 MB against 364 MB. A chunk waiting
 * holds its raw bytes, and its parsed entries once its verdicts are in.
 */
const CHUNKS_AHEAD = 2;

interface PreparedChunk {
  readonly units: Unit[];
  readonly to: number;
  /** The chunk's new entries with their signatures judged, each parsed when the fold asks for it. */
  readonly checked: Promise<JudgedEntries>;
}

/** Folded entries waiting for their batch's transaction. */
interface PendingBatch {
  from: number;
  to: number;
  units: Unit[];
  entries: { readonly index: number; readonly bytes: Uint8Array; readonly envelope: EntryEnvelope }[];
}

/**
 * Fetches, verifies and applies entries [from, tiles.size) (see the module comment), calling
 * `finish()` inside the transaction of the last batch (or in its own if there is nothing to fetch).
 * Returns the number of entries applied and rejected. Throws ReplicaError, or what the store throws.
 */
export async function syncEntries(
  ctx: EntryContext,
  tiles: TreeTiles,
  from: number,
  finish: () => void,
  onCommit: (cursor: number) => void,
): Promise<{ added: number; rejected: number }> {
  const size = tiles.size;
  const rejectedBefore = ctx.fold.rejected;
  if (from >= size) {
    ctx.store.transaction(finish);
    return { added: 0, rejected: 0 };
  }
  const parents = parentReader(ctx, 1);
  const firstTile = Math.floor(from / 256);
  const endTile = Math.ceil(size / 256);
  const fetchUnit = (index: number): Promise<Unit> => retrying(ctx, () => fetchUnitOnce(ctx, tiles, parents, index));
  // At least four chunks when there is little to do, so that verifying some overlaps folding the
  // others (a small incremental sync would otherwise wait for its single chunk).
  const chunkEntries = Math.min(VERIFY_CHUNK, ctx.batchEntries, Math.max(256, Math.ceil((size - from) / 4)));
  // Likewise at least four batches, so that committing one overlaps verifying the next: a single
  // batch would leave the workers idle during its whole commit.
  const batchEntries = Math.min(ctx.batchEntries, Math.max(chunkEntries, Math.ceil((size - from) / 4)));
  const pending: PendingBatch = { from, to: from, units: [], entries: [] };
  const commit = (last = false): void => commitPending(ctx, pending, size, finish, onCommit, last);
  // The last commit of this run: the pending batch with a flush, or the flush alone (see the module comment).
  const close = (): void => {
    if (pending.to > pending.from) commit(true);
    else if (ctx.fold.hasUnflushed) ctx.store.transaction(() => ctx.fold.flush(ctx.writer));
  };

  const queued: PreparedChunk[] = [];
  // False while a chunk is being folded or committed: if that fails, the fold may be ahead of what
  // was written, and nothing more may be committed.
  let salvageable = true;
  const foldNext = async (chunk: PreparedChunk): Promise<void> => {
    const items = await chunk.checked;
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    salvageable = false;
    foldChunk(ctx, chunk, items, pending, size, batchEntries, commit);
    salvageable = true;
  };
  let units: Unit[] = [];
  let chunkFrom = from;
  try {
    for await (const unit of orderedFetch(firstTile, endTile, ctx.concurrency, fetchUnit)) {
      units.push(unit);
      const unitEnd = unit.index * 256 + unit.width;
      if (unitEnd - chunkFrom < chunkEntries && unitEnd < size) continue;
      queued.push(prepareChunk(ctx, units, chunkFrom, unitEnd));
      units = [];
      chunkFrom = unitEnd;
      if (queued.length > CHUNKS_AHEAD) await foldNext(queued.shift() as PreparedChunk);
    }
  } catch (error) {
    // Keep what is already verified (a fetch failed later on, or the sync was cancelled): the next
    // sync resumes after it. Chunks still being verified are dropped when cancelled.
    if (salvageable) {
      try {
        if (!ctx.signal.aborted) for (const chunk of queued) await foldNext(chunk);
        close();
      } catch {
        // The original error is the one to report.
      }
    }
    throw error;
  }
  for (const chunk of queued) await foldNext(chunk);
  close();
  return { added: size - from, rejected: ctx.fold.rejected - rejectedBefore };
}

async function fetchUnitOnce(ctx: EntryContext, tiles: TreeTiles, parents: (index: number) => Uint8Array, index: number): Promise<Unit> {
  const width = tiles.widthOf(0, index);
  const [tile, entries] = await Promise.all([
    width < 256 ? Promise.resolve(tiles.get(0, index)) : fetchTileOnce(ctx, 0, index, 256),
    fetchBundleOnce(ctx, index, width),
  ]);
  if (width === 256) checkAgainstParent(tile, parents(index), 0, index, ctx.hasher);
  for (let j = 0; j < width; j++) {
    const leaf = ctx.hasher.hashLeaf(entries[j] as Uint8Array);
    if (!equalBytes(leaf, tile.subarray(j * 32, (j + 1) * 32))) {
      throw new ReplicaError('SYNC_TILES_INCONSISTENT', `entry ${index * 256 + j} does not hash to its leaf in tile 0/${index}`, {
        details: { index: index * 256 + j, expected: bytesToHex(tile.subarray(j * 32, (j + 1) * 32)), computed: bytesToHex(leaf) },
      });
    }
  }
  return { index, width, tile, entries };
}

/**
 * Starts judging the chunk's new entries: the verify pool's workers test that each is canonical and
 * verify its signatures; when they answer, this thread verifies the signatures of any entry they
 * left undecided (entry-checks.ts `judgeEntries`); the others are parsed as they are folded.
 */
function prepareChunk(ctx: EntryContext, units: Unit[], from: number, to: number): PreparedChunk {
  const fresh: { index: number; bytes: Uint8Array }[] = [];
  for (const unit of units) {
    for (let j = 0; j < unit.width; j++) {
      const index = unit.index * 256 + j;
      if (index >= from) fresh.push({ index, bytes: unit.entries[j] as Uint8Array });
    }
  }
  const checked = ctx.verifier.checkEntries(fresh.map((f) => f.bytes)).then(async (verdicts) => {
    const checks: SignatureCheck[] = [];
    const { judged, undecided } = judgeEntries(fresh, verdicts, checks);
    if (checks.length > 0) applySignatureResults(undecided, await ctx.verifier.verify(checks));
    return judged;
  });
  checked.catch(() => undefined);
  return { units, to, checked };
}

/**
 * Folds a chunk's judged entries (`items`, each parsed now; in memory, the derived rows are written
 * at a flush) and keeps its raw entries for the commit, which happens when the batch is full or the
 * tree is complete.
 */
function foldChunk(
  ctx: EntryContext,
  chunk: PreparedChunk,
  items: JudgedEntries,
  pending: PendingBatch,
  size: number,
  batchEntries: number,
  commit: () => void,
): void {
  for (let i = 0; i < items.length; i++) {
    const item = items.at(i);
    ctx.fold.fold(item);
    pending.entries.push({ index: item.index, bytes: item.bytes, envelope: envelopeOf(item.entry) });
  }
  for (const unit of chunk.units) pending.units.push(unit);
  pending.to = chunk.to;
  if (pending.to - pending.from >= batchEntries || pending.to === size) commit();
}

/**
 * Writes the pending batch in one transaction, with the fold's rows if it holds too many or this is
 * the `last` commit or the tree is complete (see the module comment), and starts the next batch.
 */
function commitPending(
  ctx: EntryContext,
  pending: PendingBatch,
  size: number,
  finish: () => void,
  onCommit: (cursor: number) => void,
  last: boolean,
): void {
  const { from, to } = pending;
  ctx.store.transaction(() => {
    for (const unit of pending.units) ctx.store.putTile(ctx.originId, 0, unit.index, unit.width, unit.tile);
    for (const entry of pending.entries) ctx.store.insertEntry(ctx.originId, entry.index, entry.bytes, entry.envelope);
    if (last || to === size || ctx.fold.unflushed > (ctx.flushRows ?? FLUSH_ROWS)) ctx.fold.flush(ctx.writer);
    ctx.store.advanceCursor(ctx.originId, from, to);
    if (to === size) finish();
  });
  pending.from = to;
  pending.units = [];
  pending.entries = [];
  ctx.watchdog.touch();
  onCommit(to);
}

function envelopeOf(entry: LogEntry | undefined): EntryEnvelope {
  if (entry === undefined) return { type: null, tenant: null, subject: null, time: null };
  return { type: entry.type, tenant: entry.tenant, subject: entry.subject, time: entry.time };
}
