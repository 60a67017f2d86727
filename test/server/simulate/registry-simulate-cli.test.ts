import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWarden } from '../../cli/helpers.ts';
import { startTestRegistry, type TestRegistry } from '../helpers/registry-fixture.ts';

describe('warden registry simulate', () => {
  let reg: TestRegistry;

  beforeAll(async () => {
    reg = await startTestRegistry();
  });

  afterAll(async () => {
    expect(reg.errors).toEqual([]);
    await reg.close();
  });

  describe('when given a running registry and its database', () => {
    it('exits 0 and prints a JSON summary matching the log growth', async () => {
      const before = reg.server.sequencer.size;
      const run = await spawnWarden(['registry', 'simulate', '--registry', reg.server.url, '--db', reg.dbPath, '--agents', '12', '--days', '4', '--rate', '800', '--seed', 'cli-test', '--max-seconds', '60', '--json']);
      expect(run.stderr).not.toMatch(/warden: /);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as { ok: boolean; stopped: string; entries: number; seed: string; agents: { registered: number }; refused_statements: number };
      expect(summary).toMatchObject({ ok: true, stopped: 'completed', seed: 'cli-test', refused_statements: 0, agents: { registered: 12 } });
      expect(reg.server.sequencer.size - before).toBe(summary.entries);
    });
  });

  describe('when the registry is not on a loopback address', () => {
    it('exits 2 with USAGE and sends nothing', async () => {
      const run = await spawnWarden(['registry', 'simulate', '--registry', 'http://192.0.2.1:8080', '--token', 'a'.repeat(43), '--admin-key', '/nonexistent.json']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/warden: USAGE: .*loopback/);
    });
  });
});
