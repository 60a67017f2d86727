/**
 * Streaming the entries of a verified tree into the replica, in bounded batches.
 *
 * Per level-0 tile t (256 entries): the hash tile and the entry bundle are fetched together (up to
 * `concurrency` tiles ahead, orderedFetch). A full tile must hash to its verified parent (node 8 of
 * index t, tree-phase.ts); the partial last tile IS the verified right edge. Every entry of the
 * bundle must hash (RFC 9162 leaf hash) to its hash in the tile: so every stored byte is bound to the
 * signed root. A mismatch is SYNC_TILES_INCONSISTENT and that tile is fetched again (retry.ts).
 *
 * Then per batch (about `batchEntries` entries): each new entry is parsed strictly (canonical JCS,
 * schemas), its signatures are verified in bulk (worker threads), and in ONE transaction the batch's
 * tiles, raw entries, fold results and derived rows are written and the cursor moves (compare-and-
 * set). The batch that reaches the tree size also records the checkpoint as verified, in the same
 * transaction: a crash anywhere leaves a whole number of batches and a checkpoint that is verified
 * only if all its entries are in. Two batches are in flight: while the workers verify batch k, this
 * thread commits batch k−1 and parses batch k+1.
 */
import { equalBytes } from '../../core/encoding/bytes.ts';
import { bytesToHex } from '../../core/encoding/hex.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { applySignatureResults, prepareEntries, toFoldItem, type CheckedEntry } from '../replica/entry-checks.ts';
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

interface PreparedBatch {
  readonly units: Unit[];
  readonly items: CheckedEntry[];
  readonly from: number;
  readonly to: number;
  readonly verified: Promise<Uint8Array>;
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
  // At least four batches when there is little to do, so that verifying one overlaps committing
  // the previous (a small incremental sync would otherwise wait for its single batch).
  const batchEntries = Math.min(ctx.batchEntries, Math.max(256, Math.ceil((size - from) / 4)));

  let previous: PreparedBatch | undefined;
  let units: Unit[] = [];
  let batchFrom = from;
  try {
    for await (const unit of orderedFetch(firstTile, endTile, ctx.concurrency, fetchUnit)) {
      units.push(unit);
      const unitEnd = unit.index * 256 + unit.width;
      if (unitEnd - batchFrom < batchEntries && unitEnd < size) continue;
      const prepared = prepareBatch(ctx, units, batchFrom, unitEnd);
      if (previous !== undefined) await commitBatch(ctx, previous, size, finish, onCommit);
      previous = prepared;
      units = [];
      batchFrom = unitEnd;
    }
  } catch (error) {
    // Keep what is already verified (a fetch failed later on): the next sync resumes after it.
    if (previous !== undefined && !ctx.signal.aborted) await commitBatch(ctx, previous, size, finish, onCommit).catch(() => undefined);
    throw error;
  }
  if (previous !== undefined) await commitBatch(ctx, previous, size, finish, onCommit);
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

/** Parses the batch's new entries and starts verifying their signatures. */
function prepareBatch(ctx: EntryContext, units: Unit[], from: number, to: number): PreparedBatch {
  const fresh: { index: number; bytes: Uint8Array }[] = [];
  for (const unit of units) {
    for (let j = 0; j < unit.width; j++) {
      const index = unit.index * 256 + j;
      if (index >= from) fresh.push({ index, bytes: unit.entries[j] as Uint8Array });
    }
  }
  const checks: SignatureCheck[] = [];
  const items = prepareEntries(fresh, checks);
  const verified = ctx.verifier.verify(checks);
  verified.catch(() => undefined);
  return { units, items, from, to, verified };
}

async function commitBatch(
  ctx: EntryContext,
  batch: PreparedBatch,
  size: number,
  finish: () => void,
  onCommit: (cursor: number) => void,
): Promise<void> {
  const results = await batch.verified;
  if (ctx.signal.aborted) throw abortError(ctx.signal);
  applySignatureResults(batch.items, results);
  ctx.store.transaction(() => {
    for (const unit of batch.units) ctx.store.putTile(ctx.originId, 0, unit.index, unit.width, unit.tile);
    for (const item of batch.items) ctx.store.insertEntry(ctx.originId, item.index, item.bytes, envelopeOf(item.entry));
    for (const item of batch.items) ctx.fold.fold(toFoldItem(item));
    ctx.fold.flush(ctx.writer);
    ctx.store.advanceCursor(ctx.originId, batch.from, batch.to);
    if (batch.to === size) finish();
  });
  ctx.watchdog.touch();
  onCommit(batch.to);
}

function envelopeOf(entry: LogEntry | undefined): EntryEnvelope {
  if (entry === undefined) return { type: null, tenant: null, subject: null, time: null };
  return { type: entry.type, tenant: entry.tenant, subject: entry.subject, time: entry.time };
}
