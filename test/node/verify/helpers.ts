/**
 * Test evidence for the verifier: deterministic logs (generateTestLog, signed natively for speed),
 * written in the evidence layout to memory, with signed checkpoints and the claimed state a correct
 * registry would serve; and the mutations the tamper suite applies.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { generateTestLog, type TestLog, type TestLogOptions } from '../../../src/core/log/fixtures.ts';
import { LogWriter } from '../../../src/core/log/log-writer.ts';
import { encodeEntry, signStatement } from '../../../src/core/log/entry.ts';
import type { LogEntry, Statement } from '../../../src/core/log/statement.ts';
import type { StatementSigner } from '../../../src/core/log/signature.ts';
import { decodeEntryBundle, encodeEntryBundle } from '../../../src/core/tiles/entry-bundle.ts';
import { formatEntryBundlePath } from '../../../src/core/tiles/tile-path.ts';
import { foldEntries } from '../../../src/core/registry/fold.ts';
import { RegistryStateBuilder } from '../../../src/core/registry/builder.ts';
import { bytesToBase64Url } from '../../../src/core/encoding/base64.ts';
import { formatSignerKey, parseSignerKey, verifierKeyOf } from '../../../src/core/note/signer-key.ts';
import { KEY_TYPE_COSIGNATURE_V1, KEY_TYPE_ED25519 } from '../../../src/core/note/vkey.ts';
import { claimedStateFromRegistryState, encodeClaimedState, type ClaimedState } from '../../../src/node/verify/claimed-state.ts';
import { mapSink, writeEvidence, type EvidenceWriterOptions } from '../../../src/node/verify/evidence-writer.ts';
import { createMemoryEvidenceSource } from '../../../src/node/verify/memory-source.ts';
import { verifyEvidence, type VerificationResult, type VerifyHooks } from '../../../src/node/verify/verify-evidence.ts';
import type { VerifyOptions } from '../../../src/node/verify/options.ts';
import type { Finding } from '../../../src/node/verify/findings.ts';

const PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
const keys = new Map<string, ReturnType<typeof createPrivateKey>>();

function privateKey(seed: Uint8Array): ReturnType<typeof createPrivateKey> {
  const id = bytesToHex(seed);
  let key = keys.get(id);
  if (key === undefined) {
    const der = new Uint8Array(48);
    der.set(PKCS8_PREFIX, 0);
    der.set(seed, 16);
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    keys.set(id, key);
  }
  return key;
}

/** RFC 8032 Ed25519 through OpenSSL: the same bytes as the portable signer, much faster. */
export function nativeSign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKey(seed)));
}

export function nativePublicKey(seed: Uint8Array): Uint8Array {
  return new Uint8Array(createPublicKey(privateKey(seed)).export({ format: 'der', type: 'spki' }).subarray(12));
}

/** A deterministic test log signed natively. */
export function makeLog(options: TestLogOptions): TestLog {
  return generateTestLog({ sign: nativeSign, publicKey: nativePublicKey, ...options });
}

/** A LogWriter signing natively (for hand-built scenarios). */
export function makeWriter(seed: string): LogWriter {
  return new LogWriter({ seed, sign: nativeSign, publicKey: nativePublicKey });
}

export interface Keys {
  readonly logSigner: string;
  readonly logKey: string;
  readonly witnessSigner: string;
  readonly witnessKey: string;
}

/** The log's signer/verifier keys (its registry seed) and a test witness. */
export function keysOf(writer: LogWriter): Keys {
  const logSigner = formatSignerKey(writer.origin, KEY_TYPE_ED25519, writer.registry.seed);
  const witnessSigner = formatSignerKey('witness.example/w1', KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(7));
  return {
    logSigner,
    logKey: verifierKeyOf(parseSignerKey(logSigner)),
    witnessSigner,
    witnessKey: verifierKeyOf(parseSignerKey(witnessSigner)),
  };
}

export interface Evidence {
  readonly files: Map<string, Uint8Array>;
  readonly keys: Keys;
  readonly size: number;
  readonly checkpoints: ReadonlyMap<number, string>;
}

export interface BuildOptions {
  /** Checkpoint sizes (default: every 7th entry and the end). */
  readonly checkpointSizes?: readonly number[];
  readonly witness?: boolean;
  /** Claimed state: true = the correct one (default), false = none, or a replacement. */
  readonly claim?: boolean | ClaimedState;
  /** The fold config of the claimed state (default: the writer's). */
  readonly writerOptions?: Partial<EvidenceWriterOptions>;
}

/**
 * The claimed state a correct registry serves: the fold of the valid `entries` (with the writer's
 * config), at log size `treeSize` (default: their number).
 */
export function correctClaim(writer: LogWriter, entries: readonly LogEntry[], treeSize: number = entries.length): ClaimedState {
  const state = foldEntries({ origin: writer.origin, registryKey: writer.registry.did }, entries, { verifySignatures: false });
  return claimedStateFromRegistryState(state, treeSize);
}

/**
 * The claim a registry serves for a log that holds `entries` at their indices, replayed as the
 * verifier does: entries the fold refuses (and those in `skip`) leave the state unchanged.
 */
export function replayedClaim(writer: LogWriter, entries: readonly LogEntry[], skip: ReadonlySet<number> = new Set()): ClaimedState {
  const builder = new RegistryStateBuilder({ origin: writer.origin, registryKey: writer.registry.did }, { verifySignatures: false });
  entries.forEach((entry, index) => {
    if (skip.has(index)) return;
    try {
      builder.apply(entry, index);
    } catch {
      // refused: the state is unchanged, as in the verifier
    }
  });
  return claimedStateFromRegistryState(builder.state, entries.length);
}

/** A session statement for `agent` as the registry builds it (not logged). */
export function sessionStatement(writer: LogWriter, agent: string): Statement {
  const a = writer.agent(agent);
  const time = writer.tick();
  return writer.statement(
    'session.authenticated',
    a.tenant,
    agent,
    {
      session_id: `sess_${bytesToBase64Url(writer.random.bytes(16))}`,
      nonce: bytesToBase64Url(writer.random.bytes(32)),
      scopes: a.scopes.slice(0, 1),
      expires_at: new Date(Date.parse(time) + 3_600_000).toISOString(),
    },
    time,
  ) as Statement;
}

/**
 * Evidence for `bytes` (entry bytes in log order) signed with `writer`'s registry key. `entries` (the
 * parsed entries) give the claimed state; pass the ones that are valid.
 */
export async function buildEvidence(writer: LogWriter, bytes: readonly Uint8Array[], entries: readonly LogEntry[], options: BuildOptions = {}): Promise<Evidence> {
  const keys = keysOf(writer);
  const files = new Map<string, Uint8Array>();
  const sizes = options.checkpointSizes ?? defaultSizes(bytes.length);
  const claim = options.claim ?? true;
  const claimed = claim === false ? undefined : encodeClaimedState(claim === true ? correctClaim(writer, entries, bytes.length) : claim);
  const written = await writeEvidence(bytes, mapSink(files), {
    logSigner: keys.logSigner,
    checkpointSizes: sizes,
    ...(options.witness === true ? { witnesses: [{ signerKey: keys.witnessSigner, timestamp: (size: number) => 1_767_600_000n + BigInt(size) }] } : {}),
    ...(claimed === undefined ? {} : { claimedState: claimed }),
    ...options.writerOptions,
  });
  return { files, keys, size: written.size, checkpoints: written.checkpoints };
}

function defaultSizes(n: number): number[] {
  const sizes: number[] = [];
  for (let s = 7; s < n; s += 7) sizes.push(s);
  return sizes;
}

/** Evidence of a whole test log, exactly as generated. */
export async function evidenceOf(log: TestLog, options: BuildOptions = {}): Promise<Evidence> {
  return buildEvidence(log.writer, log.bytes, log.entries, options);
}

/** A time after every entry of the test logs (they start 2026-01-05 and advance by at most a minute per entry). */
export function atAfter(log: { readonly entries: readonly LogEntry[] }): string {
  const last = log.entries[log.entries.length - 1]?.time ?? '2026-01-05T09:00:00.000Z';
  return new Date(Date.parse(last) + 60_000).toISOString();
}

export async function verifyFiles(
  files: Map<string, Uint8Array>,
  options: VerifyOptions,
  hooks: VerifyHooks = {},
): Promise<VerificationResult> {
  return verifyEvidence(createMemoryEvidenceSource(files), options, { toolVersion: 'test', ...hooks });
}

/** Findings at error severity. */
export function errors(result: VerificationResult): Finding[] {
  return result.findings.filter((f) => f.severity === 'error');
}

/** "CODE@index" labels of the error findings, for readable assertions. */
export function errorLabels(result: VerificationResult): string[] {
  return errors(result).map((f) => (f.index === undefined ? f.code : `${f.code}@${f.index}`));
}

/** Re-encodes a modified entry object (validated) as stored bytes. */
export function reencode(entry: LogEntry): Uint8Array {
  return encodeEntry(entry);
}

/**
 * Signs a statement the writer would refuse (a malicious registry's entry): no fold check. Returns
 * the entry and its stored bytes.
 */
export function craftEntry(statement: Statement, signers: readonly StatementSigner[]): { entry: LogEntry; bytes: Uint8Array } {
  const entry = signStatement(statement, signers);
  return { entry, bytes: encodeEntry(entry) };
}

/** Replaces the stored entry bundle holding `index` by one whose entries are `edit(entries)` (tiles untouched). */
export function editStoredBundle(files: Map<string, Uint8Array>, index: number, edit: (entries: Uint8Array[], offset: number) => Uint8Array[]): void {
  const bundle = Math.floor(index / 256);
  const path = [...files.keys()].find((p) => p === formatEntryBundlePath(bundle) || p.startsWith(`${formatEntryBundlePath(bundle)}.p/`));
  if (path === undefined) throw new Error(`no bundle for entry ${index}`);
  const entries = decodeEntryBundle(files.get(path) as Uint8Array);
  files.set(path, encodeEntryBundle(edit(entries, index % 256)));
}

/** Replaces the stored bytes of entry `index` (tiles untouched: storage corruption). */
export function editStoredEntry(files: Map<string, Uint8Array>, index: number, edit: (bytes: Uint8Array) => Uint8Array): void {
  editStoredBundle(files, index, (entries, k) => entries.map((e, i) => (i === k ? edit(e) : e)));
}

/** The bytes with the first occurrence of `find` (ASCII) at or after `after` replaced by `replace`. */
export function replaceAscii(bytes: Uint8Array, find: string, replace: string, after = 0): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const at = text.indexOf(find, after);
  if (at < 0) throw new Error(`"${find}" not found`);
  return new TextEncoder().encode(text.slice(0, at) + replace + text.slice(at + find.length));
}

/** The bytes with bit `bit` of byte `offset` flipped. */
export function flipBit(bytes: Uint8Array, offset: number, bit = 0): Uint8Array {
  const out = bytes.slice();
  out[offset] = (out[offset] as number) ^ (1 << bit);
  return out;
}
