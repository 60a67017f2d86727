import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu. Only items that work today are listed (File: Open evidence bundle…, Connect
 * to registry… and Export… arrive with their features, not as disabled placeholders). Developer
 * tools are reachable only in development builds.
 */
export interface MenuOptions {
  productName: string;
  isDev: boolean;
  isMac: boolean;
  onAbout: () => void;
}

/** The menu template; pure, so that tests can read it without Electron. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = { label: `About ${options.productName}`, click: options.onAbout };
  const view: MenuItemConstructorOptions[] = [
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
    { label: '&File', submenu: [options.isMac ? { role: 'close' } : { role: 'quit' }] },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: '&View', submenu: view },
  );
  // On macOS, About lives in the application menu above.
  if (options.isMac) template.push({ role: 'windowMenu' });
  else template.push({ label: '&Help', role: 'help', submenu: [about] });
  return template;
}
