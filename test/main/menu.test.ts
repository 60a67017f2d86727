import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuOptions } from '../../src/main/menu.ts';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const options = (overrides: Partial<MenuOptions> = {}): MenuOptions => ({
  productName: 'Agent Warden',
  isDev: false,
  isMac: false,
  onAbout: vi.fn(),
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

  it('has File → Quit and Help → About on Windows and Linux', () => {
    const onAbout = vi.fn();
    const template = buildMenuTemplate(options({ onAbout }));
    const file = template.find((item) => item.label === '&File');
    expect((file?.submenu as MenuItemConstructorOptions[]).map((item) => item.role)).toEqual(['quit']);
    const about = items(template).find((item) => item.label === 'About Agent Warden');
    (about?.click as () => void)();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('puts About and Quit in the application menu on macOS', () => {
    const [appMenu] = buildMenuTemplate(options({ isMac: true }));
    const labelsAndRoles = (appMenu?.submenu as MenuItemConstructorOptions[]).map((item) => item.label ?? item.role);
    expect(labelsAndRoles).toContain('About Agent Warden');
    expect(labelsAndRoles).toContain('quit');
  });
});
