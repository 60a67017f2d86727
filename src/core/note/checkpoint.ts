/**
 * Checkpoint note text (c2sp.org/tlog-checkpoint "Note text"), parsed strictly:
 *   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n]*
 * Policy (C2SP strict; transparency-dev/formats is more lenient, see the tests):
 * - the text ends in "\n", has no ASCII control character but "\n" and is well-formed Unicode;
 * - the origin is non-empty (spaces and "+" are only discouraged by the spec, so accepted);
 * - the size is ASCII decimal without leading zeroes ("0" for the empty tree) and ≤ 2^64 − 1;
 * - the root is canonical base64 of exactly 32 bytes (an RFC 6962 SHA-256 root);
 * - extension lines, if any, are non-empty (so a trailing blank line is malformed).
 * Violations throw CHECKPOINT_MALFORMED.
 */
import { ProtocolError } from '../errors.ts';
import { base64ToBytes, bytesToBase64 } from '../encoding/index.ts';
import { isWellFormedText } from './key-name.ts';

export const MAX_TREE_SIZE = (1n << 64n) - 1n;

export interface Checkpoint {
  readonly origin: string;
  /** Tree size, uint64. */
  readonly size: bigint;
  /** 32-byte RFC 6962 root hash. */
  readonly rootHash: Uint8Array;
  /** Opaque extension lines, without their "\n". */
  readonly extensions: readonly string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Parses checkpoint note text (attacker-controlled). Throws CHECKPOINT_MALFORMED. */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('text must end in a newline');
  if (!isWellFormedText(text) || hasControl(text)) throw malformed('text has a control character or is not well-formed');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined) throw malformed('fewer than three lines');
  if (origin === '') throw malformed('empty origin');
  const size = parseTreeSize(sizeText);
  let rootHash: Uint8Array;
  try {
    rootHash = base64ToBytes(rootText, 32);
  } catch (error) {
    throw malformed('root hash must be canonical base64 of 32 bytes', error);
  }
  if (extensions.some((line) => line === '')) throw malformed('empty extension line');
  return { origin, size, rootHash, extensions };
}

/**
 * Formats a checkpoint text. Preconditions (CHECKPOINT_MALFORMED otherwise): the result parses with
 * parseCheckpoint (non-empty single-line origin, 0 ≤ size ≤ 2^64 − 1, 32-byte root, non-empty
 * single-line extensions).
 */
export function formatCheckpoint(checkpoint: {
  origin: string;
  size: bigint | number;
  rootHash: Uint8Array;
  extensions?: readonly string[];
}): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (typeof size === 'number' && !Number.isSafeInteger(size)) throw malformed('size must be an integer');
  const big = BigInt(size);
  if (big < 0n || big > MAX_TREE_SIZE) throw malformed('size out of range');
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== 32) throw malformed('root hash must be 32 bytes');
  const text = [origin, big.toString(10), bytesToBase64(rootHash), ...extensions].join('\n') + '\n';
  // Round-trip: rejects newlines inside the origin or an extension, empty lines, control characters.
  const back = parseCheckpoint(text);
  if (back.origin !== origin || back.extensions.length !== extensions.length) throw malformed('origin or extension has a newline');
  return text;
}

/** Parses a uint64 decimal without leading zeroes (tree sizes, indices). Throws CHECKPOINT_MALFORMED. */
function parseTreeSize(text: string): bigint {
  // The length bound keeps BigInt() off megabyte-long digit strings.
  if (!DECIMAL.test(text) || text.length > 20) throw malformed('tree size must be decimal without leading zeroes');
  const size = BigInt(text);
  if (size > MAX_TREE_SIZE) throw malformed('tree size exceeds 2^64 - 1');
  return size;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

function malformed(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('CHECKPOINT_MALFORMED', `malformed checkpoint: ${message}`, cause === undefined ? {} : { cause });
}
