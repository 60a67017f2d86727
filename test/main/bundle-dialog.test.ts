import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIALOG_OPTIONS, createBundleFileChooser, type OpenDialog } from '../../src/main/bundle-dialog.ts';

function fakeDialog(answer: OpenDialogReturnValue) {
  const shown: { parent: unknown; options: OpenDialogOptions }[] = [];
  const dialog = {
    showOpenDialog: async (...args: unknown[]) => {
      shown.push({ parent: args.length === 2 ? args[0] : undefined, options: args.at(-1) as OpenDialogOptions });
      return answer;
    },
  } as OpenDialog;
  return { dialog, shown };
}

describe('createBundleFileChooser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bundle-dialog-'));
  const bundle = join(dir, 'evidence 2026-11.zip');
  writeFileSync(bundle, new Uint8Array(1234));
  const window = { id: 1 } as unknown as BrowserWindow;

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('when the person picks a file', () => {
    it('returns its path, name and size, and shows the zip filter over the window', async () => {
      const { dialog, shown } = fakeDialog({ canceled: false, filePaths: [bundle] });
      await expect(createBundleFileChooser(dialog, () => window)()).resolves.toEqual({ path: bundle, name: 'evidence 2026-11.zip', size: 1234 });
      expect(shown).toEqual([{ parent: window, options: BUNDLE_DIALOG_OPTIONS }]);
      expect(BUNDLE_DIALOG_OPTIONS.filters?.[0]).toEqual({ name: 'Evidence bundles', extensions: ['zip'] });
      expect(BUNDLE_DIALOG_OPTIONS.properties).toContain('openFile');
      expect(BUNDLE_DIALOG_OPTIONS.properties).not.toContain('multiSelections');
    });
  });

  describe('when there is no window', () => {
    it('shows the dialog unparented', async () => {
      const { dialog, shown } = fakeDialog({ canceled: false, filePaths: [bundle] });
      await createBundleFileChooser(dialog, () => undefined)();
      expect(shown[0]?.parent).toBeUndefined();
    });
  });

  describe('when the person cancels or picks nothing usable', () => {
    it.each([
      ['cancelled', { canceled: true, filePaths: [] }],
      ['cancelled with a stale path', { canceled: true, filePaths: [bundle] }],
      ['no path', { canceled: false, filePaths: [] }],
      ['a directory', { canceled: false, filePaths: [dir] }],
    ])('returns null (%s)', async (_label, answer) => {
      await expect(createBundleFileChooser(fakeDialog(answer).dialog, () => window)()).resolves.toBeNull();
    });
  });

  describe('when the chosen file vanished', () => {
    it('rejects with the file-system error', async () => {
      const { dialog } = fakeDialog({ canceled: false, filePaths: [join(dir, 'gone.zip')] });
      await expect(createBundleFileChooser(dialog, () => window)()).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
