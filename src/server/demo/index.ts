/**
 * The demo organisation for `warden registry serve --demo` (issue 3 "Demo and simulation"):
 * `buildDemoLog` (pure, deterministic), the demo admins' key files, and native Ed25519 signing for
 * building it fast.
 */
export { buildDemoLog, DEMO_HISTORY_DAYS, DEMO_QUORUM_THRESHOLDS } from './build-demo-log.ts';
export { createDemoAdminSigner, deriveDemoAdminSeed } from './demo-keys.ts';
export { nativePublicKeyFromSeed, nativeSeedSigner, nativeSignEd25519 } from './native-signers.ts';
export { DEMO_ADMIN_KEY_FORMAT, DEMO_KEYS_README, demoAdminKeyFileName, writeDemoAdminKeys, type DemoAdminKeyFile } from './write-admin-keys.ts';
export type { PublicKeyFunction, SignFunction } from './demo-writer.ts';
export type {
  BuildDemoLogOptions,
  DemoAdminKey,
  DemoCompromise,
  DemoDrop,
  DemoLog,
  DemoSummary,
  DemoTenantSummary,
} from './types.ts';
