import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportBundle } from '../../src/node/bundle/export-bundle.ts';
import { ReplicaStore } from '../../src/node/replica/replica-store.ts';
import { describeUi, openApp, startUiHarness, type AppPage, type UiHarness } from './harness.ts';
import { buildHostileReplica, type HostileReplica } from './hostile-replica.ts';

// "Drag a bundle onto the window to open it" (issue 6): a real evidence bundle, exported from a
// real replica, dropped on the window in Chromium. The renderer reads the dropped file and hands
// it to the services through files.*; the person pastes the log key (a bundle never supplies its
// own), confirms its fingerprint, and the import lands on the Overview. The drop is synthesised
// with a DataTransfer holding the file, as Chromium builds it for a real drop.
describeUi('dropping an evidence bundle on the window in Chromium', () => {
  let harness: UiHarness;
  let app: AppPage;
  let source: HostileReplica;
  let bundleBase64 = '';
  let workDir = '';

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'warden-ui-bundle-'));
    source = await buildHostileReplica(path.join(workDir, 'source.db'));
    const store = ReplicaStore.open(path.join(workDir, 'source.db'));
    try {
      await exportBundle({ store, origin: source.origin, out: path.join(workDir, 'evidence.zip') });
    } finally {
      store.close();
    }
    bundleBase64 = readFileSync(path.join(workDir, 'evidence.zip')).toString('base64');
    harness = await startUiHarness();
    app = await openApp(harness);
  });

  afterAll(async () => {
    await app?.context.close();
    await harness?.close();
    if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
  });

  it('opens the dropped bundle, asks for the log key and its confirmation, imports it and shows the Overview', async () => {
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Welcome to Agent Warden' }).waitFor();
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(bundleBase64)}), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'evidence.zip', { type: 'application/zip' }));
      return transfer;
    })()`);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await app.screenshot('bundle-drop-overlay');
    await page.dispatchEvent('main', 'drop', { dataTransfer });

    await page.getByRole('region', { name: 'What the bundle contains' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('region', { name: 'What the bundle contains' }).innerText()).toContain(source.origin);
    const keyField = page.getByRole('textbox', { name: 'Log verifier key', exact: true });
    await keyField.waitFor();
    expect(await app.checkScreen('bundle-key')).toEqual([]);
    await keyField.fill(source.logKey);
    await page.getByRole('button', { name: 'Show fingerprint' }).click();
    const pin = page.getByRole('button', { name: 'Pin this key and import' });
    await pin.waitFor();
    expect(await pin.isDisabled()).toBe(true);
    expect(await app.checkScreen('bundle-fingerprint')).toEqual([]);
    await page.getByLabel('I compared the fingerprint with one obtained out of band, and they match').check();
    await pin.click();

    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 60_000 });
    const agents = page.getByRole('region', { name: 'Agents' });
    await expect.poll(() => agents.locator('.big-number').innerText(), { timeout: 30_000 }).toMatch(/^1 agents? in 1 tenant/);
    expect(app.errors).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
  });
});
