/**
 * Opening an evidence bundle (docs/protocol.md §12): the zip structure (zip-reader.ts), the member
 * names against the layout, manifest.json against the members, and the manifest's checkpoint
 * against the `checkpoint` member. The result reads members by name, each checked again against the
 * manifest (size and SHA-256) every time it is read, so that a file changed after opening is caught.
 *
 * Policy: nothing in the bundle is trusted. Opening verifies the container only, never signatures or
 * Merkle hashes: those are checked by whoever consumes the members (the sync engine on import, the
 * verifier on `warden verify`), with keys the caller pins. `verifyMembers` (the default) inflates
 * and hashes every member once at open, so that a hostile or damaged bundle is refused before its
 * consumer writes anything; `requireComplete` (import) also demands every tile and entry bundle the
 * manifest's tree size needs. Codes: bundle-errors.ts.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { bytesToBase64 } from '../../core/encoding/base64.ts';
import { bytesToUtf8 } from '../../core/encoding/utf8.ts';
import { isProtocolError } from '../../core/errors.ts';
import { parseCheckpoint, type Checkpoint } from '../../core/note/checkpoint.ts';
import { parseNote } from '../../core/note/signed-note.ts';
import { tileLevelsFor } from '../../core/tiles/tile-geometry.ts';
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import { abortError } from '../sync/http-get.ts';
import { CLAIMED_STATE_PATH, LATEST_CHECKPOINT_PATH } from '../verify/layout-source.ts';
import { createBundleError } from './bundle-errors.ts';
import {
  DEFAULT_BUNDLE_LIMITS,
  MANIFEST_PATH,
  MEMBER_LIMITS,
  classifyMemberName,
  parseManifest,
  type BundleLimits,
  type BundleManifest,
  type ManifestMember,
} from './bundle-format.ts';
import { openZipArchive, type ZipArchive, type ZipMember } from './zip-reader.ts';

export interface OpenBundleOptions {
  readonly limits?: Partial<BundleLimits>;
  /** Inflate and hash every member at open (default true). */
  readonly verifyMembers?: boolean;
  /** Refuse a bundle missing a tile or entry bundle its tree size needs (BUNDLE_INCOMPLETE). Default false. */
  readonly requireComplete?: boolean;
  /** Stops the member pass: ReplicaError SYNC_CANCELLED (or the signal's ReplicaError reason). */
  readonly signal?: AbortSignal;
}

export interface EvidenceBundle {
  /** The file's base name (never a machine-specific path). */
  readonly name: string;
  readonly manifest: BundleManifest;
  /** Lowercase hex SHA-256 of manifest.json. */
  readonly manifestSha256: string;
  /** The checkpoint of the `checkpoint` member, parsed (not verified: no key is involved here). */
  readonly checkpoint: Checkpoint;
  /** Manifest rows by member name (manifest.json itself excluded). */
  readonly members: ReadonlyMap<string, ManifestMember>;
  /**
   * The bytes of member `name`, or undefined if there is none; checked against the manifest as
   * read. Throws BUNDLE_MANIFEST_MISMATCH, BUNDLE_BOMB, BUNDLE_MALFORMED, BUNDLE_UNREADABLE.
   */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Names directly inside directory `dir` ("" = the root), sorted, as layout-source.ts lists them. */
  list(dir: string): readonly string[];
  /** Lowercase hex SHA-256 of the whole bundle file (read once, then kept). */
  fileSha256(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens and checks the bundle at `file` (see the module policy). Throws the BUNDLE_* codes of
 * bundle-errors.ts (except the export ones); the file is closed when it throws.
 */
export async function openBundle(file: string, options: OpenBundleOptions = {}): Promise<EvidenceBundle> {
  const limits: BundleLimits = { ...DEFAULT_BUNDLE_LIMITS, ...options.limits };
  const archive = await openZipArchive(file, limits);
  try {
    return await checkBundle(archive, path.basename(file), limits, options);
  } catch (error) {
    await archive.close();
    throw error;
  }
}

async function checkBundle(archive: ZipArchive, name: string, limits: BundleLimits, options: OpenBundleOptions): Promise<EvidenceBundle> {
  const files = new Map<string, ZipMember>();
  for (const member of archive.members) {
    if (member.directory) continue;
    const kind = classifyMemberName(member.name);
    if (kind === undefined) throw createBundleError('BUNDLE_BAD_NAME', `${member.name} is not a file of the evidence layout`, { member: member.name });
    const max = kind === 'manifest' ? limits.maxManifestBytes : MEMBER_LIMITS[kind];
    if (member.size > max) throw createBundleError('BUNDLE_TOO_LARGE', `${member.name} declares ${member.size} bytes; a ${kind} has at most ${max}`, { member: member.name });
    files.set(member.name, member);
  }
  const manifestMember = files.get(MANIFEST_PATH);
  if (manifestMember === undefined) throw createBundleError('BUNDLE_MALFORMED', 'not an evidence bundle: there is no manifest.json');
  const manifestBytes = await archive.read(manifestMember);
  const manifest = parseManifest(manifestBytes, limits.maxManifestBytes);

  const rows = new Map<string, ManifestMember>();
  for (const row of manifest.members) {
    if (rows.has(row.name)) throw createBundleError('BUNDLE_DUPLICATE_MEMBER', `manifest.json lists ${row.name} twice`, { member: row.name });
    rows.set(row.name, row);
    const member = files.get(row.name);
    if (member === undefined || row.name === MANIFEST_PATH) throw mismatch(`manifest.json lists ${row.name}, which the bundle does not hold`, row.name);
    if (member.size !== row.size) throw mismatch(`${row.name} holds ${member.size} bytes; manifest.json says ${row.size}`, row.name);
  }
  for (const member of files.keys()) {
    if (member !== MANIFEST_PATH && !rows.has(member)) throw mismatch(`${member} is not listed in manifest.json`, member);
  }
  if (manifest.claimed_state !== rows.has(CLAIMED_STATE_PATH)) {
    throw mismatch(`manifest.json says claimed_state ${manifest.claimed_state}, but ${CLAIMED_STATE_PATH} is ${rows.has(CLAIMED_STATE_PATH) ? 'present' : 'absent'}`, CLAIMED_STATE_PATH);
  }

  const read = async (member: string): Promise<Uint8Array | undefined> => {
    const zipped = files.get(member);
    const row = rows.get(member);
    if (zipped === undefined || row === undefined) return undefined;
    const bytes = await archive.read(zipped);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== row.size || digest !== row.sha256) throw mismatch(`${member} does not match its SHA-256 in manifest.json`, member, { expected: row.sha256, actual: digest });
    return bytes;
  };

  const checkpoint = await readManifestCheckpoint(read, manifest);
  if (options.verifyMembers ?? true) {
    for (const member of rows.keys()) {
      if (options.signal?.aborted === true) throw abortError(options.signal);
      await read(member);
    }
  }
  if (options.requireComplete === true) checkComplete(rows, checkpoint.size);

  const index = directoryIndex([...rows.keys()]);
  const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
  let fileHash: Promise<string> | undefined;
  return {
    name,
    manifest,
    manifestSha256,
    checkpoint,
    members: rows,
    read,
    list: (dir) => index.get(dir) ?? [],
    fileSha256: () => (fileHash ??= hashFile(archive)),
    close: () => archive.close(),
  };
}

/** The `checkpoint` member, which must exist, parse, and be the checkpoint manifest.json names. */
async function readManifestCheckpoint(read: (name: string) => Promise<Uint8Array | undefined>, manifest: BundleManifest): Promise<Checkpoint> {
  const bytes = await read(LATEST_CHECKPOINT_PATH);
  if (bytes === undefined) throw createBundleError('BUNDLE_MALFORMED', 'the bundle has no checkpoint member');
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(parseNote(bytesToUtf8(bytes)).text);
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    throw createBundleError('BUNDLE_MALFORMED', `the checkpoint member is not a signed checkpoint: ${error.message}`, { cause: error.code }, error);
  }
  if (checkpoint.origin !== manifest.origin || checkpoint.size.toString() !== manifest.tree_size || bytesToBase64(checkpoint.rootHash) !== manifest.root_hash) {
    throw mismatch(
      `manifest.json names ${manifest.origin} at ${manifest.tree_size} (${manifest.root_hash}); the checkpoint is ${checkpoint.origin} at ${checkpoint.size} (${bytesToBase64(checkpoint.rootHash)})`,
      LATEST_CHECKPOINT_PATH,
    );
  }
  return checkpoint;
}

/**
 * Every tile and entry bundle a tree of `size` needs (c2sp.org/tlog-tiles), at its width or a
 * wider one (a full tile serves for any of its partials). Throws BUNDLE_INCOMPLETE.
 */
function checkComplete(rows: ReadonlyMap<string, ManifestMember>, size: bigint): void {
  const has = (format: (width: number) => string, width: number): boolean => {
    for (let w = width; w <= 256; w++) if (rows.has(format(w))) return true;
    return false;
  };
  const levels = tileLevelsFor(size);
  // Count first: a checkpoint claiming a huge tree must not make us enumerate its tiles.
  const needed = levels.reduce((n, l) => n + l.fullTiles + (l.partialWidth > 0 ? 1n : 0n), 0n);
  if (needed > BigInt(rows.size)) {
    throw createBundleError('BUNDLE_INCOMPLETE', `tree size ${size} needs ${needed} hash tiles, more than the ${rows.size} members the bundle holds`, { needed: needed.toString() });
  }
  for (const { level, fullTiles, partialWidth } of levels) {
    const needs: [bigint, number][] = [];
    for (let i = 0n; i < fullTiles; i++) needs.push([i, 256]);
    if (partialWidth > 0) needs.push([fullTiles, partialWidth]);
    for (const [index, width] of needs) {
      if (!has((w) => formatTilePath(level, index, w), width)) {
        throw createBundleError('BUNDLE_INCOMPLETE', `the bundle lacks ${formatTilePath(level, index, width)}, which tree size ${size} needs`, { level, index: index.toString(), width });
      }
      if (level === 0 && !has((w) => formatEntryBundlePath(index, w), width)) {
        throw createBundleError('BUNDLE_INCOMPLETE', `the bundle lacks ${formatEntryBundlePath(index, width)}, which tree size ${size} needs`, { index: index.toString(), width });
      }
    }
  }
}

/** dir → sorted child names, for every directory implied by the member names. */
function directoryIndex(names: readonly string[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const name of names) {
    const parts = name.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      let set = sets.get(dir);
      if (set === undefined) sets.set(dir, (set = new Set()));
      set.add(parts[i] as string);
    }
  }
  return new Map([...sets].map(([dir, set]) => [dir, [...set].sort()]));
}

async function hashFile(archive: ZipArchive): Promise<string> {
  const hash = createHash('sha256');
  const chunk = 4 * 1024 * 1024;
  for (let at = 0; at < archive.fileSize; at += chunk) hash.update(await archive.readRaw(at, Math.min(chunk, archive.fileSize - at)));
  return hash.digest('hex');
}

function mismatch(message: string, member: string, details: Record<string, unknown> = {}): Error {
  return createBundleError('BUNDLE_MANIFEST_MISMATCH', message, { member, ...details });
}
