import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/hex.ts';
import { verifyReceiptInclusion } from '../../../src/core/log/receipt.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { parseTlogProof } from '../../../src/core/note/tlog-proof.ts';
import { createVerifyPool } from '../../../src/node/crypto/verify-pool.ts';
import { sampleReceipt, sampleTlogProof, chooseSampleIndices } from '../../../src/node/verify/sample.ts';
import type { VerifyProgress } from '../../../src/node/verify/verify-evidence.ts';
import { atAfter, errorLabels, evidenceOf, makeLog, verifyFiles } from './helpers.ts';

const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('verifyEvidence on untouched logs', () => {
  const shapes = [
    { name: 'one tenant, one admin (default policy)', options: { seed: 'shape-a', tenants: 1, adminsPerTenant: 1, events: 80 } },
    { name: 'several tenants with a 2-of-N quorum', options: { seed: 'shape-b', tenants: 3, adminsPerTenant: 3, events: 150 } },
    { name: 'deep delegations and many status changes', options: { seed: 'shape-c', tenants: 1, rootAgentsPerTenant: 1, events: 300 } },
    { name: 'setup only', options: { seed: 'shape-d', events: 0 } },
  ];
  it.each(shapes)('finds no error in $name', async ({ options }) => {
    const log = makeLog(options);
    const evidence = await evidenceOf(log, { witness: true });
    const result = await verifyFiles(evidence.files, { logKey: evidence.keys.logKey, witnesses: [evidence.keys.witnessKey], at: atAfter(log) });
    expect(errorLabels(result)).toEqual([]);
    expect(result.verdict).toBe('verified');
    expect(result.treeSize).toBe(BigInt(log.entries.length));
    expect(result.firstBadEntry).toBeNull();
    const record = JSON.parse(decode(result.record)) as { results: { entries: { applied: number }; state: { agents: number } } };
    expect(record.results.entries.applied).toBe(log.entries.length);
    expect(record.results.state.agents).toBe(log.writer.state.agents.size);
  });

  it('verifies a log of more than 256 entries (several tiles and a level-1 tile) through the worker pool', async () => {
    const log = makeLog({ seed: 'big', events: 700 });
    expect(log.entries.length).toBeGreaterThan(512);
    const evidence = await evidenceOf(log, { checkpointSizes: [1, 256, 300, 512, 513] });
    const result = await verifyFiles(evidence.files, { logKey: evidence.keys.logKey, at: atAfter(log) }, { inlineBelow: 0, workers: 2 });
    expect(errorLabels(result)).toEqual([]);
    const record = JSON.parse(decode(result.record)) as { inputs: { tiles: { entry_bundles: number; hash_tiles: number } } };
    expect(record.inputs.tiles.entry_bundles).toBe(Math.ceil(log.entries.length / 256));
    expect(record.inputs.tiles.hash_tiles).toBe(Math.ceil(log.entries.length / 256) + 1);
  });
});

describe('the verification record', () => {
  it('is byte-identical for the same inputs and options, and differs when the options differ', async () => {
    const log = makeLog({ seed: 'record', events: 120 });
    const evidence = await evidenceOf(log);
    const options = { logKey: evidence.keys.logKey, at: atAfter(log), sample: { count: 5, seed: 'audit-2026' } };
    const first = await verifyFiles(evidence.files, options);
    const second = await verifyFiles(evidence.files, options, { inlineBelow: 0, workers: 2 });
    expect(bytesToHex(second.record)).toBe(bytesToHex(first.record));
    const other = await verifyFiles(evidence.files, { ...options, at: '2027-01-01T00:00:00Z' });
    expect(bytesToHex(other.record)).not.toBe(bytesToHex(first.record));
  });

  it('holds the inputs, pinned keys, tool version, options and results, canonical and without the clock', async () => {
    const log = makeLog({ seed: 'record-shape', events: 30 });
    const evidence = await evidenceOf(log);
    const result = await verifyFiles(evidence.files, { logKey: evidence.keys.logKey }, { now: () => Date.parse('2026-06-01T00:00:00Z') });
    const text = decode(result.record);
    const record = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual(['format', 'inputs', 'options', 'pinned', 'results', 'sample', 'tool']);
    expect(record.tool).toEqual({ name: 'agent-warden', version: 'test' });
    expect((record.pinned as { log_key: string }).log_key).toBe(evidence.keys.logKey);
    expect((record.options as { at: unknown }).at).toBeNull();
    expect(text).not.toContain('2026-06-01');
    expect(JSON.stringify(JSON.parse(text))).toBe(text.replace(/\n$/, ''));
  });
});

describe('the sample', () => {
  it('draws the same entries for the same seed, with inclusion proofs that verify as receipts and tlog-proofs', async () => {
    const log = makeLog({ seed: 'sample', events: 200 });
    const evidence = await evidenceOf(log);
    const options = { logKey: evidence.keys.logKey, at: atAfter(log), sample: { count: 8, seed: 'working-papers' } };
    const a = await verifyFiles(evidence.files, options);
    const b = await verifyFiles(evidence.files, options);
    expect(a.sample).toEqual(b.sample);
    const sample = a.sample;
    expect(sample?.items.map((i) => Number(i.index))).toEqual(chooseSampleIndices('working-papers', 8, log.entries.length));
    const opened = openCheckpoint(sample?.checkpoint ?? '', evidence.keys.logKey);
    for (const item of sample?.items ?? []) {
      const bytes = log.bytes[Number(item.index)] as Uint8Array;
      expect(item.type).toBe(log.entries[Number(item.index)]?.type);
      verifyReceiptInclusion(sampleReceipt(a.sample!, item), bytes, { origin: opened.checkpoint.origin, size: opened.checkpoint.size, rootHash: opened.checkpoint.rootHash });
      expect(parseTlogProof(sampleTlogProof(a.sample!, item)).index).toBe(BigInt(item.index));
    }
    const other = await verifyFiles(evidence.files, { ...options, sample: { count: 8, seed: 'another seed' } });
    expect(other.sample?.items.map((i) => i.index)).not.toEqual(sample?.items.map((i) => i.index));
  });

  it('draws every entry when the count exceeds the log', () => {
    expect(chooseSampleIndices('s', 10, 4)).toEqual([0, 1, 2, 3]);
    expect(chooseSampleIndices('s', 3, 0)).toEqual([]);
  });
});

describe('progress and cancellation', () => {
  it('reports progress up to the whole log', async () => {
    const log = makeLog({ seed: 'progress', events: 40 });
    const evidence = await evidenceOf(log);
    const seen: VerifyProgress[] = [];
    await verifyFiles(evidence.files, { logKey: evidence.keys.logKey }, { onProgress: (p) => seen.push(p) });
    expect(seen.some((p) => p.phase === 'entries' && p.done === log.entries.length && p.total === log.entries.length)).toBe(true);
    expect(seen[0]?.phase).toBe('checkpoints');
  });

  it('stops with VERIFY_CANCELLED when the signal aborts, and leaves a caller-owned pool usable', async () => {
    const log = makeLog({ seed: 'cancel', events: 700 });
    const evidence = await evidenceOf(log);
    const pool = createVerifyPool({ size: 2 });
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(verifyFiles(evidence.files, { logKey: evidence.keys.logKey }, { signal: controller.signal, verifyPool: pool })).toRejectWithCode('VERIFY_CANCELLED');
      const result = await verifyFiles(evidence.files, { logKey: evidence.keys.logKey, at: atAfter(log) }, { verifyPool: pool });
      expect(result.verdict).toBe('verified');
    } finally {
      await pool.close();
    }
  });
});

describe('options', () => {
  it('refuses a malformed log key, a witness policy above the witnesses and a bad time', async () => {
    const files = new Map<string, Uint8Array>();
    await expect(verifyFiles(files, { logKey: 'nope' })).toRejectWithCode('VKEY_MALFORMED');
    const log = makeLog({ seed: 'options', events: 0 });
    const evidence = await evidenceOf(log);
    await expect(verifyFiles(files, { logKey: evidence.keys.logKey, witnessPolicy: 1 })).toRejectWithCode('INVALID_ARGUMENT');
    await expect(verifyFiles(files, { logKey: evidence.keys.logKey, at: 'tomorrow' })).toRejectWithCode('INVALID_ARGUMENT');
    await expect(verifyFiles(files, { logKey: evidence.keys.witnessKey })).toRejectWithCode('INVALID_ARGUMENT');
  });

  it('fails with NO_VALID_CHECKPOINT when nothing is signed by the pinned key', async () => {
    const a = await evidenceOf(makeLog({ seed: 'key-a', events: 5 }));
    const b = await evidenceOf(makeLog({ seed: 'key-b', events: 5 }));
    const result = await verifyFiles(a.files, { logKey: b.keys.logKey });
    expect(result.verdict).toBe('failed');
    expect(errorLabels(result)).toContain('NO_VALID_CHECKPOINT');
    expect(result.treeSize).toBeNull();
  });

  it('reports CLAIM_MISSING (info) when the evidence holds no claimed state', async () => {
    const log = makeLog({ seed: 'no-claim', events: 10 });
    const evidence = await evidenceOf(log, { claim: false });
    const result = await verifyFiles(evidence.files, { logKey: evidence.keys.logKey, at: atAfter(log) });
    expect(result.verdict).toBe('verified');
    expect(result.findings.map((f) => `${f.code}:${f.severity}`)).toContain('CLAIM_MISSING:info');
  });
});
