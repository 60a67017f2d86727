/**
 * `warden checkpoint verify --key <vkey> [--key <vkey>…] [--origin-must-match-key] [--json] <file>`
 *
 * Verifies a signed checkpoint note (c2sp.org/tlog-checkpoint) with the given verifier keys under Go
 * note.Open semantics: signatures by keys not given are listed but not checked; a given key whose
 * signature fails rejects the note; at least one given key must verify it. Type 0x04 keys check
 * c2sp.org/tlog-cosignature witness cosignatures. The checkpoint text is parsed strictly.
 * Exit 0 verified; 1 no given key verified it, a given key's signature is bad, or the origin policy
 * failed; 2 unreadable file, bad vkey, malformed note or checkpoint, or bad arguments.
 */
import { bytesToBase64, bytesToHex } from '../../core/encoding/index.ts';
import { ProtocolError, isProtocolError } from '../../core/errors.ts';
import { parseCheckpoint, type Checkpoint } from '../../core/note/checkpoint.ts';
import { decodeCosignature } from '../../core/note/cosignature.ts';
import { openNote, parseNote, type NoteSignature } from '../../core/note/signed-note.ts';
import { createNoteVerifier } from '../../core/note/verifier.ts';
import { formatKeyId, formatVerifierKey, KEY_TYPE_COSIGNATURE_V1, keyLabel, parseVerifierKey, type VerifierKey } from '../../core/note/vkey.ts';
import { describeError, EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';

/** A checkpoint with 100 signature lines is a few kilobytes; anything near this limit is not one. */
export const MAX_CHECKPOINT_FILE_BYTES = 1 << 20;

interface VerifiedBy {
  readonly key: string;
  readonly name: string;
  readonly keyId: string;
  readonly type: 'ed25519' | 'cosignature/v1';
  readonly timestamp?: string;
}

export const checkpointVerifyCommand: CliCommand = {
  group: 'checkpoint',
  name: 'verify',
  summary: 'Verify a signed checkpoint note with one or more verifier keys.',
  details: [
    'Signatures by keys that were not given are listed but not checked. A given key whose',
    'signature does not verify rejects the checkpoint. Type 0x04 keys check witness cosignatures',
    '(c2sp.org/tlog-cosignature).',
    '',
    'Exit codes: 0 verified by at least one given key; 1 not verified, a bad signature by a given',
    'key, or an origin mismatch; 2 bad arguments or key, unreadable file, malformed checkpoint.',
    '',
    'Example:',
    '  warden checkpoint verify --key "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8" latest',
  ].join('\n'),
  args: {
    options: [
      {
        name: 'key',
        kind: 'string',
        multiple: true,
        required: true,
        valueName: '<vkey>',
        description: 'A trusted verifier key <name>+<id>+<base64>; repeat for several.',
      },
      {
        name: 'origin-must-match-key',
        kind: 'boolean',
        description: 'Require the origin line to equal the name of a key that verified the note.',
      },
      { name: 'json', kind: 'boolean', description: 'Print one JSON object on stdout.' },
    ],
    positionals: [{ name: 'file', description: 'The signed checkpoint ("-" reads stdin).' }],
  },
  async run(args, io) {
    const json = args.flag('json');
    try {
      const keys = uniqueKeys(args.strings('key').map((k) => parseVerifierKey(k)));
      const bytes = await io.readInput(args.positionals[0] as string, MAX_CHECKPOINT_FILE_BYTES);
      const note = parseNote(bytes);
      const checkpoint = parseCheckpoint(note.text);
      const opened = openWithReadableErrors(note, keys);
      const verifiedBy = opened.verified.map((sig) => describeSigner(sig, keys));
      if (args.flag('origin-must-match-key') && !verifiedBy.some((v) => v.name === checkpoint.origin)) {
        throw new ProtocolError(
          'CHECKPOINT_ORIGIN_MISMATCH',
          `origin "${checkpoint.origin}" is not the name of a key that verified the checkpoint (${verifiedBy.map((v) => v.key).join(', ')})`,
        );
      }
      const others = opened.unverified.map((s) => keyLabel(s.name, s.keyId));
      io.stdout(json ? `${JSON.stringify(toJson(checkpoint, verifiedBy, others))}\n` : formatText(checkpoint, verifiedBy, others));
      return EXIT_OK;
    } catch (error) {
      if (json) {
        const { code, message } = describeError(error);
        io.stdout(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
      }
      throw error;
    }
  },
};

/**
 * The same key given twice is harmless and kept once; two different keys with one (name, key ID)
 * stay, so that openNote reports NOTE_AMBIGUOUS_KEY if the note uses them.
 */
function uniqueKeys(keys: readonly VerifierKey[]): VerifierKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = formatVerifierKey(k.name, k.type, k.publicKey);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** openNote, with NOTE_UNVERIFIED saying who did sign (so the user sees which key to pin). */
function openWithReadableErrors(note: ReturnType<typeof parseNote>, keys: readonly VerifierKey[]): ReturnType<typeof openNote> {
  try {
    return openNote(note, keys.map((k) => createNoteVerifier(k)));
  } catch (error) {
    if (isProtocolError(error) && error.code === 'NOTE_UNVERIFIED') {
      const signers = note.signatures.map((s) => keyLabel(s.name, s.keyId));
      throw new ProtocolError('NOTE_UNVERIFIED', `no given key verified the checkpoint; it is signed by ${[...new Set(signers)].join(', ')}`, {
        cause: error,
      });
    }
    throw error;
  }
}

function describeSigner(sig: NoteSignature, keys: readonly VerifierKey[]): VerifiedBy {
  const key = keys.find((k) => k.name === sig.name && k.keyId === sig.keyId) as VerifierKey;
  const base = { key: keyLabel(key.name, key.keyId), name: key.name, keyId: formatKeyId(key.keyId) };
  if (key.type !== KEY_TYPE_COSIGNATURE_V1) return { ...base, type: 'ed25519' };
  return { ...base, type: 'cosignature/v1', timestamp: decodeCosignature(sig.base64).timestamp.toString() };
}

function toJson(checkpoint: Checkpoint, verifiedBy: readonly VerifiedBy[], others: readonly string[]): unknown {
  return {
    ok: true,
    verifiedBy,
    unverifiedSigners: others,
    checkpoint: {
      origin: checkpoint.origin,
      size: checkpoint.size.toString(),
      rootHashHex: bytesToHex(checkpoint.rootHash),
      rootHashBase64: bytesToBase64(checkpoint.rootHash),
      extensions: checkpoint.extensions,
    },
  };
}

function formatText(checkpoint: Checkpoint, verifiedBy: readonly VerifiedBy[], others: readonly string[]): string {
  const rows: [string, string][] = [
    ...verifiedBy.map((v, i): [string, string] => [i === 0 ? 'verified by' : '', describeVerified(v)]),
    ...(others.length === 0 ? [] : others.map((o, i): [string, string] => [i === 0 ? 'not checked' : '', `${o} (no key given)`])),
    ['origin', checkpoint.origin],
    ['tree size', checkpoint.size.toString()],
    ['root (hex)', bytesToHex(checkpoint.rootHash)],
    ['root (base64)', bytesToBase64(checkpoint.rootHash)],
    ...(checkpoint.extensions.length === 0
      ? [['extensions', 'none'] as [string, string]]
      : checkpoint.extensions.map((e, i): [string, string] => [i === 0 ? 'extensions' : '', e])),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `checkpoint verified\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

function describeVerified(v: VerifiedBy): string {
  if (v.type === 'ed25519') return `${v.key} (Ed25519)`;
  const seconds = Number(v.timestamp);
  const iso = Number.isSafeInteger(seconds) && seconds <= 8.64e12 ? ` = ${new Date(seconds * 1000).toISOString()}` : '';
  return `${v.key} (cosignature/v1, time ${v.timestamp}${iso})`;
}
