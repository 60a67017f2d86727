/**
 * Offline inclusion proofs, c2sp.org/tlog-proof@v1 (`.tlog-proof` files):
 *   c2sp.org/tlog-proof@v1\n
 *   [extra <base64>\n]            optional, unauthenticated
 *   index <decimal>\n
 *   <base64 32-byte hash>\n …     inclusion proof, leaf sibling first
 *   \n
 *   <checkpoint note, verbatim>
 * Policy (strict): "\n" line ends only (transparency-dev/formats' line scanner also accepts "\r\n");
 * index without leading zeroes and ≤ 2^64 − 1; canonical base64; every hash 32 bytes; at most 64
 * proof hashes (the longest inclusion proof in a uint64 tree); a non-empty checkpoint part, which is
 * returned verbatim and NOT verified here (openCheckpoint does that). Violations: TLOG_PROOF_MALFORMED.
 */
import { ProtocolError } from '../errors.ts';
import { base64ToBytes, bytesToBase64, bytesToUtf8 } from '../encoding/index.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
export const MAX_TLOG_PROOF_HASHES = 64;

export interface TlogProof {
  /** Zero-based leaf index, uint64. */
  readonly index: bigint;
  /** Inclusion proof hashes, 32 bytes each, leaf sibling first. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  readonly checkpoint: string;
  /** Opaque, unauthenticated extra data. */
  readonly extra?: Uint8Array;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const MAX_UINT64 = (1n << 64n) - 1n;

/** Serialises a proof. Preconditions as for parsing (TLOG_PROOF_MALFORMED otherwise). */
export function formatTlogProof(proof: TlogProof): string {
  const index = typeof proof.index === 'bigint' ? proof.index : BigInt(Number.isSafeInteger(proof.index) ? proof.index : -1);
  if (index < 0n || index > MAX_UINT64) throw malformed('index out of range');
  if (proof.proof.length > MAX_TLOG_PROOF_HASHES) throw malformed('too many proof hashes');
  if (proof.proof.some((h) => !(h instanceof Uint8Array) || h.length !== 32)) throw malformed('proof hashes must be 32 bytes');
  if (typeof proof.checkpoint !== 'string' || proof.checkpoint === '') throw malformed('empty checkpoint');
  let out = `${TLOG_PROOF_HEADER}\n`;
  if (proof.extra !== undefined) out += `extra ${bytesToBase64(proof.extra)}\n`;
  out += `index ${index.toString(10)}\n`;
  for (const hash of proof.proof) out += `${bytesToBase64(hash)}\n`;
  return `${out}\n${proof.checkpoint}`;
}

/** Parses a tlog-proof (attacker-controlled). Throws TLOG_PROOF_MALFORMED. */
export function parseTlogProof(input: string | Uint8Array): TlogProof {
  const text = decode(input);
  let rest = text;
  const next = (): string => {
    const end = rest.indexOf('\n');
    if (end < 0) throw malformed('truncated');
    const line = rest.slice(0, end);
    rest = rest.slice(end + 1);
    return line;
  };
  if (next() !== TLOG_PROOF_HEADER) throw malformed('missing c2sp.org/tlog-proof@v1 header');
  let line = next();
  let extra: Uint8Array | undefined;
  if (line.startsWith('extra ')) {
    extra = decodeBase64(line.slice('extra '.length), 'extra data');
    line = next();
  }
  if (!line.startsWith('index ')) throw malformed('missing index line');
  const index = parseIndex(line.slice('index '.length));
  const proof: Uint8Array[] = [];
  for (line = next(); line !== ''; line = next()) {
    if (proof.length === MAX_TLOG_PROOF_HASHES) throw malformed(`more than ${MAX_TLOG_PROOF_HASHES} proof hashes`);
    const hash = decodeBase64(line, 'proof hash');
    if (hash.length !== 32) throw malformed('proof hash must be 32 bytes');
    proof.push(hash);
  }
  if (rest === '') throw malformed('missing checkpoint');
  return extra === undefined ? { index, proof, checkpoint: rest } : { index, proof, checkpoint: rest, extra };
}

function parseIndex(text: string): bigint {
  if (!DECIMAL.test(text) || text.length > 20) throw malformed('index must be decimal without leading zeroes');
  const index = BigInt(text);
  if (index > MAX_UINT64) throw malformed('index exceeds 2^64 - 1');
  return index;
}

function decodeBase64(text: string, what: string): Uint8Array {
  try {
    return base64ToBytes(text);
  } catch (error) {
    throw malformed(`${what} is not canonical base64`, error);
  }
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  if (!(input instanceof Uint8Array)) throw malformed('proof must be a string or bytes');
  try {
    return bytesToUtf8(input);
  } catch (error) {
    throw malformed('proof is not valid UTF-8', error);
  }
}

function malformed(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('TLOG_PROOF_MALFORMED', `malformed tlog-proof: ${message}`, cause === undefined ? {} : { cause });
}
