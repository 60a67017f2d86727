/** settings.get / settings.update: validated, persisted atomically, and a damaged file never stops the app. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_SETTINGS } from '../../../src/core/api/schemas/settings.ts';
import { openTestApp } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-app-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings.get', () => {
  it('answers the defaults on first run', async () => {
    const app = await openTestApp({ dir });
    try {
      await expect(app.call('settings.get', {})).resolves.toEqual({ theme: 'system', policy: DEFAULT_POLICY_SETTINGS, activeOriginId: null });
    } finally {
      await app.close();
    }
  });
});

describe('settings.update', () => {
  it('merges a partial update, answers every setting, and persists it across a restart', async () => {
    const app = await openTestApp({ dir });
    try {
      const updated = await app.call('settings.update', { theme: 'dark', policy: { dormantDays: 7 } });
      expect(updated).toEqual({ theme: 'dark', policy: { ...DEFAULT_POLICY_SETTINGS, dormantDays: 7 }, activeOriginId: null });
      expect(app.services.policy().dormantDays).toBe(7);
    } finally {
      await app.close();
    }
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const again = await openTestApp({ dir });
    try {
      await expect(again.call('settings.get', {})).resolves.toMatchObject({ theme: 'dark', policy: { dormantDays: 7 } });
    } finally {
      await again.close();
    }
  });

  it.each([
    [{ theme: 'blue' }],
    [{ policy: { dormantDays: 0 } }],
    [{ policy: { trustDropPoints: 101 } }],
    [{ policy: { unknown: 1 } }],
    [{ extra: true }],
  ])('refuses %j with API_BAD_ARGUMENTS', async (args) => {
    const app = await openTestApp({ dir });
    try {
      await expect(app.call('settings.update', args as never)).rejects.toMatchObject({ code: 'API_BAD_ARGUMENTS' });
      await expect(app.call('settings.get', {})).resolves.toMatchObject({ theme: 'system' });
    } finally {
      await app.close();
    }
  });

  it('refuses an active replica that does not exist (APP_NOT_FOUND), and accepts null', async () => {
    const app = await openTestApp({ dir });
    try {
      await expect(app.call('settings.update', { activeOriginId: 12 })).rejects.toMatchObject({ code: 'APP_NOT_FOUND' });
      await expect(app.call('settings.update', { activeOriginId: null })).resolves.toMatchObject({ activeOriginId: null });
    } finally {
      await app.close();
    }
  });
});

describe('a damaged settings file', () => {
  it.each([
    ['broken JSON', '{"theme": "dark",'],
    ['an unknown key', JSON.stringify({ theme: 'dark', policy: DEFAULT_POLICY_SETTINGS, activeOriginId: null, admin: true })],
    ['a value out of range', JSON.stringify({ theme: 'dark', policy: { ...DEFAULT_POLICY_SETTINGS, dormantDays: -1 }, activeOriginId: null })],
    ['duplicate keys', '{"theme":"dark","theme":"light","policy":{},"activeOriginId":null}'],
    ['not an object', '[]'],
  ])('with %s is kept aside as settings.json.bad-<ms> and replaced by the defaults', async (_what, text) => {
    writeFileSync(join(dir, 'settings.json'), text);
    const app = await openTestApp({ dir, now: () => 1_700_000_000_000 });
    try {
      await expect(app.call('settings.get', {})).resolves.toMatchObject({ theme: 'system' });
      expect(readFileSync(join(dir, 'settings.json.bad-1700000000000'), 'utf8')).toBe(text);
      expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'system' });
    } finally {
      await app.close();
    }
  });
});
