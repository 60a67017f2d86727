import { useEffect } from 'react';
import { applyTheme, parseThemeSetting, resolveTheme, THEME_STORAGE_KEY, type ThemeSetting } from './theme.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Applies `setting` to `<html>` and follows the OS while it is `system`. */
export function useTheme(setting: ThemeSetting): void {
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const paint = () => applyTheme(document.documentElement, resolveTheme(setting, media.matches));
    paint();
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, setting);
    } catch {
      // Storage may be unavailable (private mode); the theme still applies for this session.
    }
    if (setting !== 'system') return undefined;
    media.addEventListener('change', paint);
    return () => media.removeEventListener('change', paint);
  }, [setting]);
}

/** The theme remembered from the last session (`system` when none). */
export function storedThemeSetting(): ThemeSetting {
  try {
    return parseThemeSetting(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}
