/**
 * The evidence bundle format `warden.evidence-bundle/v1` (docs/protocol.md §12): one zip file
 * holding exactly the verifier's evidence layout (src/node/verify/evidence-source.ts: C2SP
 * tlog-tiles plus the checkpoint history and the claimed state) and `manifest.json`, which lists
 * every other member with its size and SHA-256 and names the checkpoint the bundle is about.
 *
 * Policy (the whole file is attacker-controlled):
 * - member names are ASCII layout paths only (`classifyMemberName`); anything else is BUNDLE_BAD_NAME;
 * - each kind of member has a size limit (`MEMBER_LIMITS`), the whole file others (`BundleLimits`);
 * - the manifest is strict JSON (I-JSON, no duplicate names) and a strict schema: an unknown member
 *   is BUNDLE_MALFORMED, another format version BUNDLE_UNSUPPORTED.
 */
import { z } from 'zod';
import { isProtocolError } from '../../core/errors.ts';
import { parseJsonBytesStrict } from '../../core/json.ts';
import { parseTilePath } from '../../core/tiles/tile-path.ts';
import {
  CLAIMED_STATE_PATH,
  LATEST_CHECKPOINT_PATH,
  MAX_CHECKPOINT_NOTE_BYTES,
  MAX_CLAIMED_STATE_BYTES,
  MAX_ENTRY_BUNDLE_BYTES,
  MAX_HASH_TILE_BYTES,
  SEEN_AT_PATH,
} from '../verify/layout-source.ts';
import { createBundleError } from './bundle-errors.ts';

export const BUNDLE_FORMAT = 'warden.evidence-bundle/v1';
export const MANIFEST_PATH = 'manifest.json';
export const TOOL_NAME = 'agent-warden';

/** Limits of a whole bundle. Every field can be lowered (tests) or raised by the caller. */
export interface BundleLimits {
  /** Largest bundle file. A zip without zip64 cannot address more than 4 GiB anyway. */
  readonly maxFileBytes: number;
  /** Most members (files and directories) in the central directory. */
  readonly maxMembers: number;
  /** Largest central directory. */
  readonly maxCentralDirectoryBytes: number;
  /** Sum of the declared uncompressed sizes. */
  readonly maxTotalBytes: number;
  /** Largest declared uncompressed ÷ compressed size of a member above RATIO_FLOOR_BYTES. */
  readonly maxRatio: number;
  /** Largest manifest.json. */
  readonly maxManifestBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxFileBytes: 2 ** 32,
  maxMembers: 1 << 20,
  maxCentralDirectoryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 16 * 2 ** 30,
  // Log entries are JSON with base64url signatures and compress about 3:1; deflate cannot exceed
  // about 1032:1. 100:1 leaves a wide margin for legitimate data and stops a bomb at once.
  maxRatio: 100,
  maxManifestBytes: 256 * 1024 * 1024,
};

/** Members smaller than this are not ratio-checked (they cannot do harm). */
export const RATIO_FLOOR_BYTES = 4096;

export type MemberKind = 'manifest' | 'checkpoint' | 'history' | 'seen-at' | 'claimed-state' | 'hash-tile' | 'entry-bundle';

/** Largest member of each kind (the verifier's own limits, src/node/verify/layout-source.ts). */
export const MEMBER_LIMITS: Readonly<Record<Exclude<MemberKind, 'manifest'>, number>> = {
  checkpoint: MAX_CHECKPOINT_NOTE_BYTES,
  history: MAX_CHECKPOINT_NOTE_BYTES,
  'seen-at': 16 * 1024 * 1024,
  'claimed-state': MAX_CLAIMED_STATE_BYTES,
  'hash-tile': MAX_HASH_TILE_BYTES,
  'entry-bundle': MAX_ENTRY_BUNDLE_BYTES,
};

/** `checkpoints/<size>-<n>`: decimal, no leading zeroes (as layout-source.ts reads them). */
export const HISTORY_NAME = /^checkpoints\/(0|[1-9][0-9]{0,19})-(0|[1-9][0-9]{0,5})$/;

/** The kind of a member name, or undefined if the layout has no such file. Never throws. */
export function classifyMemberName(name: string): MemberKind | undefined {
  if (name === MANIFEST_PATH) return 'manifest';
  if (name === LATEST_CHECKPOINT_PATH) return 'checkpoint';
  if (name === SEEN_AT_PATH) return 'seen-at';
  if (name === CLAIMED_STATE_PATH) return 'claimed-state';
  if (HISTORY_NAME.test(name)) return 'history';
  if (!name.startsWith('tile/')) return undefined;
  try {
    return parseTilePath(name).kind === 'entries' ? 'entry-bundle' : 'hash-tile';
  } catch (error) {
    if (isProtocolError(error)) return undefined;
    throw error;
  }
}

export interface ManifestMember {
  readonly name: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  /** Lowercase hex SHA-256 of the uncompressed bytes. */
  readonly sha256: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly tool: { readonly name: string; readonly version: string };
  readonly origin: string;
  /** Decimal uint64: the size of the checkpoint in the member `checkpoint`. */
  readonly tree_size: string;
  /** Standard base64 root hash, as on line 3 of that checkpoint. */
  readonly root_hash: string;
  /** Whether `claimed-state.json` is in the bundle (false: the exporter had none). */
  readonly claimed_state: boolean;
  /** Every member but manifest.json, in the order they are stored. */
  readonly members: readonly ManifestMember[];
}

const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  tool: z.strictObject({ name: z.string().min(1).max(64), version: z.string().min(1).max(64) }),
  origin: z.string().min(1).max(1024),
  tree_size: z.string().regex(/^(0|[1-9][0-9]{0,19})$/),
  root_hash: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  claimed_state: z.boolean(),
  members: z.array(
    z.strictObject({
      name: z.string().min(1).max(1024),
      size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

/**
 * Parses manifest.json (attacker-controlled). Throws BUNDLE_MALFORMED (not strict JSON, or not the
 * schema), BUNDLE_UNSUPPORTED (another format).
 */
export function parseManifest(bytes: Uint8Array, maxBytes: number): BundleManifest {
  let value: unknown;
  try {
    value = parseJsonBytesStrict(bytes, { maxBytes, maxDepth: 8 });
  } catch (error) {
    throw createBundleError('BUNDLE_MALFORMED', `manifest.json is not strict JSON: ${(error as Error).message}`, undefined, error);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== BUNDLE_FORMAT && format.startsWith('warden.evidence-bundle/')) {
    throw createBundleError('BUNDLE_UNSUPPORTED', `this tool reads ${BUNDLE_FORMAT}, not ${format.slice(0, 64)}`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw createBundleError('BUNDLE_MALFORMED', `manifest.json: ${issue === undefined ? 'invalid' : `${issue.path.join('.')}: ${issue.message}`}`);
  }
  return parsed.data as BundleManifest;
}

/** The manifest's bytes: JSON with members in a fixed order, one member row per line. Deterministic. */
export function encodeManifest(manifest: BundleManifest): Uint8Array {
  const head = {
    format: manifest.format,
    tool: { name: manifest.tool.name, version: manifest.tool.version },
    origin: manifest.origin,
    tree_size: manifest.tree_size,
    root_hash: manifest.root_hash,
    claimed_state: manifest.claimed_state,
  };
  const rows = manifest.members.map((m) => `    ${JSON.stringify({ name: m.name, size: m.size, sha256: m.sha256 })}`);
  const text = `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "members": [\n${rows.join(',\n')}\n  ]\n}\n`;
  return new TextEncoder().encode(text);
}
