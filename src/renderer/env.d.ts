import type { WardenApi } from '../core/api/contract.ts';

declare global {
  interface Window {
    /** The app API: the preload in Electron, the test bridge's script in a browser; absent elsewhere. */
    readonly warden?: WardenApi;
  }
}

export {};
