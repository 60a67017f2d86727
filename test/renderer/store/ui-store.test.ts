import { beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from '../../../src/renderer/store/ui-store.ts';

beforeEach(() => useUiStore.setState({ notifications: [], sourceRequest: null, verificationRequest: null, shortcutsOpen: false }));

describe('useUiStore', () => {
  describe('requestSource', () => {
    it('numbers each request so that asking twice is two requests', () => {
      useUiStore.getState().requestSource({ kind: 'open-bundle' });
      const first = useUiStore.getState().sourceRequest;
      useUiStore.getState().requestSource({ kind: 'open-bundle' });
      const second = useUiStore.getState().sourceRequest;
      expect(first?.kind).toBe('open-bundle');
      expect(second?.seq).toBeGreaterThan(first?.seq ?? Infinity);
    });

    it('carries a dropped file', () => {
      const file = new File(['x'], 'evidence.zip');
      useUiStore.getState().requestSource({ kind: 'bundle-file', file });
      expect(useUiStore.getState().sourceRequest).toMatchObject({ kind: 'bundle-file', file });
    });

    it('clears only the request that was taken, not a newer one', () => {
      useUiStore.getState().requestSource({ kind: 'connect-registry' });
      const taken = useUiStore.getState().sourceRequest!.seq;
      useUiStore.getState().requestSource({ kind: 'open-bundle' });
      useUiStore.getState().clearSourceRequest(taken);
      expect(useUiStore.getState().sourceRequest?.kind).toBe('open-bundle');
      useUiStore.getState().clearSourceRequest(useUiStore.getState().sourceRequest!.seq);
      expect(useUiStore.getState().sourceRequest).toBeNull();
    });
  });

  it('records a verification request for the Verification screen', () => {
    useUiStore.getState().requestVerification('export');
    const request = useUiStore.getState().verificationRequest!;
    expect(request.kind).toBe('export');
    useUiStore.getState().clearVerificationRequest(request.seq);
    expect(useUiStore.getState().verificationRequest).toBeNull();
  });

  it('adds and dismisses notifications', () => {
    useUiStore.getState().notify({ id: 'n1', tone: 'success', title: 'Done', detail: '', code: null });
    expect(useUiStore.getState().notifications).toHaveLength(1);
    useUiStore.getState().dismiss('n1');
    expect(useUiStore.getState().notifications).toEqual([]);
  });
});
