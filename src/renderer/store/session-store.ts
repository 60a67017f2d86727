import { create } from 'zustand';
import type { ApiArgsInput } from '../../core/api/contract.ts';
import type { ReplicaSummary } from '../../core/api/schemas/replicas.ts';
import type { Settings } from '../../core/api/schemas/settings.ts';
import { call, toShownError, type ShownError } from '../api.ts';
import type { ThemeSetting } from '../theme/theme.ts';
import type { LoadStatus } from './app-store.ts';

/**
 * The session: which replicas exist (replicas.list), the settings (theme, policy limits, the active
 * replica), and a data version that screens watch to reload after a sync, import or verification.
 */
export interface SessionState {
  replicas: readonly ReplicaSummary[];
  replicasStatus: LoadStatus;
  replicasError: ShownError | null;
  settings: Settings | null;
  settingsError: ShownError | null;
  /** The replica chosen in this window (from settings, changed at once by the switcher). */
  activeOriginId: number | null;
  /** The theme remembered from the last session, used until settings load. */
  bootTheme: ThemeSetting;
  /** Bumped whenever a job ended: screens showing replica data reload. */
  dataVersion: number;
  /** Loads replicas.list; never rejects (a failure is recorded). */
  loadReplicas: () => Promise<void>;
  /** Loads settings.get; never rejects. */
  loadSettings: () => Promise<void>;
  /** settings.update; resolves to the new settings or rejects with the AppError (forms show it). */
  updateSettings: (patch: ApiArgsInput<'settings.update'>) => Promise<Settings>;
  /** Makes `originId` the active replica (settings.update); never rejects. */
  setActiveOrigin: (originId: number) => Promise<void>;
  /** Marks replica data as changed (reloads replicas, bumps dataVersion). */
  dataChanged: () => void;
}

export const initialSessionState = {
  replicas: [],
  replicasStatus: 'idle',
  replicasError: null,
  settings: null,
  settingsError: null,
  activeOriginId: null,
  bootTheme: 'system',
  dataVersion: 0,
} as const satisfies Partial<SessionState>;

const shown = toShownError;

export const useSessionStore = create<SessionState>()((set, get) => ({
  ...initialSessionState,
  loadReplicas: async () => {
    set((state) => ({ replicasStatus: state.replicasStatus === 'ready' ? 'ready' : 'loading', replicasError: null }));
    try {
      const { replicas } = await call('replicas.list', {});
      set({ replicas, replicasStatus: 'ready' });
    } catch (error) {
      set({ replicasStatus: 'failed', replicasError: shown(error) });
    }
  },
  loadSettings: async () => {
    try {
      const settings = await call('settings.get', {});
      set({ settings, settingsError: null, activeOriginId: settings.activeOriginId });
    } catch (error) {
      set({ settingsError: shown(error) });
    }
  },
  updateSettings: async (patch) => {
    const settings = await call('settings.update', patch);
    set({ settings, settingsError: null, activeOriginId: settings.activeOriginId });
    return settings;
  },
  setActiveOrigin: async (originId) => {
    // At once in this window; saved for the next start when the services accept it.
    set({ activeOriginId: originId });
    try {
      await get().updateSettings({ activeOriginId: originId });
    } catch (error) {
      set({ settingsError: shown(error), activeOriginId: originId });
    }
  },
  dataChanged: () => {
    set((state) => ({ dataVersion: state.dataVersion + 1 }));
    void get().loadReplicas();
  },
}));
