/**
 * Check 3 and the data half of check 2: one streaming pass over the log up to the newest checkpoint,
 * entry bundle by entry bundle (C2SP tlog-tiles), holding one bundle and one tile per level at a time.
 *
 * - Every entry is hashed (RFC 9162 leaf hash) and every interior node recomputed once
 *   (tree-scan.ts); every stored hash tile, at every level, is compared with the recomputed hashes.
 * - At each checkpoint size the root is recomputed from the data and compared with every valid
 *   checkpoint of that size; between consecutive sizes an RFC 9162 consistency proof is built from
 *   the recomputed nodes and verified against the two signed roots (never a stored proof). When it
 *   fails, the same proof is built once more from the stored hash tiles: any proof that verifies
 *   proves the two signed roots consistent, so a fault in the entries alone is not reported as a
 *   fork (check 3 reports it); only when neither links them is the pair CHECKPOINT_INCONSISTENT.
 * - The nodes of the sample's inclusion proofs are captured on the way.
 * - Missing tiles: a missing partial tile may be replaced by a stored wider or full one (tlog-tiles
 *   lets logs delete partials); an entry bundle that is missing or cut short leaves its leaves to the
 *   level-0 hash tile if there is one (so roots can still be checked) and the replay stops there;
 *   with neither, the scan stops and later checkpoints cannot be recomputed.
 * The entries themselves are handed on in batches (`batches()`) for parsing and replay.
 *
 * Tile bytes are attacker-controlled: sizes and framing are checked before use; all tiles read are
 * also fed, in processing order, to the input digest of the verification record.
 */
import { createHash, type Hash } from 'node:crypto';
import { bytesToBase64, equalBytes } from '../../core/encoding/index.ts';
import { isProtocolError, ProtocolError } from '../../core/errors.ts';
import { verifyConsistency } from '../../core/merkle/consistency.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { verifyInclusion } from '../../core/merkle/inclusion.ts';
import { generateConsistencyProof, generateInclusionProof } from '../../core/merkle/proof-gen.ts';
import { tileWidthAt } from '../../core/tiles/tile-geometry.ts';
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import type { EvidenceSource, TileKind } from './evidence-source.ts';
import { makeFinding, type Finding } from './findings.ts';
import { capturedNodes, nodesRead, type NodeRef } from './proof-plan.ts';
import { TreeScanner, type NodeSink } from './tree-scan.ts';
import type { ValidCheckpoint } from './checkpoints.ts';

const WIDTH = 256;
const READ_AHEAD = 4;

/** One entry slot handed on: its index and stored bytes (undefined when the bundle lacks it). */
export interface ScannedEntry {
  readonly index: number;
  readonly bytes: Uint8Array | undefined;
}

export interface ScanOptions {
  readonly source: EvidenceSource;
  readonly hasher: MerkleHasher;
  /** Size of the newest valid checkpoint: the scan covers [0, size). */
  readonly size: number;
  /** Valid checkpoints (check 1 passed), any order. Ignored in `entriesOnly` mode. */
  readonly checkpoints: readonly ValidCheckpoint[];
  /** Entry indices whose inclusion proof against `size` is wanted. */
  readonly sample: readonly number[];
  /** Bundles per batch handed on. */
  readonly batchBundles: number;
  readonly signal?: AbortSignal;
  /** Second pass: read entry bundles only, no findings, no tiles (the root is still recomputed). */
  readonly entriesOnly?: boolean;
}

interface TileRead {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly path: string;
}

interface PendingTile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
  readonly hashes: Uint8Array;
}

export class LogScan {
  readonly #o: ScanOptions;
  readonly #scanner: TreeScanner;
  readonly findings: Finding[] = [];
  /** Roots recomputed at each checkpoint size reached (decimal size → root). */
  readonly roots = new Map<number, Uint8Array>();
  /** Leaves known (hashed from entries or taken from a level-0 tile); < size if the scan stopped. */
  scanned = 0;
  /** Where the entries stop being available (replay must stop), if they do. */
  entriesStopAt: number | undefined;
  entryBundlesRead = 0;
  hashTilesRead = 0;
  readonly #digest: Hash = createHash('sha256');
  readonly #sizes: number[];
  readonly #bySize = new Map<number, ValidCheckpoint[]>();
  #nextSize = 0;
  #pair: { from: number; nodes: NodeSink; captured: NodeSink; to: number } | undefined;
  readonly #sampleNodes: NodeSink = new Map();
  readonly #tileBuffers: { bytes: Uint8Array; count: number; index: number }[] = [];
  readonly #pendingTiles: PendingTile[] = [];
  readonly #failedPairs: { older: ValidCheckpoint; newer: ValidCheckpoint }[] = [];
  // Bundles whose entries disagree with their level-0 hashes, or are missing or malformed: a higher
  // tile over them is expected to disagree with hashes recomputed from those entries.
  readonly #badBundles: number[] = [];

  constructor(options: ScanOptions) {
    this.#o = options;
    this.#scanner = new TreeScanner(options.hasher, options.entriesOnly ? undefined : (level, hash) => this.#onTileNode(level, hash));
    if (!options.entriesOnly) {
      for (const c of options.checkpoints) {
        const size = Number(c.size);
        if (size > options.size) continue;
        this.#bySize.set(size, [...(this.#bySize.get(size) ?? []), c]);
      }
    }
    this.#sizes = [...this.#bySize.keys()].sort((a, b) => a - b);
    for (const index of options.entriesOnly ? [] : options.sample) {
      this.#scanner.want(0, index, this.#sampleNodes);
      for (const node of nodesRead((src) => generateInclusionProof(src, BigInt(index), BigInt(options.size), options.hasher))) {
        this.#scanner.want(node.level, node.index, this.#sampleNodes);
      }
    }
  }

  /** SHA-256 (hex) over every tile read, in processing order: "<path> <length>\n" ‖ bytes each. */
  digestHex(): string {
    return this.#digest.copy().digest('hex');
  }

  /** The recomputed root of the whole scanned range, when the scan reached `size`. */
  get root(): Uint8Array | undefined {
    return this.roots.get(this.#o.size) ?? (this.scanned === this.#o.size ? this.#scanner.root() : undefined);
  }

  /** Streams the log; yields the entries of each batch of bundles, in order. */
  async *batches(): AsyncGenerator<ScannedEntry[]> {
    const { size, batchBundles, signal } = this.#o;
    const bundleCount = Math.ceil(size / WIDTH);
    this.#nextSize = this.#sizes[0] ?? -1;
    if (this.#nextSize === 0) this.#atSize();
    const ahead: Promise<[TileRead | undefined, TileRead | undefined]>[] = [];
    const request = (b: number): Promise<[TileRead | undefined, TileRead | undefined]> => {
      const width = this.#bundleWidth(b);
      const reads = Promise.all([this.#read('entries', b, width), this.#o.entriesOnly ? Promise.resolve(undefined) : this.#read(0, b, width)]);
      // Read ahead: a failure is rethrown when its turn comes, never reported as unhandled before.
      reads.catch(() => undefined);
      return reads;
    };
    for (let b = 0; b < Math.min(READ_AHEAD, bundleCount); b++) ahead.push(request(b));
    let batch: ScannedEntry[] = [];
    for (let b = 0; b < bundleCount; b++) {
      if (signal?.aborted) throw new ProtocolError('VERIFY_CANCELLED', 'verification cancelled');
      const [bundle, tile] = await (ahead.shift() as Promise<[TileRead | undefined, TileRead | undefined]>);
      if (b + READ_AHEAD < bundleCount) ahead.push(request(b + READ_AHEAD));
      const ok = this.#processBundle(b, bundle, tile, batch);
      if (this.#pendingTiles.length > 0) await this.#checkPendingTiles();
      if (!ok || batch.length >= batchBundles * WIDTH) {
        yield batch;
        batch = [];
      }
      if (!ok) break;
    }
    if (batch.length > 0) yield batch;
    await Promise.allSettled(ahead);
    if (!this.#o.entriesOnly && this.scanned === size) {
      this.#flushPartialTiles();
      await this.#checkPendingTiles();
      await this.#checkBeyond(bundleCount);
    }
    if (!this.#o.entriesOnly) {
      await this.#recheckPairs();
      for (const s of this.#sizes) {
        if (s > this.scanned) {
          for (const c of this.#bySize.get(s) ?? []) {
            this.findings.push(
              makeFinding('CHECKPOINT_DATA_MISSING', {
                message: `the root of checkpoint ${c.source} (size ${s}) cannot be recomputed: leaves from index ${this.scanned} on are missing`,
                source: c.source,
                size: c.size,
                index: this.scanned,
              }),
            );
          }
        }
      }
    }
  }

  /**
   * The inclusion proof of sampled leaf `index` against the scanned tree, checked against the
   * recomputed root; undefined if the scan did not complete.
   */
  sampleProof(index: number): { leafHash: Uint8Array; proof: Uint8Array[] } | undefined {
    const root = this.root;
    if (root === undefined) return undefined;
    const source = capturedNodes(this.#sampleNodes);
    const leafHash = source.getNode(0, BigInt(index));
    const proof = generateInclusionProof(source, BigInt(index), BigInt(this.#o.size), this.#o.hasher);
    verifyInclusion(BigInt(index), BigInt(this.#o.size), leafHash, proof, root, this.#o.hasher);
    return { leafHash, proof };
  }

  #bundleWidth(b: number): number {
    const rest = this.#o.size - b * WIDTH;
    return rest >= WIDTH ? WIDTH : rest;
  }

  async #read(kind: TileKind, index: number, width: number): Promise<TileRead | undefined> {
    const { source } = this.#o;
    const big = BigInt(index);
    const readExact = (w: number): Promise<Uint8Array | undefined> =>
      kind === 'entries' ? source.readEntryBundle(big, w) : source.readHashTile(kind, big, w);
    const pathOf = (w: number): string => (kind === 'entries' ? formatEntryBundlePath(big, w) : formatTilePath(kind, big, w));
    const exact = await readExact(width);
    if (exact !== undefined) return { bytes: exact, width, path: pathOf(width) };
    const wider = (await source.storedWidths(kind, big)).find((w) => w > width);
    if (wider === undefined) return undefined;
    const bytes = await readExact(wider);
    return bytes === undefined ? undefined : { bytes, width: wider, path: pathOf(wider) };
  }

  #record(read: TileRead): void {
    this.#digest.update(`${read.path} ${read.bytes.length}\n`);
    this.#digest.update(read.bytes);
  }

  /** Handles bundle `b`; appends its entries to `out`. False when the scan cannot go on. */
  #processBundle(b: number, bundle: TileRead | undefined, tile: TileRead | undefined, out: ScannedEntry[]): boolean {
    const width = this.#bundleWidth(b);
    const start = b * WIDTH;
    const report = !this.#o.entriesOnly;
    let entries: Uint8Array[] | undefined;
    if (bundle === undefined) {
      if (report) this.findings.push(makeFinding('TILE_MISSING', { message: `entry bundle ${formatEntryBundlePath(BigInt(b), width)} (entries ${start}–${start + width - 1}) is missing`, index: start }));
    } else {
      this.entryBundlesRead++;
      this.#record(bundle);
      try {
        entries = splitEntryBundle(bundle.bytes);
        const expected = bundle.width;
        if (entries.length !== expected && report) {
          const at = start + Math.min(entries.length, width);
          this.findings.push(
            makeFinding('TILE_MALFORMED', {
              message: `entry bundle ${bundle.path} holds ${entries.length} entries, not ${expected}`,
              index: at,
            }),
          );
        }
        if (entries.length > width) entries = entries.slice(0, width);
      } catch (error) {
        entries = undefined;
        if (report) {
          this.findings.push(
            makeFinding('TILE_MALFORMED', { message: `entry bundle ${bundle.path}: ${isProtocolError(error) ? error.message : String(error)}`, index: start }),
          );
        }
      }
    }
    let tileBytes: Uint8Array | undefined;
    if (report) {
      if (tile === undefined) {
        this.findings.push(makeFinding('TILE_MISSING', { message: `hash tile ${formatTilePath(0, BigInt(b), width)} is missing`, index: start }));
      } else {
        this.hashTilesRead++;
        this.#record(tile);
        if (tile.bytes.length !== tile.width * 32) {
          this.findings.push(makeFinding('TILE_MALFORMED', { message: `hash tile ${tile.path} is ${tile.bytes.length} bytes, not ${tile.width * 32}`, index: start }));
        } else {
          tileBytes = tile.bytes;
        }
      }
    }
    let mismatches = 0;
    let firstMismatch = -1;
    for (let k = 0; k < width; k++) {
      const index = start + k;
      const entry = entries?.[k];
      let leaf: Uint8Array;
      if (entry !== undefined) {
        leaf = this.#o.hasher.hashLeaf(entry);
        if (tileBytes !== undefined && !equalAt(tileBytes, k * 32, leaf)) {
          mismatches++;
          if (firstMismatch < 0) firstMismatch = index;
        }
      } else if (tileBytes !== undefined) {
        leaf = tileBytes.slice(k * 32, k * 32 + 32);
      } else {
        if (report) this.findings.push(makeFinding('TILE_MISSING', { message: `neither entry ${index} nor its leaf hash is in the evidence: the scan stops`, index }));
        this.entriesStopAt ??= index;
        return false;
      }
      if (entry === undefined) this.entriesStopAt ??= index;
      out.push({ index, bytes: entry });
      this.#scanner.pushLeafHash(leaf);
      this.scanned = index + 1;
      if (this.scanned === this.#nextSize) this.#atSize();
    }
    if (mismatches > 0) {
      this.findings.push(
        makeFinding('TILE_HASH_MISMATCH', {
          message: `hash tile ${tile?.path ?? ''}: ${mismatches} leaf hash(es) differ from the hashes of the stored entries, first at entry ${firstMismatch}`,
          index: firstMismatch,
        }),
      );
    }
    if (mismatches > 0 || entries === undefined || entries.length < width) this.#badBundles.push(b);
    return true;
  }

  // At a checkpoint size (including 0): recomputed root vs signed roots, consistency with the
  // previous size, and the plan of the nodes the next consistency proof needs.
  #atSize(): void {
    const size = this.#scanner.size;
    const { hasher } = this.#o;
    const root = this.#scanner.root();
    this.roots.set(size, root);
    const here = this.#bySize.get(size) ?? [];
    for (const c of here) {
      if (!equalBytes(c.root, root)) {
        this.findings.push(
          makeFinding('CHECKPOINT_ROOT_MISMATCH', {
            message: `checkpoint ${c.source} (size ${size}) signs root ${bytesToBase64(c.root)}, but the entries hash to ${bytesToBase64(root)}`,
            source: c.source,
            size: c.size,
          }),
        );
      }
    }
    const pair = this.#pair;
    if (pair !== undefined && pair.to === size) {
      const proof = generateConsistencyProof(capturedNodes(pair.nodes, pair.captured), BigInt(pair.from), BigInt(size), hasher);
      const older = (this.#bySize.get(pair.from) ?? [])[0] as ValidCheckpoint;
      const newer = here[0] as ValidCheckpoint;
      try {
        verifyConsistency(BigInt(pair.from), BigInt(size), older.root, newer.root, proof, hasher);
      } catch {
        // The proof from the entries fails: either the checkpoints are inconsistent, or the entries
        // are not what they signed (reported by check 3). Decided after the scan (#recheckPairs).
        this.#failedPairs.push({ older, newer });
      }
      this.#pair = undefined;
    }
    const next = this.#sizes.find((s) => s > size);
    this.#nextSize = next ?? -1;
    if (next !== undefined && size > 0) {
      const nodes: NodeSink = new Map();
      for (const n of this.#scanner.compactNodes()) nodes.set(`${n.level}/${n.index}`, n.hash);
      const captured: NodeSink = new Map();
      for (const need of nodesRead((src) => generateConsistencyProof(src, BigInt(size), BigInt(next), hasher))) {
        if (!nodes.has(`${need.level}/${need.index}`)) this.#scanner.want(need.level, need.index, captured);
      }
      this.#pair = { from: size, nodes, captured, to: next };
    }
  }

  /**
   * Consecutive checkpoints whose consistency proof from the entries failed. A consistency proof
   * that verifies proves consistency whatever its origin, so the proof is tried once more from the
   * stored hash tiles: if it verifies, the two signed checkpoints are consistent and the fault is in
   * the entries (check 3 reports it); if not, no evidence links them: CHECKPOINT_INCONSISTENT.
   */
  async #recheckPairs(): Promise<void> {
    const { hasher } = this.#o;
    for (const { older, newer } of this.#failedPairs.splice(0)) {
      const needs = nodesRead((src) => generateConsistencyProof(src, older.size, newer.size, hasher));
      const nodes = await this.#nodesFromStoredTiles(needs);
      let consistent = false;
      if (nodes !== undefined) {
        try {
          verifyConsistency(older.size, newer.size, older.root, newer.root, generateConsistencyProof(capturedNodes(nodes), older.size, newer.size, hasher), hasher);
          consistent = true;
        } catch {
          consistent = false;
        }
      }
      if (!consistent) {
        this.findings.push(
          makeFinding('CHECKPOINT_INCONSISTENT', {
            message: `checkpoints ${older.source} (size ${older.size}) and ${newer.source} (size ${newer.size}) are not consistent: no consistency proof from the entries or the stored tiles links their roots`,
            source: newer.source,
            size: newer.size,
          }),
        );
      }
    }
  }

  /** Complete nodes computed from the stored hash tiles of the newest size; undefined if a tile is missing or short. */
  async #nodesFromStoredTiles(needs: readonly NodeRef[]): Promise<NodeSink | undefined> {
    const sink: NodeSink = new Map();
    const tiles = new Map<string, Uint8Array | undefined>();
    for (const { level, index } of needs) {
      const tileLevel = Math.floor(level / 8);
      const span = 2 ** (level - 8 * tileLevel);
      const first = index * span;
      const tileIndex = Math.floor(first / WIDTH);
      const offset = first % WIDTH;
      const key = `${tileLevel}/${tileIndex}`;
      if (!tiles.has(key)) {
        const width = tileWidthAt(tileLevel, BigInt(tileIndex), BigInt(this.#o.size));
        tiles.set(key, width === 0 ? undefined : (await this.#read(tileLevel, tileIndex, width))?.bytes);
      }
      const bytes = tiles.get(key);
      if (bytes === undefined || bytes.length < (offset + span) * 32) return undefined;
      let row: Uint8Array[] = [];
      for (let k = 0; k < span; k++) row.push(bytes.subarray((offset + k) * 32, (offset + k + 1) * 32));
      while (row.length > 1) {
        const next: Uint8Array[] = [];
        for (let k = 0; k < row.length; k += 2) next.push(this.#o.hasher.hashChildren(row[k] as Uint8Array, row[k + 1] as Uint8Array));
        row = next;
      }
      sink.set(`${level}/${index}`, row[0] as Uint8Array);
    }
    return sink;
  }

  // A recomputed node at tile level >= 1 (tree level 8·level): collect into that level's tile.
  #onTileNode(level: number, hash: Uint8Array): void {
    let buffer = this.#tileBuffers[level];
    if (buffer === undefined) {
      buffer = { bytes: new Uint8Array(WIDTH * 32), count: 0, index: 0 };
      this.#tileBuffers[level] = buffer;
    }
    buffer.bytes.set(hash, buffer.count * 32);
    buffer.count++;
    if (buffer.count === WIDTH) {
      this.#pendingTiles.push({ level, index: buffer.index, width: WIDTH, hashes: buffer.bytes });
      this.#tileBuffers[level] = { bytes: new Uint8Array(WIDTH * 32), count: 0, index: buffer.index + 1 };
    }
  }

  #flushPartialTiles(): void {
    this.#tileBuffers.forEach((buffer, level) => {
      if (buffer !== undefined && buffer.count > 0) {
        this.#pendingTiles.push({ level, index: buffer.index, width: buffer.count, hashes: buffer.bytes.subarray(0, buffer.count * 32) });
      }
    });
  }

  async #checkPendingTiles(): Promise<void> {
    const jobs = this.#pendingTiles.splice(0);
    const reads = await Promise.all(jobs.map((job) => this.#read(job.level, job.index, job.width)));
    jobs.forEach((job, i) => {
      const read = reads[i];
      const firstLeaf = job.index * WIDTH * WIDTH ** job.level;
      if (read === undefined) {
        this.findings.push(makeFinding('TILE_MISSING', { message: `hash tile ${formatTilePath(job.level, BigInt(job.index), job.width)} is missing`, index: firstLeaf }));
        return;
      }
      this.hashTilesRead++;
      this.#record(read);
      if (read.bytes.length !== read.width * 32) {
        this.findings.push(makeFinding('TILE_MALFORMED', { message: `hash tile ${read.path} is ${read.bytes.length} bytes, not ${read.width * 32}`, index: firstLeaf }));
        return;
      }
      let mismatches = 0;
      let first = -1;
      const bundlesPerHash = WIDTH ** (job.level - 1);
      for (let k = 0; k < job.width; k++) {
        if (equalAt(read.bytes, k * 32, job.hashes.subarray(k * 32, k * 32 + 32))) continue;
        // Over entries already reported as not matching their leaf hashes, the difference is their
        // consequence, not a second fault in the tile.
        const fromBundle = (job.index * WIDTH + k) * bundlesPerHash;
        if (this.#badBundles.some((bad) => bad >= fromBundle && bad < fromBundle + bundlesPerHash)) continue;
        mismatches++;
        if (first < 0) first = k;
      }
      if (mismatches > 0) {
        this.findings.push(
          makeFinding('TILE_HASH_MISMATCH', {
            message: `hash tile ${read.path}: ${mismatches} hash(es) differ from the hashes recomputed from the entries, first covering entries from ${firstLeaf + first * WIDTH ** job.level}`,
            index: firstLeaf + first * WIDTH ** job.level,
          }),
        );
      }
    });
  }

  // Entries stored past the newest checkpoint: a wider last bundle, or a bundle after it.
  async #checkBeyond(bundleCount: number): Promise<void> {
    const { size, source } = this.#o;
    const partial = size % WIDTH;
    let stored = 0;
    if (partial !== 0) {
      const widths = await source.storedWidths('entries', BigInt(bundleCount - 1));
      stored += Math.max(0, (widths[widths.length - 1] ?? 0) - partial);
    }
    const next = await source.storedWidths('entries', BigInt(bundleCount));
    stored += next[next.length - 1] ?? 0;
    if (stored > 0) {
      this.findings.push(
        makeFinding('ENTRIES_BEYOND_CHECKPOINT', {
          message: `the evidence stores at least ${stored} entr${stored === 1 ? 'y' : 'ies'} from index ${size} on, past the newest checkpoint (size ${size}): no signed root covers them`,
          index: size,
        }),
      );
    }
  }
}

/**
 * The entries of an entry bundle (c2sp.org/tlog-tiles: uint16 big-endian length ‖ bytes, each) as
 * views into `bytes`, without copying: the same framing rules as `decodeEntryBundle` (1–256 entries
 * filling the bytes exactly; a truncated length or entry is malformed), which copies every entry.
 * Throws ENTRY_BUNDLE_MALFORMED.
 */
function splitEntryBundle(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (entries.length === WIDTH) throw bundleError(`${bytes.length - offset} bytes after entry ${WIDTH}`);
    if (offset + 2 > bytes.length) throw bundleError(`truncated length prefix at offset ${offset}`);
    const length = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
    const start = offset + 2;
    if (start + length > bytes.length) throw bundleError(`entry ${entries.length} truncated`);
    entries.push(bytes.subarray(start, start + length));
    offset = start + length;
  }
  if (entries.length === 0) throw bundleError('empty bundle');
  return entries;
}

function bundleError(message: string): ProtocolError {
  return new ProtocolError('ENTRY_BUNDLE_MALFORMED', `malformed entry bundle: ${message}`);
}

function equalAt(bytes: Uint8Array, offset: number, hash: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (bytes[offset + i] !== hash[i]) return false;
  return true;
}
