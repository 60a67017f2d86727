import type { AppState } from './app-store.ts';

/** Named selectors for useAppStore (STYLE.md: selectors live here, not inline in components). */
export const appSelectors = {
  appInfo: (state: AppState) => state.appInfo,
  appInfoStatus: (state: AppState) => state.appInfoStatus,
  appInfoError: (state: AppState) => state.appInfoError,
  loadAppInfo: (state: AppState) => state.loadAppInfo,
};
