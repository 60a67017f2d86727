import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pickActiveReplica, sessionSelectors } from '../../../src/renderer/store/session-selectors.ts';
import { initialSessionState, useSessionStore } from '../../../src/renderer/store/session-store.ts';
import { replica } from './fixtures.ts';

const SETTINGS = {
  theme: 'dark',
  policy: { dormantDays: 30, checkpointMaxAgeHours: 24, revocationMaxSeconds: 300, trustDropPoints: 15 },
  activeOriginId: 2,
} as const;

/** A window.warden whose methods answer with envelopes, as the preload does. */
function stubWarden(overrides: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {}) {
  const calls: string[] = [];
  const ok = (value: unknown) => async () => ({ ok: true, value });
  const warden = {
    replicas: { list: ok({ replicas: [replica(1), replica(2)] }) },
    settings: {
      get: ok(SETTINGS),
      update: async (patch: unknown) => {
        calls.push(`settings.update ${JSON.stringify(patch)}`);
        return { ok: true, value: { ...SETTINGS, ...(patch as object) } };
      },
    },
    ...overrides,
  };
  vi.stubGlobal('window', { warden });
  return calls;
}

beforeEach(() => useSessionStore.setState(initialSessionState));
afterEach(() => vi.unstubAllGlobals());

describe('pickActiveReplica', () => {
  const replicas = [replica(1), replica(2)];

  it('picks the replica the settings name', () => {
    expect(pickActiveReplica(replicas, 2)?.originId).toBe(2);
  });

  it('falls back to the first replica when the named one is gone or none is named', () => {
    expect(pickActiveReplica(replicas, 9)?.originId).toBe(1);
    expect(pickActiveReplica(replicas, null)?.originId).toBe(1);
  });

  it('is null with no replica', () => {
    expect(pickActiveReplica([], 1)).toBeNull();
  });
});

describe('useSessionStore', () => {
  it('loads replicas and settings, and the active replica follows the settings', async () => {
    stubWarden();
    await useSessionStore.getState().loadReplicas();
    await useSessionStore.getState().loadSettings();
    const state = useSessionStore.getState();
    expect(state.replicasStatus).toBe('ready');
    expect(sessionSelectors.activeReplica(state)?.originId).toBe(2);
    expect(sessionSelectors.theme(state)).toBe('dark');
  });

  describe('when replicas.list fails', () => {
    it('records the code instead of rejecting', async () => {
      stubWarden({ replicas: { list: async () => ({ ok: false, error: { code: 'APP_NO_SERVICES', message: 'no services' } }) } });
      await useSessionStore.getState().loadReplicas();
      expect(useSessionStore.getState()).toMatchObject({ replicasStatus: 'failed', replicasError: { code: 'APP_NO_SERVICES' } });
    });

    it('records API_BAD_RESPONSE for an answer outside the contract', async () => {
      stubWarden({ replicas: { list: async () => ({ ok: true, value: { replicas: [{ originId: -1 }] } }) } });
      await useSessionStore.getState().loadReplicas();
      expect(useSessionStore.getState().replicasError?.code).toBe('API_BAD_RESPONSE');
    });
  });

  it('switches the active replica at once and saves it', async () => {
    const calls = stubWarden();
    await useSessionStore.getState().loadReplicas();
    const switching = useSessionStore.getState().setActiveOrigin(1);
    expect(useSessionStore.getState().activeOriginId).toBe(1);
    await switching;
    expect(calls).toEqual(['settings.update {"activeOriginId":1}']);
    expect(sessionSelectors.activeReplica(useSessionStore.getState())?.originId).toBe(1);
  });

  describe('when saving the active replica fails', () => {
    it('keeps the switch in this window and records the error', async () => {
      stubWarden({ settings: { update: async () => ({ ok: false, error: { code: 'API_INTERNAL', message: 'disk' } }) } });
      await useSessionStore.getState().setActiveOrigin(2);
      expect(useSessionStore.getState()).toMatchObject({ activeOriginId: 2, settingsError: { code: 'API_INTERNAL' } });
    });
  });

  it('bumps the data version and reloads replicas when data changed', async () => {
    stubWarden();
    useSessionStore.getState().dataChanged();
    expect(useSessionStore.getState().dataVersion).toBe(1);
    await vi.waitFor(() => expect(useSessionStore.getState().replicas).toHaveLength(2));
  });
});
