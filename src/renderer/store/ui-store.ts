import { create } from 'zustand';
import { addNotification, dismissNotification, type AppNotification } from './notifications.ts';

/**
 * Window-level UI state: notifications, the shortcuts dialog, and requests that one part of the
 * window makes of a screen (the File menu or a drop asks the Start screen to open a bundle; the
 * menu asks the Verification screen to verify or export).
 */

/** What the Start screen is asked to do on arrival. `seq` makes a repeated request a new one. */
export type SourceRequest =
  | { readonly kind: 'open-bundle'; readonly seq: number }
  | { readonly kind: 'connect-registry'; readonly seq: number }
  | { readonly kind: 'bundle-file'; readonly seq: number; readonly file: File };

/** What the Verification screen is asked to do (the native menu's Verify and Export…). */
export type VerificationRequest = { readonly kind: 'verify' | 'export'; readonly seq: number };

export interface UiState {
  notifications: readonly AppNotification[];
  shortcutsOpen: boolean;
  sourceRequest: SourceRequest | null;
  verificationRequest: VerificationRequest | null;
  notify: (notification: AppNotification) => void;
  dismiss: (id: string) => void;
  setShortcutsOpen: (open: boolean) => void;
  requestSource: (request: Omit<SourceRequest, 'seq'> & { file?: File }) => void;
  /** The Start screen took the request. */
  clearSourceRequest: (seq: number) => void;
  requestVerification: (kind: VerificationRequest['kind']) => void;
  /** The Verification screen took the request. */
  clearVerificationRequest: (seq: number) => void;
}

let seq = 0;

export const useUiStore = create<UiState>()((set) => ({
  notifications: [],
  shortcutsOpen: false,
  sourceRequest: null,
  verificationRequest: null,
  notify: (notification) => set((state) => ({ notifications: addNotification(state.notifications, notification) })),
  dismiss: (id) => set((state) => ({ notifications: dismissNotification(state.notifications, id) })),
  setShortcutsOpen: (open) => set({ shortcutsOpen: open }),
  requestSource: (request) => {
    seq += 1;
    const next: SourceRequest =
      request.kind === 'bundle-file' && request.file !== undefined
        ? { kind: 'bundle-file', seq, file: request.file }
        : { kind: request.kind === 'connect-registry' ? 'connect-registry' : 'open-bundle', seq };
    set({ sourceRequest: next });
  },
  clearSourceRequest: (done) => set((state) => (state.sourceRequest?.seq === done ? { sourceRequest: null } : {})),
  requestVerification: (kind) => {
    seq += 1;
    set({ verificationRequest: { kind, seq } });
  },
  clearVerificationRequest: (done) => set((state) => (state.verificationRequest?.seq === done ? { verificationRequest: null } : {})),
}));

/** Named selectors for useUiStore. */
export const uiSelectors = {
  notifications: (state: UiState) => state.notifications,
  shortcutsOpen: (state: UiState) => state.shortcutsOpen,
  sourceRequest: (state: UiState) => state.sourceRequest,
  verificationRequest: (state: UiState) => state.verificationRequest,
  notify: (state: UiState) => state.notify,
  dismiss: (state: UiState) => state.dismiss,
  setShortcutsOpen: (state: UiState) => state.setShortcutsOpen,
  requestSource: (state: UiState) => state.requestSource,
  clearSourceRequest: (state: UiState) => state.clearSourceRequest,
  requestVerification: (state: UiState) => state.requestVerification,
  clearVerificationRequest: (state: UiState) => state.clearVerificationRequest,
};
