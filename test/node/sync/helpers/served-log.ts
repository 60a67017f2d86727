/**
 * A log as a tile server holds it: entries, the hash tiles of every tile level as flat buffers, and
 * the registry's log key, which both signs checkpoints (C2SP signed note) and is the `registry`
 * signer of statements (docs/protocol.md §8.2), as on the real server.
 */
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { bytesToBase64 } from '../../../../src/core/encoding/index.ts';
import { sha256 } from '../../../../src/core/crypto/sha256.ts';
import { utf8ToBytes } from '../../../../src/core/encoding/utf8.ts';
import { generateTestLog, type TestLog, type TestLogOptions } from '../../../../src/core/log/fixtures.ts';
import type { LogWriter } from '../../../../src/core/log/log-writer.ts';
import { computeRootFromNodes, type MerkleNodeSource } from '../../../../src/core/merkle/proof-gen.ts';
import { formatCheckpoint } from '../../../../src/core/note/checkpoint.ts';
import { cosignCheckpoint } from '../../../../src/core/note/cosignature.ts';
import { signNote } from '../../../../src/core/note/signed-note.ts';
import { formatSignerKey, parseSignerKey, verifierKeyOf } from '../../../../src/core/note/signer-key.ts';
import { KEY_TYPE_COSIGNATURE_V1, KEY_TYPE_ED25519 } from '../../../../src/core/note/vkey.ts';
import { nativeHasher } from '../../../../src/node/merkle/index.ts';

const HASH = 32;

// RFC 8410 PKCS#8 prefix for an Ed25519 seed: signing through OpenSSL makes big fixture logs quick.
const PKCS8_ED25519 = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
const privateKeys = new WeakMap<Uint8Array, KeyObject>();

function privateKeyOf(seed: Uint8Array): KeyObject {
  let key = privateKeys.get(seed);
  if (key === undefined) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    privateKeys.set(seed, key);
  }
  return key;
}

/** RFC 8032 Ed25519 through OpenSSL (same bytes as the portable signer). */
export function nativeSign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(cryptoSign(null, message, privateKeyOf(seed)));
}

/** The Ed25519 public key of a seed through OpenSSL. */
export function nativePublicKey(seed: Uint8Array): Uint8Array {
  return new Uint8Array(createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' }).subarray(12));
}

/** A deterministic 32-byte seed from a label. */
export function seedFrom(label: string): Uint8Array {
  return sha256(utf8ToBytes(`warden-test-seed:${label}`));
}

export interface Witness {
  readonly signerKey: string;
  readonly verifierKey: string;
}

/** A deterministic witness (cosigner, type 0x04) key pair. */
export function makeWitness(name: string): Witness {
  const signerKey = formatSignerKey(name, KEY_TYPE_COSIGNATURE_V1, seedFrom(`witness:${name}`));
  return { signerKey, verifierKey: verifierKeyOf(parseSignerKey(signerKey)) };
}

export class ServedLog implements MerkleNodeSource {
  readonly origin: string;
  readonly signerKey: string;
  readonly verifierKey: string;
  readonly entries: Uint8Array[] = [];
  /** tileLevels[L] = hashes of the complete nodes at tree level 8L, concatenated. */
  tileLevels: Uint8Array[] = [new Uint8Array(0)];
  readonly #leafHashes: Uint8Array[] = [];
  readonly #keySeed: Uint8Array;

  constructor(origin: string, keySeed: Uint8Array, entries: readonly Uint8Array[] = []) {
    this.origin = origin;
    this.#keySeed = keySeed;
    this.signerKey = formatSignerKey(origin, KEY_TYPE_ED25519, keySeed);
    this.verifierKey = verifierKeyOf(parseSignerKey(this.signerKey));
    this.append(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Appends entries and rebuilds the tile levels. */
  append(entries: readonly Uint8Array[]): void {
    for (const entry of entries) {
      this.entries.push(entry);
      this.#leafHashes.push(nativeHasher.hashLeaf(entry));
    }
    this.#rebuild();
  }

  /** Keeps the first `size` entries only (to build a diverging history from a copy). */
  truncate(size: number): void {
    this.entries.length = size;
    this.#leafHashes.length = size;
    this.#rebuild();
  }

  /** A copy with the same key and the first `size` entries. */
  fork(size: number): ServedLog {
    return new ServedLog(this.origin, this.#keySeed, this.entries.slice(0, size));
  }

  getNode(level: number, index: bigint): Uint8Array {
    const tileLevel = level >> 3;
    const inner = level & 7;
    const first = Number(index) << inner;
    const row = this.tileLevels[tileLevel] as Uint8Array;
    let layer: Uint8Array[] = [];
    for (let i = 0; i < 1 << inner; i++) layer.push(row.subarray((first + i) * HASH, (first + i + 1) * HASH));
    while (layer.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(nativeHasher.hashChildren(layer[i] as Uint8Array, layer[i + 1] as Uint8Array));
      layer = next;
    }
    return layer[0] as Uint8Array;
  }

  root(size = this.size): Uint8Array {
    return computeRootFromNodes(this, BigInt(size), nativeHasher);
  }

  /** The signed checkpoint of the first `size` entries, with optional witness cosignatures. */
  checkpoint(size = this.size, options: { witnesses?: readonly Witness[]; signerKey?: string; timestamp?: number } = {}): string {
    const text = formatCheckpoint({ origin: this.origin, size, rootHash: this.root(size) });
    let note = signNote(text, [options.signerKey ?? this.signerKey]);
    for (const w of options.witnesses ?? []) note += cosignCheckpoint(text, w.signerKey, options.timestamp ?? 1_760_000_000);
    return note;
  }

  /** Hash tile (level, index) of `width` hashes, if the log holds those nodes. */
  tile(level: number, index: number, width: number): Uint8Array | undefined {
    const row = this.tileLevels[level];
    if (row === undefined || (index * 256 + width) * HASH > row.length) return undefined;
    return row.slice(index * 256 * HASH, (index * 256 + width) * HASH);
  }

  /** Entry bundle `index` of `width` entries, uint16-length-prefixed (c2sp.org/tlog-tiles). */
  bundle(index: number, width: number): Uint8Array | undefined {
    if (index * 256 + width > this.entries.length) return undefined;
    const parts = this.entries.slice(index * 256, index * 256 + width);
    const out = new Uint8Array(parts.reduce((n, e) => n + 2 + e.length, 0));
    let offset = 0;
    for (const e of parts) {
      out[offset] = e.length >> 8;
      out[offset + 1] = e.length & 0xff;
      out.set(e, offset + 2);
      offset += 2 + e.length;
    }
    return out;
  }

  #rebuild(): void {
    const levels: Uint8Array[] = [flat(this.#leafHashes)];
    for (;;) {
      const below = levels[levels.length - 1] as Uint8Array;
      const count = Math.floor(below.length / HASH / 256);
      if (count === 0) break;
      const row = new Uint8Array(count * HASH);
      for (let i = 0; i < count; i++) row.set(subtree(below, i * 256, 256), i * HASH);
      levels.push(row);
    }
    this.tileLevels = levels;
  }
}

function subtree(row: Uint8Array, offset: number, count: number): Uint8Array {
  let layer: Uint8Array[] = [];
  for (let i = 0; i < count; i++) layer.push(row.subarray((offset + i) * HASH, (offset + i + 1) * HASH));
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(nativeHasher.hashChildren(layer[i] as Uint8Array, layer[i + 1] as Uint8Array));
    layer = next;
  }
  return layer[0] as Uint8Array;
}

function flat(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH);
  hashes.forEach((h, i) => out.set(h, i * HASH));
  return out;
}

export interface GeneratedLog {
  readonly served: ServedLog;
  readonly log: TestLog;
  readonly writer: LogWriter;
}

/**
 * A valid registry log from the core's fixture generator, with the log key = the registry key.
 * The same options give the same bytes (so two calls make two identical histories that can then
 * diverge by appending different events).
 */
export function generateServedLog(options: Partial<TestLogOptions> & { seed?: string | number; label?: string } = {}): GeneratedLog {
  const label = options.label ?? 'default';
  const keySeed = seedFrom(`log:${label}`);
  const log = generateTestLog({
    seed: options.seed ?? label,
    events: 40,
    sign: nativeSign,
    publicKey: nativePublicKey,
    ...options,
    registrySeed: keySeed,
  });
  const served = new ServedLog(log.writer.origin, keySeed, log.bytes);
  return { served, log, writer: log.writer };
}

/** The base64 of a root, for messages. */
export function rootB64(served: ServedLog, size?: number): string {
  return bytesToBase64(served.root(size));
}
