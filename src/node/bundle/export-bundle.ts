/**
 * Exporting an evidence bundle from the replica (docs/protocol.md §12; issue 4 "Evidence bundles"):
 * the log of one origin in C2SP tlog-tiles layout up to a verified checkpoint, every checkpoint the
 * replica verified up to it (with its cosignatures, verbatim), when each was first seen, optionally
 * the registry's claimed state at that checkpoint, and manifest.json.
 *
 * Policy:
 * - only verified data leaves the replica: the checkpoint must be one the replica verified (status
 *   verified, size within the verified entries), the history holds verified checkpoints only
 *   (rejected and conflicting ones belong in fork evidence, `warden fork show`);
 * - the tiles are recomputed from the stored entries (RFC 9162 leaf and node hashes) and the root
 *   must equal the checkpoint's before the file appears: a damaged replica (REPLICA_CORRUPT: run
 *   `warden db check`) cannot export a bundle that would not verify;
 * - the replica keeps no claimed state, so a claimed state is included only when the caller passes
 *   one (as served by the registry's state API); it must name the same origin and tree size, and is
 *   stored byte for byte, a claim to check, never a truth;
 * - deterministic: the same replica, checkpoint, claimed state and tool version give the same file.
 * Memory: one tile of entries at a time, plus the right border of the tree.
 */
import { bytesToBase64, bytesToHex, equalBytes } from '../../core/encoding/index.ts';
import { ProtocolError } from '../../core/errors.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { encodeEntryBundle } from '../../core/tiles/entry-bundle.ts';
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import { nativeHasher } from '../merkle/native-hasher.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import { abortError } from '../sync/http-get.ts';
import type { CheckpointRecord, ReplicaStore } from '../replica/replica-store.ts';
import { parseClaimedState } from '../verify/claimed-state.ts';
import { checkpointHistoryPath, CLAIMED_STATE_PATH, LATEST_CHECKPOINT_PATH, SEEN_AT_PATH } from '../verify/layout-source.ts';
import { toolVersion } from '../verify/tool-version.ts';
import { TreeScanner } from '../verify/tree-scan.ts';
import { createBundleError } from './bundle-errors.ts';
import { BUNDLE_FORMAT, encodeManifest, MANIFEST_PATH, TOOL_NAME } from './bundle-format.ts';
import { BundleZipWriter } from './zip-writer.ts';

const WIDTH = 256;
const encoder = new TextEncoder();

export interface ExportBundleOptions {
  readonly store: ReplicaStore;
  readonly origin: string;
  /** Size of the checkpoint to export (one the replica verified); default the last verified one. */
  readonly checkpointSize?: number;
  /** The bundle file to write (replaced if it exists). */
  readonly out: string;
  /** The registry's claimed state at that checkpoint (warden.claimed-state/v1 bytes), if the caller has it. */
  readonly claimedState?: Uint8Array;
  /** Written into the manifest; default the package version. */
  readonly toolVersion?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { entriesDone: number; entriesTotal: number }) => void;
  readonly hasher?: MerkleHasher;
}

export interface ExportBundleResult {
  readonly file: string;
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHex: string;
  /** Members, manifest.json included. */
  readonly members: number;
  readonly checkpoints: number;
  readonly claimedState: boolean;
  readonly bytes: number;
  /** Lowercase hex SHA-256 of the bundle file. */
  readonly sha256: string;
}

/**
 * Writes the bundle (see the module policy). Throws ReplicaError REPLICA_ORIGIN_UNKNOWN,
 * REPLICA_CORRUPT; ProtocolError BUNDLE_CHECKPOINT_UNKNOWN, BUNDLE_WRITE_FAILED, INVALID_ARGUMENT
 * (a claimed state of another origin or size), JSON_* (a claimed state that is not JSON); ReplicaError
 * SYNC_CANCELLED (or the signal's ReplicaError reason) when aborted. Nothing is left at `out` when it throws.
 */
export async function exportBundle(options: ExportBundleOptions): Promise<ExportBundleResult> {
  const { store } = options;
  const origin = store.findOrigin(options.origin);
  if (origin === undefined) throw new ReplicaError('REPLICA_ORIGIN_UNKNOWN', `the replica holds no origin ${options.origin}`);
  const state = store.getSyncState(origin.id);
  const verified = store.listCheckpoints(origin.id).filter((c) => c.verified && c.size <= state.entries);
  const chosen = chooseCheckpoint(verified, state.verifiedCheckpointId, options.checkpointSize, origin.origin);
  const size = chosen.size;
  if (options.claimedState !== undefined) checkClaim(options.claimedState, origin.origin, size);
  const history = verified.filter((c) => c.size <= size);

  const writer = await BundleZipWriter.create(options.out);
  try {
    await writer.add(LATEST_CHECKPOINT_PATH, encoder.encode(chosen.note));
    const seenAt: Record<string, string> = {};
    let previous = -1;
    let n = 0;
    for (const c of history) {
      n = c.size === previous ? n + 1 : 0;
      previous = c.size;
      await writer.add(checkpointHistoryPath(BigInt(c.size), n), encoder.encode(c.note));
      seenAt[`${c.size}-${n}`] = formatTimestamp(c.firstSeenMs);
    }
    await writer.add(SEEN_AT_PATH, encoder.encode(`${JSON.stringify(seenAt, null, 1)}\n`));
    if (options.claimedState !== undefined) await writer.add(CLAIMED_STATE_PATH, options.claimedState);
    const root = await writeTiles(writer, options, origin.id, size);
    if (!equalBytes(root, chosen.root)) {
      throw new ReplicaError('REPLICA_CORRUPT', `the stored entries of ${origin.origin} hash to ${bytesToHex(root)} at size ${size}, not to the verified root ${bytesToHex(chosen.root)}: run warden db check`);
    }
    const manifest = encodeManifest({
      format: BUNDLE_FORMAT,
      tool: { name: TOOL_NAME, version: options.toolVersion ?? (await toolVersion()) },
      origin: origin.origin,
      tree_size: String(size),
      root_hash: bytesToBase64(chosen.root),
      claimed_state: options.claimedState !== undefined,
      members: writer.members,
    });
    const members = writer.members.length + 1;
    const written = await writer.finish(MANIFEST_PATH, manifest);
    return {
      file: written.file,
      origin: origin.origin,
      treeSize: size,
      rootHex: bytesToHex(chosen.root),
      members,
      checkpoints: history.length,
      claimedState: options.claimedState !== undefined,
      bytes: written.bytes,
      sha256: written.sha256,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function chooseCheckpoint(verified: readonly CheckpointRecord[], lastVerifiedId: number | null, size: number | undefined, origin: string): CheckpointRecord {
  const last = verified.find((c) => c.id === lastVerifiedId);
  if (size === undefined) {
    if (last === undefined) throw createBundleError('BUNDLE_CHECKPOINT_UNKNOWN', `the replica has verified no checkpoint of ${origin} yet`);
    return last;
  }
  if (last?.size === size) return last;
  const candidates = verified.filter((c) => c.size === size);
  const chosen = candidates[candidates.length - 1];
  if (chosen === undefined) {
    throw createBundleError('BUNDLE_CHECKPOINT_UNKNOWN', `the replica verified no checkpoint of ${origin} with size ${size}`, {
      sizes: [...new Set(verified.map((c) => c.size))].slice(-20),
    });
  }
  return chosen;
}

/** A claimed state must be one (warden.claimed-state/v1) for this origin and tree size. */
function checkClaim(bytes: Uint8Array, origin: string, size: number): void {
  const claim = parseClaimedState(bytes);
  if (claim.origin !== origin || claim.tree_size !== String(size)) {
    throw new ProtocolError('INVALID_ARGUMENT', `the claimed state is of ${claim.origin} at ${claim.tree_size}, not of ${origin} at ${size}`);
  }
}

/**
 * Writes entry bundles and hash tiles for entries [0, size) (c2sp.org/tlog-tiles; full tiles and
 * the partial tiles of `size`), tile by tile from the store, and returns the recomputed root.
 */
async function writeTiles(writer: BundleZipWriter, options: ExportBundleOptions, originId: number, size: number): Promise<Uint8Array> {
  const hasher = options.hasher ?? nativeHasher;
  const upper: Uint8Array[][] = [];
  const upperIndex: number[] = [];
  const completed: [number, number, Uint8Array[]][] = [];
  const scanner = new TreeScanner(hasher, (level, hash) => {
    const row = (upper[level] ??= []);
    row.push(hash);
    if (row.length === WIDTH) {
      const index = upperIndex[level] ?? 0;
      completed.push([level, index, row]);
      upper[level] = [];
      upperIndex[level] = index + 1;
    }
  });
  for (let tile = 0; tile * WIDTH < size; tile++) {
    if (options.signal?.aborted === true) throw abortError(options.signal);
    const from = tile * WIDTH;
    const width = Math.min(WIDTH, size - from);
    // Each tile is read by its own short query: no statement stays open across an await, so other
    // users of the connection are never blocked by the export.
    const entries: Uint8Array[] = [];
    for (const { index, data } of options.store.iterateEntries(originId, from, from + width)) {
      if (index !== from + entries.length) break;
      entries.push(data);
    }
    if (entries.length !== width) throw new ReplicaError('REPLICA_CORRUPT', `entry ${from + entries.length} of origin ${originId} is not stored`);
    const leaves = entries.map((e) => hasher.hashLeaf(e));
    for (const leaf of leaves) scanner.pushLeafHash(leaf);
    await writer.add(formatEntryBundlePath(tile, width), encodeEntryBundle(entries));
    await writer.add(formatTilePath(0, tile, width), joinHashes(leaves), { store: true });
    for (const [level, index, hashes] of completed.splice(0)) await writer.add(formatTilePath(level, index), joinHashes(hashes), { store: true });
    options.onProgress?.({ entriesDone: from + width, entriesTotal: size });
  }
  for (let level = 1; level < upper.length; level++) {
    const row = upper[level];
    if (row !== undefined && row.length > 0) await writer.add(formatTilePath(level, upperIndex[level] ?? 0, row.length), joinHashes(row), { store: true });
  }
  return scanner.root();
}

function joinHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * 32);
  hashes.forEach((h, i) => out.set(h, i * 32));
  return out;
}
