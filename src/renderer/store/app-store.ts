import { create, type StateCreator } from 'zustand';
import type { AppInfo } from '../../core/api/contract.ts';
import { appApi, toShownError, type ShownError } from '../api.ts';

/**
 * The renderer's store: one slice per domain (zustand `StateCreator` slices, combined below; STYLE.md).
 * Actions call the API service and record either the result or the error's code and message.
 */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface AppInfoSlice {
  appInfo: AppInfo | null;
  appInfoStatus: LoadStatus;
  appInfoError: ShownError | null;
  /** Loads `app.info`; never rejects (a failure is recorded in the state). */
  loadAppInfo: () => Promise<void>;
}

export type AppState = AppInfoSlice;

export const initialAppInfoState = { appInfo: null, appInfoStatus: 'idle', appInfoError: null } as const satisfies Partial<AppInfoSlice>;

export const createAppInfoSlice: StateCreator<AppState, [], [], AppInfoSlice> = (set) => ({
  ...initialAppInfoState,
  loadAppInfo: async () => {
    set({ appInfoStatus: 'loading', appInfoError: null });
    try {
      const appInfo = await appApi.info();
      set({ appInfo, appInfoStatus: 'ready' });
    } catch (error) {
      set({ appInfoStatus: 'failed', appInfoError: toShownError(error) });
    }
  },
});

export const useAppStore = create<AppState>()((...a) => ({
  ...createAppInfoSlice(...a),
}));
