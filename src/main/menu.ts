import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../core/api/contract.ts';

/**
 * The application menu (issue 6: File: Open evidence bundle…, Connect to registry…, Export…; View;
 * Help). Items that act on the app do not act themselves: they push an app command
 * (`services.pushCommand`), which the window receives through `app.commands` and handles exactly as
 * it handles its own buttons, so the menu adds no second code path. Developer tools are reachable
 * only in development builds.
 */
export type MenuCommand = AppCommand['command'];

export interface MenuOptions {
  productName: string;
  isDev: boolean;
  isMac: boolean;
  onAbout: () => void;
  /** Called with the command of a clicked item (index.ts forwards it to `services.pushCommand`). */
  onCommand: (command: MenuCommand) => void;
}

/** The menu template; pure, so that tests can read it without Electron. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => options.onCommand(name),
    ...(accelerator === undefined ? {} : { accelerator }),
  });
  const about: MenuItemConstructorOptions = { label: `About ${options.productName}`, click: options.onAbout };
  const file: MenuItemConstructorOptions[] = [
    command('&Open evidence bundle…', 'open-bundle', 'CmdOrCtrl+O'),
    command('&Connect to registry…', 'connect-registry', 'CmdOrCtrl+Shift+O'),
    { type: 'separator' },
    command('&Run verification', 'verify', 'F5'),
    command('&Export…', 'export', 'CmdOrCtrl+E'),
    { type: 'separator' },
    options.isMac ? { role: 'close' } : { role: 'quit' },
  ];
  const view: MenuItemConstructorOptions[] = [
    command('&Overview', 'go-overview', 'CmdOrCtrl+1'),
    command('&Agents', 'go-agents', 'CmdOrCtrl+2'),
    command('&Log', 'go-log', 'CmdOrCtrl+3'),
    command('&Verification', 'go-verification', 'CmdOrCtrl+4'),
    command('&Settings', 'go-settings', 'CmdOrCtrl+,'),
    { type: 'separator' },
    { role: 'reload' },
    ...(options.isDev ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) {
    template.push({
      label: options.productName,
      submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    { label: '&File', submenu: file },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: '&View', submenu: view },
  );
  // On macOS, About lives in the application menu above.
  if (options.isMac) template.push({ role: 'windowMenu' });
  else template.push({ label: '&Help', role: 'help', submenu: [about] });
  return template;
}
