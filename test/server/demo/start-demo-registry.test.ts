import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import type { DemoRegistryHandle } from '../../../src/node/app/app-context.ts';
import { DEMO_REGISTRY_DB, createDemoRegistryStarter } from '../../../src/server/demo/start-demo-registry.ts';
import { quietLogger } from '../helpers/registry-fixture.ts';

describe('createDemoRegistryStarter', () => {
  const dirs: string[] = [];
  const handles: DemoRegistryHandle[] = [];
  const start = createDemoRegistryStarter({ demo: { seed: 'start-demo-registry', scale: 0.05 }, logger: quietLogger([]), verifyWorkers: 0 });
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-demo-registry-'));
    dirs.push(dir);
    return join(dir, 'demo');
  };

  afterAll(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('when the directory is new', () => {
    it('creates the demo database under it and serves a signed checkpoint on 127.0.0.1 under the returned log key', async () => {
      const dir = freshDir();
      const demo = await start(dir);
      handles.push(demo);
      expect(existsSync(join(dir, DEMO_REGISTRY_DB))).toBe(true);
      expect(new URL(demo.url).hostname).toBe('127.0.0.1');
      expect(demo.logKey.startsWith(`${demo.origin}+`)).toBe(true);
      expect(demo.agents).toBeGreaterThan(10);
      expect(demo.entries).toBeGreaterThan(demo.agents);
      const response = await fetch(`${demo.url}/checkpoint`);
      expect(response.status).toBe(200);
      const { checkpoint } = openCheckpoint(await response.text(), demo.logKey);
      expect(checkpoint.size).toBe(BigInt(demo.entries));
      await demo.close();
      handles.pop();
      await expect(fetch(`${demo.url}/checkpoint`)).rejects.toThrow();
    });
  });

  describe('when the directory already holds a demo registry', () => {
    it('reuses it: same origin, log key and entries', async () => {
      const dir = freshDir();
      const first = await start(dir);
      const identity = { origin: first.origin, logKey: first.logKey, agents: first.agents, entries: first.entries };
      await first.close();
      const second = await start(dir);
      handles.push(second);
      expect({ origin: second.origin, logKey: second.logKey, agents: second.agents, entries: second.entries }).toEqual(identity);
    });
  });

  describe('when another server holds the database', () => {
    it('rejects with DB_LOCKED and leaves the running one serving', async () => {
      const dir = freshDir();
      const first = await start(dir);
      handles.push(first);
      await expect(start(dir)).rejects.toMatchObject({ code: 'DB_LOCKED' });
      expect((await fetch(`${first.url}/checkpoint`)).status).toBe(200);
    });
  });
});

