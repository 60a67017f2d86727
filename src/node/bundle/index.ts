/** Public API of evidence bundles (issue 4 "Evidence bundles"; docs/protocol.md §12). */
export { BUNDLE_ERROR_CODES } from './bundle-errors.ts';
export type { BundleErrorCode } from './bundle-errors.ts';
export { BUNDLE_FORMAT, DEFAULT_BUNDLE_LIMITS, MANIFEST_PATH, encodeManifest, parseManifest } from './bundle-format.ts';
export type { BundleLimits, BundleManifest, ManifestMember } from './bundle-format.ts';
export { openBundle } from './open-bundle.ts';
export type { EvidenceBundle, OpenBundleOptions } from './open-bundle.ts';
export { exportBundle } from './export-bundle.ts';
export type { ExportBundleOptions, ExportBundleResult } from './export-bundle.ts';
export { importBundle } from './import-bundle.ts';
export type { ImportBundleOptions, ImportBundleResult } from './import-bundle.ts';
export { BundleLogSource } from './bundle-log-source.ts';
export { bundleEvidenceOpener, createBundleEvidenceSource, openBundleEvidence } from './zip-evidence-source.ts';
