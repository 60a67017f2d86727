import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_COMMANDS } from '../../src/core/api/contract.ts';
import { buildMenuTemplate, type MenuOptions } from '../../src/main/menu.ts';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const options = (overrides: Partial<MenuOptions> = {}): MenuOptions => ({
  productName: 'Agent Warden',
  isDev: false,
  isMac: false,
  onAbout: vi.fn(),
  onCommand: vi.fn(),
  ...overrides,
});

describe('buildMenuTemplate', () => {
  it('offers developer tools only in development', () => {
    const roles = (isDev: boolean) => items(buildMenuTemplate(options({ isDev }))).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('lists only items that do something: every leaf has a role or a click handler, none is disabled', () => {
    for (const isMac of [false, true]) {
      for (const item of items(buildMenuTemplate(options({ isMac })))) {
        if (item.type === 'separator' || item.submenu !== undefined) continue;
        expect(item.role !== undefined || typeof item.click === 'function').toBe(true);
        expect(item.enabled).not.toBe(false);
      }
    }
  });

  it('has File → Open evidence bundle…, Connect to registry…, Export…, Quit and Help → About on Windows and Linux', () => {
    const onAbout = vi.fn();
    const template = buildMenuTemplate(options({ onAbout }));
    const file = template.find((item) => item.label === '&File');
    expect((file?.submenu as MenuItemConstructorOptions[]).map((item) => item.label ?? item.role ?? item.type)).toEqual([
      '&Open evidence bundle…',
      '&Connect to registry…',
      'separator',
      '&Run verification',
      '&Export…',
      'separator',
      'quit',
    ]);
    const about = items(template).find((item) => item.label === 'About Agent Warden');
    (about?.click as () => void)();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('pushes every app command from exactly one item, and nothing else', () => {
    for (const isMac of [false, true]) {
      const onCommand = vi.fn();
      const commandItems = items(buildMenuTemplate(options({ isMac, onCommand }))).filter(
        (item) => item.role === undefined && item.submenu === undefined && item.type !== 'separator' && !String(item.label).startsWith('About'),
      );
      for (const item of commandItems) (item.click as () => void)();
      expect(onCommand.mock.calls.map(([command]) => command as string).sort()).toEqual([...APP_COMMANDS].sort());
    }
  });

  it('gives no two items the same accelerator', () => {
    const accelerators = items(buildMenuTemplate(options())).flatMap((item) => (item.accelerator === undefined ? [] : [item.accelerator]));
    expect(accelerators.length).toBeGreaterThanOrEqual(7);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('reaches the View screens from the keyboard (Ctrl+1 … Ctrl+4, Ctrl+,)', () => {
    const view = buildMenuTemplate(options()).find((item) => item.label === '&View');
    const byAccelerator = Object.fromEntries(
      (view?.submenu as MenuItemConstructorOptions[]).flatMap((item) => (item.accelerator === undefined ? [] : [[item.accelerator, item.label]])),
    );
    expect(byAccelerator).toEqual({
      'CmdOrCtrl+1': '&Overview',
      'CmdOrCtrl+2': '&Agents',
      'CmdOrCtrl+3': '&Log',
      'CmdOrCtrl+4': '&Verification',
      'CmdOrCtrl+,': '&Settings',
    });
  });

  it('puts About and Quit in the application menu on macOS', () => {
    const [appMenu] = buildMenuTemplate(options({ isMac: true }));
    const labelsAndRoles = (appMenu?.submenu as MenuItemConstructorOptions[]).map((item) => item.label ?? item.role);
    expect(labelsAndRoles).toContain('About Agent Warden');
    expect(labelsAndRoles).toContain('quit');
    const file = buildMenuTemplate(options({ isMac: true })).find((item) => item.label === '&File');
    expect((file?.submenu as MenuItemConstructorOptions[]).at(-1)?.role).toBe('close');
  });
});
