import { z } from 'zod';
import { countSchema, decimalSchema, handleSchema, keyTextSchema, labelSchema, originIdSchema, timeMsSchema } from './common.ts';
import { pinnedKeySchema } from './replicas.ts';

/**
 * Where evidence comes from (first run, File menu, drag and drop): a registry URL, an evidence
 * bundle file, or the built-in demo registry. Policy (DESIGN §3): keys are never trusted from the
 * source. Probing a registry or inspecting a bundle shows the key it claims, with its fingerprint;
 * pinning needs the person's explicit confirmation, carried as `confirmFingerprint`, which must equal
 * the fingerprint of `logKey` (APP_FINGERPRINT_MISMATCH otherwise).
 */

/** http(s) URL of a registry, bounded. */
export const registryUrlSchema = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/[^\s]+$/);

export const registryProbeArgs = z.strictObject({ url: registryUrlSchema });
export const registryProbeResult = z.object({
  url: registryUrlSchema,
  origin: labelSchema,
  /** The key the registry says it signs with: to be compared out of band before pinning. */
  claimedKey: pinnedKeySchema,
  treeSize: decimalSchema,
  /** Already pinned in this app: its replica, and whether the claimed key is the pinned one. */
  pinned: z.object({ originId: originIdSchema, sameKey: z.boolean() }).nullable(),
});

export const registryConnectArgs = z.strictObject({
  url: registryUrlSchema,
  logKey: keyTextSchema,
  confirmFingerprint: z.string().max(200),
});
export const connectStartedResult = z.object({ jobId: handleSchema });

export const syncStartArgs = z.strictObject({ originId: originIdSchema });

/** The demo: a reference registry on 127.0.0.1 seeded with the demo organisation. */
export const demoStartResult = z.object({
  url: registryUrlSchema,
  origin: labelSchema,
  claimedKey: pinnedKeySchema,
  agents: countSchema,
  entries: countSchema,
});

// Files: the window hands the services a file it chose (a dialog, a drop, an <input type=file>) in
// chunks; it never sees or sends a path. In Electron, `files.openDialog` shows the native dialog.
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;

export const fileBeginArgs = z.strictObject({
  name: z.string().min(1).max(255),
  size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
});
export const fileChunkArgs = z.strictObject({
  fileId: handleSchema,
  offset: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
  /** Standard base64 with padding, at most MAX_UPLOAD_CHUNK_BYTES decoded. */
  data: z.string().max(Math.ceil(MAX_UPLOAD_CHUNK_BYTES / 3) * 4),
});
export const fileRefArgs = z.strictObject({ fileId: handleSchema });
export const chosenFileSchema = z.object({ fileId: handleSchema, name: labelSchema, size: countSchema });
export const fileChunkResult = z.object({ received: countSchema });
export const fileDialogResult = z.object({ file: chosenFileSchema.nullable() });

export const bundleInspectResult = z.object({
  file: chosenFileSchema,
  origin: labelSchema,
  /** The newest checkpoint in the bundle, and the signer name/key hash on it. */
  treeSize: decimalSchema,
  signerName: labelSchema,
  signerKeyHashHex: z.string().max(8),
  checkpoints: countSchema,
  createdMs: timeMsSchema.nullable(),
  tool: labelSchema.nullable(),
  /** When this origin is already pinned here: its replica and key (the import will use it). */
  pinned: z.object({ originId: originIdSchema, logKey: pinnedKeySchema }).nullable(),
});

export const bundleImportArgs = z.strictObject({
  fileId: handleSchema,
  /** Required unless the origin is already pinned (then it must equal the pinned key if given). */
  logKey: keyTextSchema.optional(),
  confirmFingerprint: z.string().max(200).optional(),
});

export const keyFingerprintArgs = z.strictObject({ vkey: keyTextSchema });
export const keyFingerprintResult = pinnedKeySchema;
