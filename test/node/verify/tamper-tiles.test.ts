/**
 * Tamper suite, tiles and checkpoints: a hash tile replaced or missing, an entry bundle missing, a
 * checkpoint forged or signed by another key, two forked checkpoints, a rollback, witnesses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { signNote } from '../../../src/core/note/signed-note.ts';
import { formatSignerKey } from '../../../src/core/note/signer-key.ts';
import { KEY_TYPE_ED25519 } from '../../../src/core/note/vkey.ts';
import { mapSink, writeEvidence } from '../../../src/node/verify/evidence-writer.ts';
import type { VerificationResult } from '../../../src/node/verify/verify-evidence.ts';
import { atAfter, evidenceOf, makeLog, verifyFiles, type Evidence } from './helpers.ts';

const log = makeLog({ seed: 'tamper-tiles', events: 260 });
let base: Evidence;
const enc = (t: string): Uint8Array => new TextEncoder().encode(t);

beforeAll(async () => {
  expect(log.entries.length).toBeGreaterThan(300);
  base = await evidenceOf(log, { checkpointSizes: [50, 100, 150, 200, 256, 300] });
});

async function verify(files: Map<string, Uint8Array>, extra: { witnesses?: string[]; witnessPolicy?: number } = {}): Promise<VerificationResult> {
  return verifyFiles(files, { logKey: base.keys.logKey, at: atAfter(log), ...extra });
}

function errs(result: VerificationResult): string[] {
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}@${f.index ?? f.source ?? '-'}`);
}

describe('hash tiles and entry bundles', () => {
  it('names a replaced level-0 hash tile at the first leaf it gets wrong', async () => {
    const files = new Map(base.files);
    const tile = (files.get('tile/0/000') as Uint8Array).slice();
    tile.set(tile.subarray(32 * 11, 32 * 12), 32 * 10);
    files.set('tile/0/000', tile);
    const result = await verify(files);
    expect(errs(result)).toEqual(['TILE_HASH_MISMATCH@10']);
  });

  it('names a replaced level-1 hash tile', async () => {
    const files = new Map(base.files);
    files.set('tile/1/000.p/1', new Uint8Array(32).fill(9));
    const result = await verify(files);
    expect(errs(result)).toEqual(['TILE_HASH_MISMATCH@0']);
  });

  it('reports a hash tile of the wrong size as malformed', async () => {
    const files = new Map(base.files);
    files.set('tile/0/000', new Uint8Array(100));
    expect(errs(await verify(files))).toEqual(['TILE_MALFORMED@0']);
  });

  it('reports a missing hash tile and still checks everything from the entries', async () => {
    const files = new Map(base.files);
    files.delete('tile/0/000');
    expect(errs(await verify(files))).toEqual(['TILE_MISSING@0']);
  });

  it('uses a full tile in place of a missing partial one (tlog-tiles lets logs delete partials)', async () => {
    const files = new Map(base.files);
    const n = log.entries.length - 256;
    const partial = files.get(`tile/0/001.p/${n}`) as Uint8Array;
    files.delete(`tile/0/001.p/${n}`);
    const full = new Uint8Array(256 * 32);
    full.set(partial);
    files.set('tile/0/001', full);
    const result = await verify(files);
    expect(errs(result)).toEqual([]);
  });

  it('stops the replay at a missing entry bundle but still recomputes the roots from the leaf hashes', async () => {
    const files = new Map(base.files);
    files.delete('tile/entries/000');
    const result = await verify(files);
    expect(errs(result)).toContain('TILE_MISSING@0');
    expect(result.findings.filter((f) => f.code === 'REPLAY_STOPPED').map((f) => f.index)).toEqual([0]);
    expect(result.findings.some((f) => f.code === 'CHECKPOINT_ROOT_MISMATCH')).toBe(false);
    expect(result.verdict).toBe('failed');
  });

  it('cannot recompute checkpoints past data that is missing altogether', async () => {
    const files = new Map(base.files);
    files.delete('tile/entries/000');
    files.delete('tile/0/000');
    const result = await verify(files);
    expect(result.findings.filter((f) => f.code === 'CHECKPOINT_DATA_MISSING').length).toBeGreaterThan(0);
  });
});

describe('checkpoints', () => {
  it('names a forged checkpoint (root altered after signing)', async () => {
    const files = new Map(base.files);
    const note = new TextDecoder().decode(files.get('checkpoints/150-0'));
    const lines = note.split('\n');
    lines[2] = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    files.set('checkpoints/150-0', enc(lines.join('\n')));
    expect(errs(await verify(files))).toEqual(['CHECKPOINT_BAD_SIGNATURE@checkpoints/150-0']);
  });

  it('names a checkpoint signed by another key and one for another origin', async () => {
    const files = new Map(base.files);
    const stranger = formatSignerKey(log.writer.origin, KEY_TYPE_ED25519, new Uint8Array(32).fill(5));
    const text = formatCheckpoint({ origin: log.writer.origin, size: 10n, rootHash: new Uint8Array(32) });
    files.set('checkpoints/10-0', enc(signNote(text, [stranger])));
    const foreign = formatCheckpoint({ origin: 'elsewhere.example/log', size: 12n, rootHash: new Uint8Array(32) });
    files.set('checkpoints/12-0', enc(signNote(foreign, [base.keys.logSigner])));
    expect(errs(await verify(files))).toEqual(['CHECKPOINT_NOT_SIGNED@checkpoints/10-0', 'CHECKPOINT_ORIGIN_MISMATCH@checkpoints/12-0']);
  });

  it('reports two validly signed checkpoints of one size with different roots as a fork', async () => {
    const forked = await writeEvidence(log.bytes.filter((_, i) => i !== 20).slice(0, 100), mapSink(new Map()), { logSigner: base.keys.logSigner });
    const files = new Map(base.files);
    files.set('checkpoints/100-1', enc(forked.checkpoints.get(100) as string));
    const result = await verify(files);
    expect(errs(result)).toEqual(expect.arrayContaining(['CHECKPOINT_FORK@checkpoints/100-1', 'CHECKPOINT_ROOT_MISMATCH@checkpoints/100-1']));
  });

  it('reports a validly signed checkpoint from a forked history as inconsistent with its neighbours', async () => {
    const forked = await writeEvidence(log.bytes.filter((_, i) => i !== 20).slice(0, 120), mapSink(new Map()), { logSigner: base.keys.logSigner });
    const files = new Map(base.files);
    files.set('checkpoints/120-0', enc(forked.checkpoints.get(120) as string));
    const result = await verify(files);
    const found = errs(result);
    expect(found).toContain('CHECKPOINT_ROOT_MISMATCH@checkpoints/120-0');
    expect(found.filter((f) => f.startsWith('CHECKPOINT_INCONSISTENT')).length).toBeGreaterThan(0);
  });

  it('reports a latest checkpoint older than one the evidence holds (rollback)', async () => {
    const files = new Map(base.files);
    files.set('checkpoint', files.get('checkpoints/200-0') as Uint8Array);
    expect(errs(await verify(files))).toEqual(['CHECKPOINT_ROLLBACK@checkpoint']);
  });

  it('reports a checkpoint seen later that is older than one seen before', async () => {
    const files = new Map(base.files);
    files.set('checkpoints/seen-at.json', enc(JSON.stringify({ '100-0': '2026-01-06T00:00:00.000Z', '50-0': '2026-01-07T00:00:00.000Z' })));
    expect(errs(await verify(files))).toEqual(['CHECKPOINT_ROLLBACK@checkpoints/50-0']);
  });
});

describe('witnesses', () => {
  it('accepts the pinned witness and enforces the policy on the newest checkpoint', async () => {
    const witnessed = await evidenceOf(log, { witness: true, checkpointSizes: [100] });
    const ok = await verifyFiles(witnessed.files, { logKey: witnessed.keys.logKey, witnesses: [witnessed.keys.witnessKey], at: atAfter(log) });
    expect(errs(ok)).toEqual([]);
    const unwitnessed = await verifyFiles(base.files, { logKey: base.keys.logKey, witnesses: [witnessed.keys.witnessKey], witnessPolicy: 1, at: atAfter(log) });
    expect(errs(unwitnessed)).toEqual(['WITNESS_POLICY_NOT_MET@checkpoint']);
  });
});
