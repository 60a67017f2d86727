import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RENDERER_DIR, defaultDataDir } from '../../src/cli/commands/ui.ts';
import { runCli } from '../../src/cli/run.ts';
import { logKeyFingerprint } from '../../src/node/sync/key-fingerprint.ts';
import { createDemoRegistryStarter } from '../../src/server/demo/start-demo-registry.ts';
import { quietLogger } from '../server/helpers/registry-fixture.ts';
import { captureIo, wardenInProcess, type CapturedIo } from './helpers.ts';

// `warden ui` run in this process through the real command table, with the real services and the
// real bridge; the test fetches the URL it prints. SIGINT is delivered with process.emit, which
// runs the command's listener without signalling the test process.
// They need the built renderer: in CI (CI=true, after npm run build) always run; elsewhere, without
// a build, skipped with the reason in the title.
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const rendererBuilt = existsSync(join(DEFAULT_RENDERER_DIR, 'index.html')) || inCi;

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-ui-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  io: CapturedIo;
  exit: Promise<number>;
  /** The printed line `<label>: <value>`, once it appears. */
  line(label: string): Promise<string>;
  stop(): Promise<number>;
}

function startWardenUi(...argv: string[]): Running {
  const io = captureIo();
  const exit = runCli(['ui', ...argv], io);
  let exited = false;
  void exit.finally(() => (exited = true));
  const line = async (label: string) => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const found = io.out.split('\n').find((l) => l.startsWith(`${label}: `));
      if (found !== undefined) return found.slice(label.length + 2);
      if (exited || Date.now() > deadline) throw new Error(`no "${label}:" line; stdout: ${io.out}; stderr: ${io.err}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const stop = async () => {
    process.emit('SIGINT', 'SIGINT');
    return exit;
  };
  return { io, exit, line, stop };
}

/** Exchanges the printed URL's launch code for the session token, as the page does. */
async function launch(url: string): Promise<{ origin: string; token: string }> {
  const parsed = new URL(url);
  const code = parsed.hash.slice('#launch='.length);
  const response = await fetch(`${parsed.origin}/__warden/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(response.status).toBe(200);
  const envelope = (await response.json()) as { ok: true; value: { token: string } };
  return { origin: parsed.origin, token: envelope.value.token };
}

async function callApi(session: { origin: string; token: string }, method: string, args: unknown = {}): Promise<unknown> {
  const response = await fetch(`${session.origin}/__warden/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify(args),
  });
  return response.json();
}

describe('defaultDataDir', () => {
  it.each([
    [{ XDG_DATA_HOME: '/srv/data' }, '/srv/data/agent-warden'],
    [{ XDG_DATA_HOME: 'relative/data' }, '/home/a/.local/share/agent-warden'],
    [{ XDG_DATA_HOME: '' }, '/home/a/.local/share/agent-warden'],
    [{}, '/home/a/.local/share/agent-warden'],
  ])('with %j is %s', (env, expected) => {
    expect(defaultDataDir(env, '/home/a')).toBe(expected);
  });
});

describe('warden ui', () => {
  describe('when the renderer is not built', () => {
    it('exits 2 and says to run npm run build', async () => {
      const result = await wardenInProcess('ui', '--data', freshDir(), '--renderer', freshDir());
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^warden: USAGE: the UI is not built .*run npm run build/m);
      expect(result.out).toBe('');
    });
  });

  it.each(['-1', '65536', 'http', '80x'])('refuses --port %s (exit 2)', async (port) => {
    const result = await wardenInProcess('ui', '--port', port, '--data', freshDir());
    expect(result.code).toBe(2);
    expect(result.err).toContain('--port must be an integer');
  });

  it('lists the default data directory in its help', async () => {
    const result = await wardenInProcess('ui', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('$XDG_DATA_HOME/agent-warden');
    expect(result.out).toContain('~/.local/share/agent-warden');
  });

  (rendererBuilt ? describe : describe.skip)(`when the renderer is built${rendererBuilt ? '' : ' [skipped: out/renderer is missing; run npm run build]'}`, () => {
    it('serves the UI and the real services on 127.0.0.1 through a one-time URL, until SIGINT', async () => {
      const data = join(freshDir(), 'data');
      const ui = startWardenUi('--data', data);
      const url = await ui.line('open');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#launch=[A-Za-z0-9_-]{43}$/);
      expect(await ui.line('data')).toBe(data);
      expect(existsSync(data)).toBe(true);

      const page = await fetch(new URL(url).origin);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<div id="root">');

      const session = await launch(url);
      expect(await callApi(session, 'app.info')).toMatchObject({ ok: true, value: { name: 'Agent Warden', runtime: 'browser' } });
      expect(await callApi(session, 'jobs.list')).toEqual({ ok: true, value: { jobs: [] } });
      // The printed code worked once.
      const again = await fetch(`${session.origin}/__warden/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: new URL(url).hash.slice('#launch='.length) }),
      });
      expect(again.status).toBe(403);

      expect(await ui.stop()).toBe(0);
      expect(ui.io.err).toContain('SIGINT: shutting down');
      await expect(fetch(session.origin)).rejects.toThrow();
    });

    it('exits 2 with a clear message when the port is taken', async () => {
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        const result = await wardenInProcess('ui', '--port', String(port), '--data', freshDir());
        expect(result.code).toBe(2);
        expect(result.err).toContain(`cannot listen on 127.0.0.1:${port}`);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });

    describe('with --demo', () => {
      it('starts the demo registry first, prints its URL and log-key fingerprint, and hands the same registry to "Try the demo"', async () => {
        const data = freshDir();
        // A small demo database in place, so that --demo reuses it instead of building the full demo.
        // (The services keep the demo registry in <data>/demo.)
        mkdirSync(join(data, 'demo'));
        const small = await createDemoRegistryStarter({ demo: { seed: 'warden-ui', scale: 0.05 }, logger: quietLogger([]), verifyWorkers: 0 })(
          join(data, 'demo'),
        );
        const logKey = small.logKey;
        await small.close();

        const ui = startWardenUi('--demo', '--data', data);
        const demoLine = await ui.line('demo registry');
        const demoUrl = /^(http:\/\/127\.0\.0\.1:\d+) \(\d+ agents, [\d,]+ entries\)$/.exec(demoLine)?.[1];
        expect(demoUrl).toBeDefined();
        expect(await ui.line('demo log key')).toContain(logKeyFingerprint(logKey));
        expect((await fetch(`${demoUrl}/checkpoint`)).status).toBe(200);

        const session = await launch(await ui.line('open'));
        expect(await callApi(session, 'demo.start')).toMatchObject({ ok: true, value: { url: demoUrl, claimedKey: { vkey: logKey } } });
        // Nothing pinned: that needs the person's confirmation in the UI.
        expect(await callApi(session, 'replicas.list')).toMatchObject({ ok: true, value: { replicas: [] } });

        expect(await ui.stop()).toBe(0);
        await expect(fetch(`${demoUrl}/checkpoint`)).rejects.toThrow();
      });
    });
  });
});
