import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_VERSION, describeUi, openApp, startUiHarness, type UiHarness } from './harness.ts';

// Functions passed to `evaluate` run in the page; they reach the DOM through the element they get
// (`element.ownerDocument.defaultView` is the window) because this project's Node type-check has no
// DOM library.

// A site the app must never reach. The test browser has no route to it; any request to it is recorded.
const HOSTILE = 'https://evil.example/';

describeUi('the app shell in Chromium through the test bridge', () => {
  let harness: UiHarness;

  beforeAll(async () => {
    harness = await startUiHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  describe('when opened from the printed URL', () => {
    it('shows the product, the version from package.json and the browser runtime', async () => {
      const app = await openApp(harness);
      const { page } = app;
      await expect.poll(() => page.title()).toBe('Agent Warden');
      await page.getByRole('heading', { level: 1, name: 'Agent Warden' }).waitFor();
      const installation = page.getByRole('region', { name: 'This installation' });
      await installation.waitFor();
      expect(await installation.getByRole('definition').allInnerTexts()).toEqual([
        PACKAGE_VERSION,
        'Web browser (local bridge)',
        'Connected',
      ]);
      expect(await installation.getByRole('term').allInnerTexts()).toEqual(['Version', 'Runtime', 'App services']);
      // The one-time launch code is gone from the address bar once read.
      expect(new URL(page.url()).hash).toBe('');
      await app.context.close();
    });

    it.each(['light', 'dark'] as const)('renders in the %s theme with no console error and no CSP violation', async (colorScheme) => {
      const app = await openApp(harness, { colorScheme });
      await app.page.getByRole('region', { name: 'This installation' }).waitFor();
      const background = await app.page.locator('body').evaluate((body) => body.ownerDocument.defaultView.getComputedStyle(body).backgroundColor);
      expect(background).toBe(colorScheme === 'light' ? 'rgb(246, 247, 249)' : 'rgb(20, 23, 28)');
      expect(app.errors).toEqual([]);
      expect(await app.cspViolations()).toEqual([]);
      expect(existsSync(await app.screenshot(`app-shell-${colorScheme}`))).toBe(true);
      await app.context.close();
    });

    it('shows a visible focus ring on the first element reached with the keyboard', async () => {
      const app = await openApp(harness);
      await app.page.getByRole('region', { name: 'This installation' }).waitFor();
      await app.page.keyboard.press('Tab');
      const focused = app.page.getByRole('link', { name: 'Skip to content' });
      await expect.poll(() => focused.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
      expect(await focused.evaluate((element) => element.ownerDocument.defaultView.getComputedStyle(element).outlineStyle)).toBe('solid');
      await app.context.close();
    });
  });

  describe('when something tries to reach the app API without the page', () => {
    it('refuses an API request without the token with 403', async () => {
      const response = await fetch(`${harness.bridge.origin}/__warden/api/app.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'API_FORBIDDEN' } });
    });

    it('refuses a launch URL that was already used', async () => {
      const url = harness.bridge.createLaunchUrl();
      const first = await harness.browser.newContext();
      const firstPage = await first.newPage();
      await firstPage.goto(url);
      await firstPage.getByRole('region', { name: 'This installation' }).waitFor();

      const second = await harness.browser.newContext();
      const secondPage = await second.newPage();
      await secondPage.goto(url);
      const alert = secondPage.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getByRole('heading').innerText()).toBe('The request was refused');
      expect(await alert.locator('code').innerText()).toBe('API_FORBIDDEN');
      await first.close();
      await second.close();
    });
  });

  describe('when content in the page tries to replace the app', () => {
    it('keeps the app when a link to another site is clicked, middle-clicked or opened in a new tab', async () => {
      const app = await openApp(harness);
      const { page } = app;
      await page.getByRole('region', { name: 'This installation' }).waitFor();
      // Registry data may one day carry such links: simulate one rendered into the page.
      await page.getByRole('main').evaluate((main, href) => {
        for (const [id, target] of [['same-tab', ''], ['new-tab', '_blank']] as const) {
          const link = main.ownerDocument.createElement('a');
          link.id = id;
          link.href = href;
          link.textContent = `hostile ${id}`;
          if (target !== '') link.target = target;
          main.append(link);
        }
      }, HOSTILE);
      await page.locator('#same-tab').click();
      await page.locator('#same-tab').click({ button: 'middle' });
      await page.locator('#same-tab').click({ modifiers: ['Control'] });
      await page.locator('#new-tab').click();
      await expectStillTheApp(app.page, harness.bridge.origin);
      expect(app.context.pages()).toHaveLength(1);
      expect(app.requests.filter((url) => url.startsWith(HOSTILE))).toEqual([]);
      await app.context.close();
    });

    it('keeps the app when window.open, location or a meta refresh aim elsewhere', async () => {
      const app = await openApp(harness);
      const { page } = app;
      await page.getByRole('region', { name: 'This installation' }).waitFor();
      // evaluate runs as the browser's own script (outside the CSP): the strongest case.
      const body = page.locator('body');
      const opened = await body.evaluate((element, href) => element.ownerDocument.defaultView.open(href) === null, HOSTILE);
      expect(opened).toBe(true);
      await body.evaluate((element, href) => {
        element.ownerDocument.defaultView.location.href = href;
      }, HOSTILE);
      await body.evaluate((element, href) => {
        const meta = element.ownerDocument.createElement('meta');
        meta.httpEquiv = 'refresh';
        meta.content = `0;url=${href}`;
        element.ownerDocument.head.append(meta);
      }, HOSTILE);
      await expectStillTheApp(page, harness.bridge.origin);
      expect(app.context.pages()).toHaveLength(1);
      expect(app.requests.filter((url) => url.startsWith(HOSTILE))).toEqual([]);
      await app.context.close();
    });

    it('refuses to run script injected into the page, and reports it as a CSP violation', async () => {
      const app = await openApp(harness);
      const { page } = app;
      await page.getByRole('region', { name: 'This installation' }).waitFor();
      await page.locator('body').evaluate((body, href) => {
        const script = body.ownerDocument.createElement('script');
        script.textContent = `window.__injected = true; location.href = ${JSON.stringify(href)};`;
        body.append(script);
        const holder = body.ownerDocument.createElement('div');
        holder.innerHTML = `<img src="data:," onerror="window.__injected = true">`;
        body.append(holder);
      }, HOSTILE);
      // Each is reported once per policy (the meta tag and the header carry the same one).
      const directives = async () => [...new Set((await app.cspViolations()).map((violation) => violation.directive))].sort();
      await expect.poll(directives).toEqual([
        'script-src-attr',
        'script-src-elem',
      ]);
      expect(await page.locator('body').evaluate((body) => '__injected' in body.ownerDocument.defaultView)).toBe(false);
      await expectStillTheApp(page, harness.bridge.origin);
      await app.context.close();
    });
  });
});

/**
 * The app is still there: same origin, first screen visible, and the page's JavaScript world is
 * the one that loaded (a navigation would have replaced it; the marker is set here and read back
 * after a round trip through the bridge, so any navigation already started has been committed).
 */
async function expectStillTheApp(page: Page, origin: string): Promise<void> {
  const body = page.locator('body');
  await body.evaluate((element) => Object.defineProperty(element.ownerDocument.defaultView, '__wardenMarker', { value: 1 }));
  const ping = await body.evaluate((element) => element.ownerDocument.defaultView.warden.app.ping({ message: 'still here' }));
  expect(ping).toEqual({ ok: true, value: { message: 'still here' } });
  await page.getByRole('region', { name: 'This installation' }).waitFor();
  expect(new URL(page.url()).origin).toBe(origin);
  expect(await body.evaluate((element) => '__wardenMarker' in element.ownerDocument.defaultView)).toBe(true);
}
