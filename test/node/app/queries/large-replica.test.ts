import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLargeReplica } from '../../../fixtures/large-replica.ts';

describe('buildLargeReplica', () => {
  const dirs: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'warden-large-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('builds once, then hands out independent copies of the cached file', async () => {
    const first = await buildLargeReplica({ agents: 600, dir: dir() });
    const second = await buildLargeReplica({ agents: 600, dir: dir() });
    expect(second.cached).toBe(true);
    expect(second.path).not.toBe(first.path);
    expect(statSync(second.path).size).toBe(statSync(first.path).size);
    const { cached: _a, path: _b, open: _c, ...info } = first;
    const { cached: _d, path: _e, open: _f, ...again } = second;
    expect(again).toEqual(info);
    const store = second.open();
    try {
      store.db.prepare('DELETE FROM agents').run();
    } finally {
      store.close();
    }
    const third = await buildLargeReplica({ agents: 600, dir: dir() });
    const check = third.open();
    try {
      expect((check.db.prepare('SELECT count(*) AS n FROM agents').get() as { n: number }).n).toBe(600);
      expect(check.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
  });

  it('writes a verified replica whose last checkpoint covers every entry', async () => {
    const r = await buildLargeReplica({ agents: 600, dir: dir() });
    const store = r.open();
    try {
      const sync = store.getSyncState(r.originId);
      expect(sync.entries).toBe(r.entries);
      const checkpoint = store.getCheckpoint(sync.verifiedCheckpointId as number);
      expect(checkpoint).toMatchObject({ size: r.entries, status: 'verified' });
      expect(checkpoint.cosignatures.map((c) => c.name)).toEqual([r.witnessName]);
      expect(r.tenants.length).toBeGreaterThanOrEqual(3);
    } finally {
      store.close();
    }
  });

  it('refuses a size that is not a positive integer', async () => {
    await expect(buildLargeReplica({ agents: 0, dir: dir() })).rejects.toThrow(/positive integer/);
  });
});
