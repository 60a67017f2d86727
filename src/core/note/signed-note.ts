/**
 * Signed notes (c2sp.org/signed-note; Go golang.org/x/mod/sumdb/note `Open` and `Sign`).
 *
 * Policy (Go note.Open semantics; every note is attacker-controlled input):
 * - the whole note is valid UTF-8 without ASCII control characters other than "\n";
 * - text and signatures are split at the LAST "\n\n"; the text keeps its final "\n";
 * - every signature line is "— <name> <base64(key ID || signature)>" with a valid name, canonical
 *   base64 and at least 5 decoded bytes; more than 100 signature lines is malformed (Go's limit;
 *   C2SP requires accepting at least 16);
 * - a signature whose (name, key ID) is not configured is ignored (recorded once as unverified);
 * - a configured key whose signature fails rejects the whole note (NOTE_BAD_SIGNATURE);
 * - a second signature by an already-seen configured key is skipped unverified, as Go does;
 * - two configured verifiers with the same (name, key ID) used by the note: NOTE_AMBIGUOUS_KEY;
 * - no configured key verified: NOTE_UNVERIFIED (details carry the text and unverified signatures).
 * One deliberate difference: the note is parsed completely before any signature is checked, so a
 * note that is both malformed and carries a bad known signature is NOTE_MALFORMED (Go reports
 * whichever it meets first). Go's base64 decoder also accepts non-zero pad bits; we require
 * canonical base64 (Go's own signers always produce it).
 */
import { ProtocolError } from '../errors.ts';
import { signEd25519 } from '../crypto/ed25519.ts';
import { base64ToBytes, bytesToBase64, bytesToUtf8, concatBytes, readUint32BE, utf8ToBytes } from '../encoding/index.ts';
import { isValidKeyName, isWellFormedText } from './key-name.ts';
import { parseSignerKey, type SignerKey } from './signer-key.ts';
import { chopAtFirst, KEY_TYPE_ED25519, keyLabel } from './vkey.ts';
import type { NoteVerifier } from './verifier.ts';

/** Go's limit on signature lines ("avoid spending forever parsing a note with many signatures"). */
export const MAX_NOTE_SIGNATURES = 100;

/** U+2014 EM DASH and a space: the prefix of every signature line. */
export const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  readonly name: string;
  /** uint32 key ID (first 4 decoded bytes). */
  readonly keyId: number;
  /** The base64 field exactly as written: base64(key ID || signature). */
  readonly base64: string;
}

export interface ParsedSignature extends NoteSignature {
  /** The signature bytes after the 4-byte key ID. */
  readonly signature: Uint8Array;
  /** The line without the "— " prefix and "\n" (Go dedupes unverified lines on it). */
  readonly line: string;
}

export interface ParsedNote {
  /** The signed text, ending in "\n". */
  readonly text: string;
  readonly signatures: readonly ParsedSignature[];
}

export interface OpenedNote {
  readonly text: string;
  /** Signatures verified by a configured key, in note order. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys that are not configured, in note order, duplicates dropped. */
  readonly unverified: readonly NoteSignature[];
}

/**
 * Splits a note into text and signature lines without verifying anything.
 * Throws NOTE_MALFORMED (see the module policy).
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const message = decodeNote(note);
  const control = indexOfControl(message);
  if (control >= 0) throw malformed(`control character at offset ${control}`);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('signature block must be non-empty and end in a newline');
  // Count before splitting: a hostile note may carry millions of lines.
  let count = 0;
  for (let i = block.indexOf('\n'); i >= 0; i = block.indexOf('\n', i + 1)) {
    if (++count > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signature lines`);
  }
  const lines = block.slice(0, -1).split('\n');
  return { text, signatures: lines.map((line) => parseSignatureLine(line)) };
}

/**
 * Opens a note with Go note.Open semantics (module policy) against `verifiers`.
 * Throws NOTE_MALFORMED, NOTE_AMBIGUOUS_KEY, NOTE_BAD_SIGNATURE or NOTE_UNVERIFIED; a verifier may
 * also throw its own ProtocolError (e.g. a cosignature verifier).
 */
export function openNote(note: string | Uint8Array | ParsedNote, verifiers: readonly NoteVerifier[]): OpenedNote {
  const parsed = typeof note === 'string' || note instanceof Uint8Array ? parseNote(note) : note;
  const known = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const k = slot(v.name, v.keyId);
    known.set(k, [...(known.get(k) ?? []), v]);
  }
  const textBytes = utf8ToBytes(parsed.text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKnown = new Set<string>();
  const seenUnknown = new Set<string>();
  for (const sig of parsed.signatures) {
    const k = slot(sig.name, sig.keyId);
    const candidates = known.get(k);
    if (candidates === undefined) {
      if (!seenUnknown.has(sig.line)) {
        seenUnknown.add(sig.line);
        unverified.push(publicPart(sig));
      }
      continue;
    }
    if (candidates.length > 1) {
      throw new ProtocolError('NOTE_AMBIGUOUS_KEY', `ambiguous key ${keyLabel(sig.name, sig.keyId)}`, {
        details: { name: sig.name, keyId: sig.keyId },
      });
    }
    if (seenKnown.has(k)) continue;
    seenKnown.add(k);
    if (!(candidates[0] as NoteVerifier).verify(textBytes, sig.signature)) {
      throw new ProtocolError('NOTE_BAD_SIGNATURE', `invalid signature for key ${keyLabel(sig.name, sig.keyId)}`, {
        details: { name: sig.name, keyId: sig.keyId },
      });
    }
    verified.push(publicPart(sig));
  }
  if (verified.length === 0) {
    throw new ProtocolError('NOTE_UNVERIFIED', 'note has no verifiable signatures', {
      details: { text: parsed.text, unverified },
    });
  }
  return { text: parsed.text, verified, unverified };
}

/**
 * Signs `text` with Ed25519 signer keys (type 0x01), reproducing Go note.Sign byte for byte:
 * text, "\n", then one line per signer in order. Preconditions: `text` ends in "\n" and is valid
 * note text (NOTE_MALFORMED otherwise); signer keys are parsed with parseSignerKey (SKEY_MALFORMED);
 * a type 0x04 signer is refused with INVALID_ARGUMENT (cosignatures need a timestamp: cosignCheckpoint).
 */
export function signNote(text: string, signers: readonly (SignerKey | string)[]): string {
  checkNoteText(text);
  const message = utf8ToBytes(text);
  let lines = '';
  for (const entry of signers) {
    const signer = typeof entry === 'string' ? parseSignerKey(entry) : entry;
    if (signer.type !== KEY_TYPE_ED25519) {
      throw new ProtocolError('INVALID_ARGUMENT', 'signNote signs with type 0x01 keys only; use cosignCheckpoint for 0x04');
    }
    const signature = signEd25519(signer.seed, message);
    lines += formatSignatureLine(signer.name, signer.keyId, signature);
  }
  return `${text}\n${lines}`;
}

/** One signature line "— <name> base64(keyId || signature)\n". Throws INVALID_ARGUMENT for a bad name. */
export function formatSignatureLine(name: string, keyId: number, signature: Uint8Array): string {
  if (!isValidKeyName(name)) throw new ProtocolError('INVALID_ARGUMENT', 'invalid key name');
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, keyId >>> 0);
  return `${SIGNATURE_PREFIX}${name} ${bytesToBase64(concatBytes(id, signature))}\n`;
}

/** Checks that `text` can be the text of a note: ends in "\n", well-formed, no control characters but "\n". */
export function checkNoteText(text: string): void {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('note text must end in a newline');
  if (!isWellFormedText(text)) throw malformed('note text is not well-formed Unicode');
  if (indexOfControl(text) >= 0) throw malformed('control character in note text');
}

/** Offset of the first ASCII control character other than "\n" (signed-note forbids them), or -1. */
function indexOfControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return i;
  }
  return -1;
}

/**
 * Parses one signature line "— <name> <base64>" (an optional final "\n" is allowed).
 * Throws NOTE_MALFORMED.
 */
export function parseSignatureLine(input: string): ParsedSignature {
  if (typeof input !== 'string') throw malformed('signature line must be a string');
  const line = input.endsWith('\n') ? input.slice(0, -1) : input;
  if (indexOfControl(line) >= 0 || line.includes('\n') || !isWellFormedText(line)) throw malformed('bad signature line');
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('signature line must start with "— "');
  const body = line.slice(SIGNATURE_PREFIX.length);
  const [name, b64] = chopAtFirst(body, ' ');
  if (!isValidKeyName(name) || b64 === '') throw malformed('bad signature line');
  let raw: Uint8Array;
  try {
    raw = base64ToBytes(b64);
  } catch (error) {
    throw malformed('signature is not canonical base64', error);
  }
  if (raw.length < 5) throw malformed('signature shorter than 5 bytes');
  return { name, keyId: readUint32BE(raw, 0), base64: b64, signature: raw.subarray(4), line: body };
}

function decodeNote(note: string | Uint8Array): string {
  if (note instanceof Uint8Array) {
    try {
      return bytesToUtf8(note);
    } catch (error) {
      throw malformed('note is not valid UTF-8', error);
    }
  }
  if (typeof note !== 'string') throw malformed('note must be a string or bytes');
  if (!isWellFormedText(note)) throw malformed('note is not well-formed Unicode');
  return note;
}

function publicPart(sig: NoteSignature): NoteSignature {
  return { name: sig.name, keyId: sig.keyId, base64: sig.base64 };
}

function slot(name: string, keyId: number): string {
  return `${keyId >>> 0} ${name}`;
}

function malformed(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('NOTE_MALFORMED', `malformed note: ${message}`, cause === undefined ? {} : { cause });
}
