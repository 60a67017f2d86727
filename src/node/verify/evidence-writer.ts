/**
 * Writes evidence in the layout the verifier reads (evidence-source.ts): entry bundles and hash
 * tiles (C2SP tlog-tiles) for a list of entries, signed checkpoints at chosen sizes (with optional
 * witness cosignatures), and optionally a claimed state. For tests, benchmarks and demos: it signs
 * with the private log key it is given, streaming, so that a log of millions of entries is written
 * with flat memory.
 *
 * Layout written: `tile/entries/…` and `tile/<L>/…` for the final size (full tiles, and the partial
 * tiles of the final size only: tlog-tiles lets a log drop older partials), `checkpoints/<size>-0`
 * for every chosen size and the final one, `checkpoint` (the final one), `checkpoints/seen-at.json`
 * when `seenAt` is given, and `claimed-state.json` when given.
 */
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { concatBytes, writeUint64BE } from '../../core/encoding/bytes.ts';
import { utf8ToBytes } from '../../core/encoding/utf8.ts';
import { ProtocolError } from '../../core/errors.ts';
import type { MerkleHasher } from '../../core/merkle/hash.ts';
import { formatCheckpoint } from '../../core/note/checkpoint.ts';
import { cosignatureMessage, MAX_COSIGNATURE_TIMESTAMP } from '../../core/note/cosignature.ts';
import { formatSignatureLine } from '../../core/note/signed-note.ts';
import { parseSignerKey } from '../../core/note/signer-key.ts';
import { KEY_TYPE_COSIGNATURE_V1 } from '../../core/note/vkey.ts';
import { encodeEntryBundle } from '../../core/tiles/entry-bundle.ts';
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import { nativeHasher } from '../merkle/native-hasher.ts';
import { checkpointHistoryPath, CLAIMED_STATE_PATH, LATEST_CHECKPOINT_PATH, SEEN_AT_PATH } from './layout-source.ts';
import { TreeScanner } from './tree-scan.ts';

const WIDTH = 256;

/** Receives each file: a relative "/"-separated path and its bytes. */
export type EvidenceSink = (path: string, bytes: Uint8Array) => void | Promise<void>;

export interface WitnessSigner {
  /** Signer key of type 0x04 (`PRIVATE+KEY+<name>+<id>+<base64>`). */
  readonly signerKey: string;
  /** The cosignature time (POSIX seconds) for the checkpoint of `size`. */
  readonly timestamp: (size: number) => bigint;
}

export interface EvidenceWriterOptions {
  /** The log's signer key (type 0x01); its name is the origin. */
  readonly logSigner: string;
  /** Sizes that get a checkpoint in the history (the final size always does). */
  readonly checkpointSizes?: readonly number[];
  readonly witnesses?: readonly WitnessSigner[];
  /** When each checkpoint was first seen (written to checkpoints/seen-at.json). */
  readonly seenAt?: (size: number) => string;
  /** Claimed-state bytes to store as claimed-state.json. */
  readonly claimedState?: Uint8Array;
  readonly hasher?: MerkleHasher;
}

export interface WrittenEvidence {
  readonly size: number;
  readonly root: Uint8Array;
  /** Signed checkpoint notes by size. */
  readonly checkpoints: ReadonlyMap<number, string>;
}

/**
 * Writes `entries` (each at most 65,535 bytes) and their checkpoints to `sink`. Throws
 * SKEY_MALFORMED for a bad signer key, ENTRY_BUNDLE_MALFORMED for an oversized entry,
 * INVALID_ARGUMENT for a checkpoint size past the end.
 */
export async function writeEvidence(entries: Iterable<Uint8Array>, sink: EvidenceSink, options: EvidenceWriterOptions): Promise<WrittenEvidence> {
  const logSigner = parseSignerKey(options.logSigner);
  const origin = logSigner.name;
  const signLog = nativeSigner(logSigner.seed);
  const witnesses = (options.witnesses ?? []).map((w) => {
    const key = parseSignerKey(w.signerKey);
    if (key.type !== KEY_TYPE_COSIGNATURE_V1) throw new ProtocolError('INVALID_ARGUMENT', 'a witness signer key must have type 0x04');
    return { key, sign: nativeSigner(key.seed), timestamp: w.timestamp };
  });
  const hasher = options.hasher ?? nativeHasher;
  const levelTiles: { hashes: Uint8Array[]; index: number }[] = [];
  const pendingFull: [number, number, Uint8Array[]][] = [];
  const scanner = new TreeScanner(hasher, (level, hash) => {
    const tile = (levelTiles[level] ??= { hashes: [], index: 0 });
    tile.hashes.push(hash);
    if (tile.hashes.length === WIDTH) {
      pendingFull.push([level, tile.index, tile.hashes]);
      levelTiles[level] = { hashes: [], index: tile.index + 1 };
    }
  });
  const wanted = new Set(options.checkpointSizes ?? []);
  const checkpoints = new Map<number, string>();
  const seenAt: Record<string, string> = {};
  let bundle: Uint8Array[] = [];
  let leaves: Uint8Array[] = [];
  let bundleIndex = 0;
  const sign = async (size: number): Promise<void> => {
    // C2SP signed-note (as Go note.Sign) and tlog-cosignature/v1 lines, signed with OpenSSL.
    const text = formatCheckpoint({ origin, size: BigInt(size), rootHash: scanner.root() });
    let note = `${text}\n${formatSignatureLine(origin, logSigner.keyId, signLog(utf8ToBytes(text)))}`;
    for (const w of witnesses) {
      const time = w.timestamp(size);
      if (time < 0n || time > MAX_COSIGNATURE_TIMESTAMP) throw new ProtocolError('COSIGNATURE_BAD_TIMESTAMP', 'cosignature time must be 0..2^63-1');
      note += formatSignatureLine(w.key.name, w.key.keyId, concatBytes(writeUint64BE(time), w.sign(cosignatureMessage(text, time))));
    }
    checkpoints.set(size, note);
    await sink(checkpointHistoryPath(BigInt(size), 0), utf8ToBytes(note));
    if (options.seenAt !== undefined) seenAt[`${size}-0`] = options.seenAt(size);
  };
  if (wanted.has(0)) await sign(0);
  for (const entry of entries) {
    bundle.push(entry);
    const leaf = hasher.hashLeaf(entry);
    leaves.push(leaf);
    scanner.pushLeafHash(leaf);
    if (bundle.length === WIDTH) {
      await sink(formatEntryBundlePath(bundleIndex), encodeEntryBundle(bundle));
      await sink(formatTilePath(0, bundleIndex), joinHashes(leaves));
      for (const [level, index, hashes] of pendingFull.splice(0)) await sink(formatTilePath(level, index), joinHashes(hashes));
      bundle = [];
      leaves = [];
      bundleIndex++;
    }
    if (wanted.has(scanner.size)) await sign(scanner.size);
  }
  const size = scanner.size;
  for (const s of wanted) if (s > size) throw new ProtocolError('INVALID_ARGUMENT', `checkpoint size ${s} is past the ${size} entries`);
  if (bundle.length > 0) {
    await sink(formatEntryBundlePath(bundleIndex, bundle.length), encodeEntryBundle(bundle));
    await sink(formatTilePath(0, bundleIndex, leaves.length), joinHashes(leaves));
  }
  for (const [level, index, hashes] of pendingFull.splice(0)) await sink(formatTilePath(level, index), joinHashes(hashes));
  for (let level = 1; level < levelTiles.length; level++) {
    const tile = levelTiles[level];
    if (tile !== undefined && tile.hashes.length > 0) await sink(formatTilePath(level, tile.index, tile.hashes.length), joinHashes(tile.hashes));
  }
  if (!checkpoints.has(size)) await sign(size);
  await sink(LATEST_CHECKPOINT_PATH, utf8ToBytes(checkpoints.get(size) as string));
  if (options.seenAt !== undefined) await sink(SEEN_AT_PATH, utf8ToBytes(JSON.stringify(seenAt)));
  if (options.claimedState !== undefined) await sink(CLAIMED_STATE_PATH, options.claimedState);
  return { size, root: scanner.root(), checkpoints };
}

const PKCS8_ED25519_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);

/** RFC 8032 Ed25519 signing with a 32-byte seed through OpenSSL (RFC 8410 PKCS#8 wrapping). */
function nativeSigner(seed: Uint8Array): (message: Uint8Array) => Uint8Array {
  const der = new Uint8Array(48);
  der.set(PKCS8_ED25519_PREFIX, 0);
  der.set(seed, 16);
  const key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  der.fill(0);
  return (message) => new Uint8Array(nodeSign(null, message, key));
}

function joinHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * 32);
  hashes.forEach((h, i) => out.set(h, i * 32));
  return out;
}

/** A sink into a Map (tests, small evidence). */
export function mapSink(files: Map<string, Uint8Array>): EvidenceSink {
  return (p, bytes) => {
    files.set(p, bytes);
  };
}

/** A sink writing files under `root` (created as needed). */
export function directorySink(root: string): EvidenceSink {
  const made = new Set<string>();
  return async (relative, bytes) => {
    const file = path.join(root, ...relative.split('/'));
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(file, bytes);
  };
}
