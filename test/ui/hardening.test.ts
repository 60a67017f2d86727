import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_FILE } from '../../src/node/app/app-services.ts';
import { describeUi, openApp, startUiHarness, type AppPage, type UiHarness } from './harness.ts';
import { buildHostileReplica, HOSTILE_PROFILE, HOSTILE_URL, type HostileReplica } from './hostile-replica.ts';

// "A link cannot replace the app" (issue 6, STYLE.md example 7), with the registry's own data as
// the attacker: an agent whose name is a javascript: URL and whose description and purpose are
// links and markup, in a real replica. The screens must show those words as text, and neither a
// click on them nor a real link injected beside them may navigate the window, open another one, or
// reach the hostile site. (test/ui/app-shell.test.ts covers injected links, window.open, location
// and meta refresh on the first screen; test/main/security.test.ts the same policy in Electron.)
describeUi('hostile registry data in Chromium', () => {
  let harness: UiHarness;
  let app: AppPage;
  let hostile: HostileReplica;

  beforeAll(async () => {
    harness = await startUiHarness({
      prepareDataDir: async (dataDir) => {
        hostile = await buildHostileReplica(path.join(dataDir, REPLICA_FILE));
      },
    });
    await harness.services!.operations['settings.update']({ activeOriginId: hostile.originId });
    app = await openApp(harness);
  });

  afterAll(async () => {
    await app?.context.close();
    await harness?.close();
  });

  const hostileRequests = () => app.requests.filter((url) => url.startsWith('https://evil.example'));
  const openAgent = async () => {
    await app.page.evaluate(`location.hash = ${JSON.stringify(`#/agents/${encodeURIComponent(hostile.agentId)}`)}`);
    await app.page.getByRole('heading', { level: 1, name: HOSTILE_PROFILE.display_name }).waitFor();
    await app.page.getByRole('region', { name: 'Identity' }).waitFor();
  };

  /** Same document, same origin, still answering: the marker set before is still in the page's JavaScript world. */
  async function expectStillTheApp(): Promise<void> {
    const { page } = app;
    const ping = await page.evaluate(`window.warden.app.ping({ message: 'still here' })`);
    expect(ping).toEqual({ ok: true, value: { message: 'still here' } });
    expect(new URL(page.url()).origin).toBe(harness.bridge.origin);
    expect(await page.evaluate(`'__wardenMarker' in window`)).toBe(true);
    await page.getByRole('heading', { level: 1, name: HOSTILE_PROFILE.display_name }).waitFor();
    expect(app.context.pages()).toHaveLength(1);
    expect(hostileRequests()).toEqual([]);
  }

  describe('when an agent\'s name, owner, description and purpose are links and markup', () => {
    it('shows them as text: no link out of the app, no element made from them, no script run', async () => {
      await openAgent();
      const identity = app.page.getByRole('region', { name: 'Identity' });
      const text = await identity.innerText();
      expect(text).toContain(HOSTILE_PROFILE.description);
      expect(text).toContain(HOSTILE_PROFILE.owner);
      expect(text).toContain('<script>');
      // The tenant's name (markup and a URL too) is shown beside its id, as text.
      expect(text).toContain('<b>Tenant</b> https://evil.example/tenant');
      expect(await app.linksLeavingTheApp()).toEqual([]);
      expect(await app.page.locator('main img[src="x"], main script').count()).toBe(0);
      expect(await app.cspViolations()).toEqual([]);
      expect(app.errors).toEqual([]);
      expect(await app.checkScreen('hardening-hostile-agent')).toEqual([]);
    });

    it('keeps the app when those words, or a real link injected beside them, are clicked, middle-clicked or ctrl-clicked', async () => {
      const { page } = app;
      await openAgent();
      await page.evaluate(`Object.defineProperty(window, '__wardenMarker', { value: 1 })`);
      const identity = page.getByRole('region', { name: 'Identity' });
      await identity.getByText(HOSTILE_URL, { exact: false }).first().click();
      await page.getByRole('heading', { level: 1, name: HOSTILE_PROFILE.display_name }).click();
      // A link carrying the registry's URL, as a careless renderer would have made it.
      await page.evaluate(`(() => {
        const panel = [...document.querySelectorAll('section')].find((s) => s.getAttribute('aria-label') === 'Identity' || s.querySelector('h2')?.textContent === 'Identity');
        for (const [id, href, target] of [
          ['hostile-https', ${JSON.stringify(HOSTILE_URL)}, ''],
          ['hostile-blank', ${JSON.stringify(HOSTILE_URL)}, '_blank'],
          ['hostile-js', ${JSON.stringify(HOSTILE_PROFILE.display_name)}, ''],
          ['hostile-file', 'file:///etc/passwd', ''],
        ]) {
          const link = document.createElement('a');
          link.id = id;
          link.href = href;
          link.textContent = id;
          if (target !== '') link.target = target;
          panel.append(link);
        }
      })()`);
      for (const id of ['hostile-https', 'hostile-blank', 'hostile-js', 'hostile-file']) {
        const link = page.locator(`#${id}`);
        await link.click();
        await link.click({ button: 'middle' });
        await link.click({ modifiers: ['Control'] });
        await link.click({ modifiers: ['Shift'] });
      }
      await expectStillTheApp();
      expect(await page.evaluate(`'__injected' in window`)).toBe(false);
    });
  });

  describe('when the hostile entry is opened in the Log', () => {
    it('shows its canonical JSON as text, with no link out of the app', async () => {
      const { page } = app;
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Log', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Log' }).waitFor();
      // Entry 2 is the agent's registration (0: tenant, 1: admin).
      await page.getByRole('link', { name: 'Entry 2', exact: true }).click();
      const json = page.getByRole('region', { name: 'Canonical JSON' });
      await json.waitFor();
      expect(await json.innerText()).toContain('javascript:alert(document.domain)');
      expect(await app.linksLeavingTheApp()).toEqual([]);
      expect(hostileRequests()).toEqual([]);
      expect(await app.checkScreen('hardening-hostile-entry')).toEqual([]);
    });
  });
});
