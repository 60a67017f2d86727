import { describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { cosignCheckpoint } from '../../../src/core/note/cosignature.ts';
import { signNote } from '../../../src/core/note/signed-note.ts';
import { formatSignerKey, parseSignerKey, verifierKeyOf } from '../../../src/core/note/signer-key.ts';
import { KEY_TYPE_COSIGNATURE_V1, KEY_TYPE_ED25519, parseVerifierKey } from '../../../src/core/note/vkey.ts';
import { examineCheckpoints } from '../../../src/node/verify/checkpoints.ts';
import type { EvidenceCheckpoint } from '../../../src/node/verify/evidence-source.ts';

const ORIGIN = 'registry.example/warden-test';
const log = formatSignerKey(ORIGIN, KEY_TYPE_ED25519, new Uint8Array(32).fill(1));
const other = formatSignerKey(ORIGIN, KEY_TYPE_ED25519, new Uint8Array(32).fill(2));
const witness = formatSignerKey('witness.example/w1', KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(3));
const witness2 = formatSignerKey('witness.example/w2', KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(4));
const logKey = parseVerifierKey(verifierKeyOf(parseSignerKey(log)));
const witnessKeys = [witness, witness2].map((w) => parseVerifierKey(verifierKeyOf(parseSignerKey(w))));
const enc = (t: string): Uint8Array => new TextEncoder().encode(t);

function text(size: number, rootByte = size, origin = ORIGIN): string {
  return formatCheckpoint({ origin, size: BigInt(size), rootHash: new Uint8Array(32).fill(rootByte) });
}

function note(size: number, options: { rootByte?: number; signer?: string; cosigners?: [string, bigint][]; origin?: string } = {}): string {
  const t = text(size, options.rootByte, options.origin);
  let n = signNote(t, [options.signer ?? log]);
  for (const [key, time] of options.cosigners ?? []) n += cosignCheckpoint(t, key, time);
  return n;
}

function cp(source: string, n: string, extra: Partial<EvidenceCheckpoint> = {}): EvidenceCheckpoint {
  return { note: enc(n), source, ...extra };
}

function codes(list: readonly EvidenceCheckpoint[], policy = 0, witnesses = witnessKeys): string[] {
  return examineCheckpoints(list, logKey, witnesses, policy).findings.map((f) => `${f.code}:${f.source ?? ''}:${f.severity}`);
}

describe('examineCheckpoints', () => {
  it('accepts checkpoints signed by the pinned log key and de-duplicates identical notes', () => {
    const a = note(5);
    const result = examineCheckpoints([cp('checkpoint', a, { latest: true }), cp('checkpoints/5-0', a, { seenAt: '2026-01-01T00:00:00.000Z' }), cp('checkpoints/3-0', note(3))], logKey, [], 0);
    expect(result.findings).toEqual([]);
    expect(result.valid.map((c) => [c.source, c.size, c.latest, c.seenAt])).toEqual([
      ['checkpoint', 5n, true, '2026-01-01T00:00:00.000Z'],
      ['checkpoints/3-0', 3n, false, undefined],
    ]);
    expect(result.inputs.map((i) => i.source)).toEqual(['checkpoint', 'checkpoints/5-0', 'checkpoints/3-0']);
  });

  it('reports a forged checkpoint (altered after signing), one signed by another key, a foreign origin and garbage', () => {
    const forged = note(5).replace(text(5), text(5, 9));
    expect(codes([cp('a', forged), cp('b', note(6, { signer: other })), cp('c', note(7, { origin: 'elsewhere.example/log' })), cp('d', 'garbage')])).toEqual([
      'CHECKPOINT_BAD_SIGNATURE:a:error',
      'CHECKPOINT_NOT_SIGNED:b:error',
      'CHECKPOINT_ORIGIN_MISMATCH:c:error',
      'CHECKPOINT_MALFORMED:d:error',
    ]);
  });

  it('checks pinned witnesses and the M-of-N policy (error for the newest, warning for older ones)', () => {
    const good = note(9, { cosigners: [[witness, 100n]] });
    const older = note(4);
    expect(codes([cp('new', good), cp('old', older)], 1)).toEqual(['WITNESS_POLICY_NOT_MET:old:warning']);
    expect(codes([cp('new', good)], 2)).toEqual(['WITNESS_POLICY_NOT_MET:new:error']);
    const bad = good.replace(/— witness\.example\/w1 (\S+)/, (_m, b64: string) => `— witness.example/w1 ${b64.slice(0, 10)}${b64[10] === 'A' ? 'B' : 'A'}${b64.slice(11)}`);
    expect(codes([cp('new', bad)], 0)).toEqual(['WITNESS_BAD_SIGNATURE:new:error']);
  });

  it('reports two checkpoints of one size with different roots as a fork', () => {
    expect(codes([cp('a', note(5)), cp('b', note(5, { rootByte: 77 }))])).toEqual(['CHECKPOINT_FORK:b:error']);
  });

  it('reports a latest checkpoint smaller than a stored one, and a smaller one seen later', () => {
    expect(codes([cp('checkpoint', note(5), { latest: true }), cp('checkpoints/8-0', note(8))])).toEqual(['CHECKPOINT_ROLLBACK:checkpoint:error']);
    expect(
      codes([cp('x', note(8), { seenAt: '2026-01-01T00:00:00.000Z' }), cp('y', note(5), { seenAt: '2026-01-02T00:00:00.000Z' })]),
    ).toEqual(['CHECKPOINT_ROLLBACK:y:error']);
  });

  it('reports a witness whose cosignature time goes backwards as the tree grows', () => {
    expect(codes([cp('a', note(5, { cosigners: [[witness, 200n]] })), cp('b', note(8, { cosigners: [[witness, 100n]] }))])).toEqual(['COSIGNATURE_TIME_ORDER:b:warning']);
  });
});
