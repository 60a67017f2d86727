import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { BundleFileChooser, DialogFile } from '../node/app/app-context.ts';

/**
 * "Open evidence bundle…" in Electron: the native open dialog, filtered to zip files. The chosen
 * path stays in main (the services read the file); the renderer only ever learns its name and size
 * (issue 6: the renderer never sees a file path it did not choose).
 */
export interface OpenDialog {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

export const BUNDLE_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Open evidence bundle',
  buttonLabel: 'Open',
  filters: [
    { name: 'Evidence bundles', extensions: ['zip'] },
    { name: 'All files', extensions: ['*'] },
  ],
  properties: ['openFile', 'dontAddToRecent'],
};

/**
 * A BundleFileChooser showing `dialog` over `parent()` (or unparented when there is no window).
 * Resolves to null when the person cancels or picks something that is not a regular file; rejects
 * only with a file-system error from reading the chosen file's size.
 */
export function createBundleFileChooser(dialog: OpenDialog, parent: () => BrowserWindow | undefined): BundleFileChooser {
  return async (): Promise<DialogFile | null> => {
    const window = parent();
    const result = window === undefined ? await dialog.showOpenDialog(BUNDLE_DIALOG_OPTIONS) : await dialog.showOpenDialog(window, BUNDLE_DIALOG_OPTIONS);
    const [path] = result.filePaths;
    if (result.canceled || path === undefined) return null;
    const info = await stat(path);
    if (!info.isFile()) return null;
    return { path, name: basename(path), size: info.size };
  };
}
