import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeUi, openApp, startUiHarness, type AppPage, type UiHarness } from './harness.ts';

// The auditor's first session, end to end, in real Chromium against the real services and a real
// demo registry on 127.0.0.1 (issue 6 "Tests"): open the demo, verify, follow a revocation to an
// agent and its trust chart, open a log entry and its proof, and every screen on the way
// screenshotted and checked with axe-core. The steps share one page and run in order: each starts
// where the previous one left the app, as a person would.
const SYNC_TIMEOUT = { timeout: 90_000 };

describeUi('the demo journey in Chromium', () => {
  let harness: UiHarness;
  let app: AppPage;

  beforeAll(async () => {
    harness = await startUiHarness();
    app = await openApp(harness);
  });

  afterAll(async () => {
    await app?.context.close();
    await harness?.close();
  });

  const nav = (name: string): Locator => app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });
  const h1 = (name: string | RegExp): Locator => app.page.getByRole('heading', { level: 1, name });

  /** The screen is clean: no serious/critical axe violation, no link out of the app, no console error, no CSP violation. */
  async function expectCleanScreen(name: string): Promise<void> {
    expect(await app.checkScreen(name), `axe on ${name}`).toEqual([]);
    expect(await app.linksLeavingTheApp(), `links on ${name}`).toEqual([]);
    expect(await app.cspViolations(), `CSP on ${name}`).toEqual([]);
    expect(app.errors, `console on ${name}`).toEqual([]);
  }

  describe('when a first-time user tries the demo', () => {
    it('starts the demo registry, asks to confirm its fingerprint, syncs, and shows the Overview with its agents', async () => {
      const { page } = app;
      await h1('Welcome to Agent Warden').waitFor();
      await expectCleanScreen('start');
      // Before any evidence: Settings has nothing pinned, and the data screens lead back to Start.
      await nav('Settings').click();
      await h1('Settings').waitFor();
      await expectCleanScreen('settings-first-run');
      await nav('Agents').click();
      await h1('Welcome to Agent Warden').waitFor();

      await page.getByRole('button', { name: 'Try the demo', exact: true }).click();
      const pin = page.getByRole('button', { name: 'Pin this key and open the demo' });
      await pin.waitFor(SYNC_TIMEOUT);
      // The registry the UI started, as the services see it (demo.start hands back the running one).
      const demo = await harness.services!.operations['demo.start']({});
      expect(await page.locator('.fingerprint-value').innerText()).toBe(demo.claimedKey.fingerprint);
      expect(await page.getByText(`${demo.agents.toLocaleString('en')} agents`, { exact: false }).count()).toBeGreaterThan(0);
      // Nothing is pinned before the person confirms.
      expect(await pin.isDisabled()).toBe(true);
      await expectCleanScreen('start-demo-fingerprint');

      await page.getByLabel('I compared the fingerprint with one obtained out of band, and they match').check();
      await pin.click();
      await h1('Overview').waitFor(SYNC_TIMEOUT);
      const agents = page.getByRole('region', { name: 'Agents' });
      await expect.poll(() => agents.locator('.big-number').innerText(), SYNC_TIMEOUT).toContain(`${demo.agents.toLocaleString('en')} agents`);
      await page.getByRole('region', { name: 'Recent revocations and suspensions' }).waitFor();
      await expectCleanScreen('overview');
    });
  });

  describe('when the auditor verifies the replica', () => {
    it('runs the verifier from the Verification screen and shows the verdict with the findings by check', async () => {
      const { page } = app;
      await nav('Verification').click();
      await h1('Verification').waitFor();
      await page.getByRole('heading', { name: 'Not verified yet' }).waitFor();
      await expectCleanScreen('verification-not-yet');
      await page.getByRole('button', { name: 'Run verification' }).click();
      const verdict = page.locator('#verdict-title');
      await verdict.waitFor(SYNC_TIMEOUT);
      expect(await verdict.innerText()).toMatch(/Verified/);
      await page.getByRole('heading', { level: 2, name: 'Findings by check' }).waitFor();
      expect(await page.locator('details.check-group').count()).toBe(7);
      await expectCleanScreen('verification');
    });
  });

  describe('when the auditor follows a finding', () => {
    it('opens the agent a policy finding names, whose own Findings panel lists it', async () => {
      const { page } = app;
      const policy = page.locator('details.check-group', { hasText: 'policy' });
      const finding = policy.locator('li.finding').first();
      const code = await finding.locator('code').first().innerText();
      const link = finding.getByRole('link', { name: /^Agent / });
      const agentId = (await link.innerText()).replace(/^Agent /, '');
      await link.click();
      await page.getByRole('navigation', { name: 'Breadcrumbs' }).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/agents/${encodeURIComponent(agentId)}`);
      const findings = page.getByRole('region', { name: 'Findings', exact: true });
      await expect.poll(() => findings.innerText(), SYNC_TIMEOUT).toContain(code);
      await expectCleanScreen('agent-detail-finding');
    });
  });

  describe('when the auditor follows a revocation', () => {
    it('opens the revoked agent from the Overview, with its identity, trust chart and revocation', async () => {
      const { page } = app;
      await nav('Overview').click();
      const recent = page.getByRole('region', { name: 'Recent revocations and suspensions' });
      await recent.waitFor();
      const revoked = recent.locator('li.event', { has: page.getByText('Revoked', { exact: true }) }).first();
      const target = revoked.locator('.event-targets a').first();
      const agentId = await target.innerText();
      await target.click();
      await page.getByRole('navigation', { name: 'Breadcrumbs' }).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/agents/${encodeURIComponent(agentId)}`);
      const trust = page.getByRole('region', { name: 'Trust score' });
      const chart = trust.getByRole('img');
      await chart.waitFor(SYNC_TIMEOUT);
      expect(await chart.getAttribute('aria-label')).toMatch(/\d/);
      expect(await trust.locator('canvas').count()).toBeGreaterThan(0);
      const revocation = page.getByRole('region', { name: 'Revocation', exact: true });
      expect(await revocation.innerText()).toMatch(/revoked? at entry [\d,]+/i);
      // The revocation's receipt: its inclusion proof, recomputed against the verified checkpoint.
      expect(await revocation.getByRole('region', { name: 'Revocation inclusion proof' }).innerText()).toMatch(
        /Verified: entry [\d,]+ is in the verified tree of [\d,]+ entries\./,
      );
      await expectCleanScreen('agent-detail');
    });
  });

  describe('when the auditor reads the log', () => {
    it('opens an entry with its canonical JSON, signatures and a verified inclusion proof', async () => {
      const { page } = app;
      await nav('Log').click();
      await h1('Log').waitFor();
      await expectCleanScreen('log');
      const jump = page.getByRole('group', { name: 'Jump to entry' });
      await jump.getByRole('textbox', { name: 'Entry index' }).fill('5');
      await jump.getByRole('button', { name: 'Go to entry' }).click();
      await page.locator('#entry-title').waitFor();
      expect(new URL(page.url()).hash).toBe('#/log/5');
      await page.getByRole('region', { name: 'Canonical JSON' }).waitFor();
      expect(await page.getByRole('region', { name: 'Signatures' }).innerText()).toContain('(all valid)');
      const proof = page.getByRole('region', { name: 'Inclusion proof' });
      expect(await proof.innerText()).toMatch(/Verified: entry 5 is in the verified tree of [\d,]+ entries\./);
      await expectCleanScreen('log-entry');
    });
  });

  describe('when the auditor searches the agents', () => {
    it('narrows the table to the matching agents', async () => {
      const { page } = app;
      await nav('Agents').click();
      await h1('Agents').waitFor();
      const count = page.locator('.screen-count');
      await expect.poll(() => count.innerText()).toMatch(/^[\d,]+ agents$/);
      const all = Number((await count.innerText()).replace(/\D/g, ''));
      const firstName = await page.getByRole('grid', { name: 'Agents' }).getByRole('gridcell').first().innerText();
      await page.getByRole('search', { name: 'Filter agents' }).getByRole('searchbox').fill(firstName);
      await expect.poll(() => count.innerText()).toMatch(/match$/);
      const matching = Number((await count.innerText()).replace(/\D/g, ''));
      expect(matching).toBeGreaterThanOrEqual(1);
      expect(matching).toBeLessThan(all);
      await expectCleanScreen('agents');
    });
  });

  describe('when the auditor opens Settings', () => {
    it('shows the pinned demo log key by its fingerprint', async () => {
      const { page } = app;
      await nav('Settings').click();
      await h1('Settings').waitFor();
      const demo = await harness.services!.operations['demo.start']({});
      await expect.poll(() => page.locator('main').innerText()).toContain(demo.claimedKey.fingerprint);
      await expectCleanScreen('settings');
    });
  });

  describe('when the auditor adds evidence from the registry already pinned', () => {
    it('probes the registry and says it is already pinned with this key', async () => {
      const { page } = app;
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Add evidence', exact: true }).click();
      await h1('Add evidence').waitFor();
      await page.getByRole('button', { name: 'Connect to a registry…' }).click();
      const demo = await harness.services!.operations['demo.start']({});
      await page.getByRole('textbox', { name: 'Registry URL' }).fill(demo.url);
      await page.getByRole('button', { name: 'Check registry' }).click();
      await expect.poll(() => page.locator('main').innerText(), SYNC_TIMEOUT).toContain(`${demo.origin} is already pinned here with this key`);
      await expectCleanScreen('start-connect-registry');
    });
  });

  describe('when the native menu asks for a screen (File and View menus in Electron)', () => {
    it('shows it: the command reaches the window through app.commands', async () => {
      harness.services!.pushCommand('go-log');
      await h1('Log').waitFor({ timeout: 30_000 });
      harness.services!.pushCommand('go-verification');
      await h1('Verification').waitFor({ timeout: 30_000 });
    });
  });

  describe('when the auditor uses the keyboard', () => {
    it('moves between sections with g-sequences and Ctrl+number, and lists the shortcuts with ?', async () => {
      const { page } = app;
      await page.locator('main').focus();
      await page.keyboard.press('g');
      await page.keyboard.press('a');
      await h1('Agents').waitFor();
      await page.locator('main').focus();
      await page.keyboard.press('Control+3');
      await h1('Log').waitFor();
      await page.locator('main').focus();
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('Go to Verification');
      await expectCleanScreen('shortcuts-dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });
  });

  describe('in the dark theme', () => {
    it('renders the Overview cleanly', async () => {
      await app.page.emulateMedia({ colorScheme: 'dark' });
      await nav('Overview').click();
      await h1('Overview').waitFor();
      await app.page.getByRole('region', { name: 'Agents' }).waitFor();
      await expectCleanScreen('overview-dark');
      await app.page.emulateMedia({ colorScheme: 'light' });
    });
  });
});
