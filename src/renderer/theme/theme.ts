import type { Settings } from '../../core/api/schemas/settings.ts';

/**
 * Themes: light and dark, following the operating system (prefers-color-scheme) unless the person
 * chose one in Settings. The resolved theme is written to `<html data-theme>`; theme.css keys every
 * colour on it, and falls back to the media query before the script runs, so there is no flash.
 */
export type ThemeSetting = Settings['theme'];
export type ResolvedTheme = 'light' | 'dark';

const THEME_SETTINGS: readonly string[] = ['system', 'light', 'dark'];
/** Where the last chosen theme is remembered, so the next start paints in it before settings load. */
export const THEME_STORAGE_KEY = 'warden.theme';

/** The theme to paint for `setting` when the OS prefers dark (`systemDark`) or not. */
export function resolveTheme(setting: ThemeSetting, systemDark: boolean): ResolvedTheme {
  if (setting === 'light' || setting === 'dark') return setting;
  return systemDark ? 'dark' : 'light';
}

/** A stored or otherwise untrusted value as a theme setting: anything unknown is `system`. */
export function parseThemeSetting(value: unknown): ThemeSetting {
  return typeof value === 'string' && THEME_SETTINGS.includes(value) ? (value as ThemeSetting) : 'system';
}

/** Writes `theme` to `root` (`<html>`): the data-theme attribute and the colour scheme of native controls. */
export function applyTheme(root: HTMLElement, theme: ResolvedTheme): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}
