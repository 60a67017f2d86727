import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIP_VERDICTS, maipExitCode, type MaipVerdict } from '../../src/core/maip/verdict.ts';
import { decodeEntryBundle, encodeEntryBundle } from '../../src/core/tiles/entry-bundle.ts';
import { directorySink, writeEvidence } from '../../src/node/verify/evidence-writer.ts';
import { claimedStateFromRegistryState, encodeClaimedState } from '../../src/node/verify/claimed-state.ts';
import { describeVectors, readVectorJson, repoRoot, vectorPath } from '../helpers/vectors.ts';
import { atAfter, keysOf, makeLog } from '../node/verify/helpers.ts';
import { spawnWarden as warden, type SpawnedRun } from './helpers.ts';



const log = makeLog({ seed: 'cli-verify', events: 120 });
const keys = keysOf(log.writer);
const at = atAfter(log);
let dir = '';
const good = (): string => path.join(dir, 'good');
const bad = (): string => path.join(dir, 'bad');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-verify-cli-'));
  const claim = encodeClaimedState(claimedStateFromRegistryState(log.writer.state, log.entries.length));
  for (const target of [good(), bad()]) {
    await writeEvidence(log.bytes, directorySink(target), { logSigner: keys.logSigner, checkpointSizes: [20, 60], claimedState: claim });
  }
  // Storage corruption in `bad`: entry 30 altered (a character of its signature).
  const bundlePath = path.join(bad(), 'tile', 'entries', `000.p/${log.entries.length}`);
  const entries = decodeEntryBundle(new Uint8Array(readFileSync(bundlePath)));
  const text = new TextDecoder().decode(entries[30]);
  const at30 = text.indexOf('"sig":"') + 20;
  entries[30] = new TextEncoder().encode(text.slice(0, at30) + (text[at30] === 'A' ? 'B' : 'A') + text.slice(at30 + 1));
  writeFileSync(bundlePath, encodeEntryBundle(entries));
  writeFileSync(path.join(dir, 'bundle.zip'), Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('warden verify <evidence>', () => {
  it('exits 0 on untouched evidence and prints the verdict and the checks', async () => {
    const run = await warden(['verify', good(), '--log-key', keys.logKey, '--at', at]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^VERIFIED\n/);
    expect(run.stdout).toContain(`tree size  ${log.entries.length}`);
    expect(run.stdout).toMatch(/3\. tiles and roots recomputed\s+ok/);
  });

  it('writes the same record with --out and --json, byte-identical across runs', async () => {
    const args = ['verify', good(), '--log-key', keys.logKey, '--at', at, '--sample', '4', '--seed', 'papers'];
    const [a, b] = await Promise.all([
      warden([...args, '--out', path.join(dir, 'a.json')]),
      warden([...args, '--json', '--out', path.join(dir, 'b.json')]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const recordA = readFileSync(path.join(dir, 'a.json'));
    expect(recordA.equals(readFileSync(path.join(dir, 'b.json')))).toBe(true);
    expect(b.stdout).toBe(`${recordA.toString('utf8')}\n`);
    const record = JSON.parse(b.stdout) as { results: { verdict: string }; sample: { items: unknown[] }; tool: { version: string } };
    expect(record.results.verdict).toBe('verified');
    expect(record.sample.items.length).toBe(4);
    expect(record.tool.version).toBe((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('exits 1 on corrupted evidence and names the first bad entry', async () => {
    const run = await warden(['verify', bad(), '--log-key', keys.logKey, '--at', at]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED\n/);
    expect(run.stdout).toMatch(/first bad\s+entry 30 \(/);
    expect(run.stdout).toContain('ENTRY_BAD_SIGNATURE (entry 30)');
  });

  it('exits 1 when no checkpoint verifies under the given key', async () => {
    const other = keysOf(makeLog({ seed: 'cli-other', events: 0 }).writer);
    const run = await warden(['verify', good(), '--log-key', other.logKey, '--json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { results: { counts: { by_code: Record<string, number> } } }).results.counts.by_code.NO_VALID_CHECKPOINT).toBe(1);
  });

  it.each([
    ['no --log-key', () => ['verify', good()], 'USAGE'],
    ['no evidence', () => ['verify', '--log-key', keys.logKey], 'USAGE'],
    ['--sample without --seed', () => ['verify', good(), '--log-key', keys.logKey, '--sample', '3'], 'USAGE'],
    ['a bad --at', () => ['verify', good(), '--log-key', keys.logKey, '--at', 'noon'], 'USAGE'],
    ['a malformed key', () => ['verify', good(), '--log-key', 'not-a-key'], 'VKEY_MALFORMED'],
    ['a missing directory', () => ['verify', path.join(dir, 'absent'), '--log-key', keys.logKey], 'EVIDENCE_UNREADABLE'],
    ['an unsupported file', () => ['verify', path.join(dir, 'bundle.zip'), '--log-key', keys.logKey], 'EVIDENCE_UNSUPPORTED'],
  ])('exits 2 on %s', async (_name, args, code) => {
    const run = await warden(args());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`warden: ${code}:`);
  });
});

describeVectors('warden verify --maip on the MAIP reference bundles', () => {
  const cases = Object.entries(readVectorJson<{ cases: Record<string, { spec_expected_verdict: string }> }>('maip-reference', 'expected.json').cases);

  it('gives every bundle its spec verdict and the maip-verifier exit code', async () => {
    const runs = await Promise.all(cases.map(([name]) => warden(['verify', '--maip', vectorPath('maip-reference', `${name}.json`), '--at', '2026-11-26T12:00:00Z'])));
    const wrong: string[] = [];
    cases.forEach(([name, expected], i) => {
      const verdict = expected.spec_expected_verdict.split(' ')[0] as MaipVerdict;
      if (!MAIP_VERDICTS.includes(verdict)) wrong.push(`${name}: unknown verdict ${verdict}`);
      const run = runs[i] as SpawnedRun;
      if (run.code !== maipExitCode(verdict) || run.stdout.split('\n')[0] !== verdict) wrong.push(`${name}: exit ${run.code}, ${run.stdout.split('\n')[0]}`);
    });
    expect(wrong).toEqual([]);
    expect(cases.length).toBe(8);
  });

  it('prints the verdict, reasons and exit code as JSON', async () => {
    const run = await warden(['verify', '--maip', vectorPath('maip-reference', 'revoked_agent.json'), '--at', '2026-11-26T12:00:00Z', '--json']);
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout) as { verdict: string; reasons: string[]; exit_code: number };
    expect(out.verdict).toBe('REVOKED');
    expect(out.exit_code).toBe(2);
    expect(out.reasons.length).toBeGreaterThan(0);
  });

  it('exits 10 (malformed or unknown) on an unreadable bundle or a bad time, and 2 on misuse', async () => {
    const [missing, badTime, misuse] = await Promise.all([
      warden(['verify', '--maip', path.join(dir, 'absent.json')]),
      warden(['verify', '--maip', vectorPath('maip-reference', 'revoked_agent.json'), '--at', 'later']),
      warden(['verify', good(), '--maip', vectorPath('maip-reference', 'revoked_agent.json')]),
    ]);
    expect([missing.code, badTime.code, misuse.code]).toEqual([10, 10, 2]);
    expect(missing.stdout).toMatch(/^MALFORMED\n {2}UNREADABLE:/);
  });
});
