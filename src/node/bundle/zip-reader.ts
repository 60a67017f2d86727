/**
 * A strict reader of the zip subset evidence bundles use (PKWARE APPNOTE 6.3.x: §4.3.6 overall
 * layout, §4.3.7 local file header, §4.3.12 central directory header, §4.3.16 end of central
 * directory; store (0) and deflate (8) only). Everything in the file is attacker-controlled.
 *
 * Policy:
 * - the central directory is the index; every local header must agree with it (flags, method, name,
 *   and CRC and sizes unless a data descriptor carries them), and the members must tile the file
 *   from offset 0 to the central directory with no overlap and no unaccounted bytes, which also
 *   defeats overlapping-member bombs;
 * - limits are checked from the declared sizes BEFORE anything is inflated (file size, member count,
 *   central directory size, total declared size, per-member ratio), and again WHILE inflating: a
 *   member is inflated with a hard output cap of its declared size (node:zlib `maxOutputLength`), so
 *   a lying header cannot make it produce one byte more; its CRC-32 is then checked;
 * - zip64, encryption (traditional or strong), masked headers, multi-disk archives and any other
 *   compression method are refused (BUNDLE_UNSUPPORTED), never half-read;
 * - names must be clean relative paths: no NUL or control byte, no "\", no leading "/", no drive
 *   letter, no empty, "." or ".." segment, ASCII only (BUNDLE_BAD_NAME); names are unique
 *   (BUNDLE_DUPLICATE_MEMBER, a file and a directory of the same name included).
 * Codes: bundle-errors.ts.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { isProtocolError } from '../../core/errors.ts';
import { createBundleError } from './bundle-errors.ts';
import { RATIO_FLOOR_BYTES, type BundleLimits } from './bundle-format.ts';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED = 0x2000;

const EXTRA_ZIP64 = 0x0001;
const EXTRA_AES = 0x9901;

export interface ZipMember {
  readonly name: string;
  readonly directory: boolean;
  readonly method: 0 | 8;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  /** Declared uncompressed size. */
  readonly size: number;
  readonly headerOffset: number;
  /** Offset of the member's data (after its local header). */
  readonly dataOffset: number;
}

export interface ZipArchive {
  /** Every member in central-directory order (directories included, flagged). */
  readonly members: readonly ZipMember[];
  readonly fileSize: number;
  /**
   * The uncompressed bytes of `member`, inflated with a hard cap at its declared size and
   * CRC-checked. Throws BUNDLE_BOMB, BUNDLE_MALFORMED, BUNDLE_UNREADABLE.
   */
  read(member: ZipMember): Promise<Uint8Array>;
  /** Reads `length` raw bytes at `offset` (for hashing the file). Throws BUNDLE_UNREADABLE. */
  readRaw(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

type ZipLimits = Pick<BundleLimits, 'maxFileBytes' | 'maxMembers' | 'maxCentralDirectoryBytes' | 'maxTotalBytes' | 'maxRatio'>;

/** A central-directory record: a member before its local header has been read. */
interface CentralEntry extends Omit<ZipMember, 'dataOffset'> {
  readonly nameBytes: Uint8Array;
}

/**
 * Opens the zip at `path` and checks its whole structure (see the module policy); nothing is
 * inflated yet. Throws BUNDLE_UNREADABLE, BUNDLE_TOO_LARGE, BUNDLE_BOMB, BUNDLE_TRUNCATED,
 * BUNDLE_MALFORMED, BUNDLE_UNSUPPORTED, BUNDLE_BAD_NAME, BUNDLE_DUPLICATE_MEMBER.
 */
export async function openZipArchive(path: string, limits: ZipLimits): Promise<ZipArchive> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw createBundleError('BUNDLE_UNREADABLE', `cannot open ${path}: ${errnoOf(error)}`, undefined, error);
  }
  try {
    const archive = await readStructure(handle, limits);
    return archive;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

async function readStructure(handle: FileHandle, limits: ZipLimits): Promise<ZipArchive> {
  let fileSize: number;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw createBundleError('BUNDLE_UNREADABLE', 'not a regular file');
    fileSize = info.size;
  } catch (error) {
    if (isProtocolError(error)) throw error;
    throw createBundleError('BUNDLE_UNREADABLE', `cannot stat the bundle: ${errnoOf(error)}`, undefined, error);
  }
  if (fileSize > limits.maxFileBytes) {
    throw createBundleError('BUNDLE_TOO_LARGE', `the file is ${fileSize} bytes; at most ${limits.maxFileBytes} are accepted`, { size: fileSize });
  }
  const readAt = (offset: number, length: number): Promise<Uint8Array> => readExactly(handle, offset, length, fileSize);
  const head = await readAt(0, Math.min(4, fileSize));
  if (head.length < 4 || u32(head, 0) !== SIG_LOCAL) throw createBundleError('BUNDLE_MALFORMED', 'not a zip file (no local file header at offset 0)');

  // APPNOTE §4.3.16: the end-of-central-directory record is the last 22 bytes plus a comment of at
  // most 65,535 bytes; take the last signature whose comment length reaches exactly the end.
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (u32(tail, i) === SIG_EOCD && i + EOCD_SIZE + u16(tail, i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw createBundleError('BUNDLE_TRUNCATED', 'the end of the central directory is missing: the file is truncated or not a zip');
  const eocdOffset = fileSize - tailLength + eocd;
  const disk = u16(tail, eocd + 4);
  const cdDisk = u16(tail, eocd + 6);
  const entriesHere = u16(tail, eocd + 8);
  const entries = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || (eocd >= 20 && u32(tail, eocd - 20) === SIG_ZIP64_LOCATOR)) {
    throw createBundleError('BUNDLE_UNSUPPORTED', 'zip64 archives are not supported');
  }
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== entries) throw createBundleError('BUNDLE_UNSUPPORTED', 'multi-disk (spanned) archives are not supported');
  if (entries > limits.maxMembers) throw createBundleError('BUNDLE_TOO_LARGE', `${entries} members; at most ${limits.maxMembers} are accepted`, { members: entries });
  if (entries === 0) throw createBundleError('BUNDLE_MALFORMED', 'the archive has no members');
  if (cdSize > limits.maxCentralDirectoryBytes) throw createBundleError('BUNDLE_TOO_LARGE', `the central directory is ${cdSize} bytes`, { size: cdSize });
  if (cdOffset + cdSize !== eocdOffset) {
    throw createBundleError(cdOffset + cdSize > eocdOffset ? 'BUNDLE_TRUNCATED' : 'BUNDLE_MALFORMED', 'the central directory does not end where the end record begins', {
      cdOffset,
      cdSize,
      eocdOffset,
    });
  }

  const central = parseCentralDirectory(await readAt(cdOffset, cdSize), entries, limits);
  const members = await checkLocalHeaders(central, readAt, cdOffset, fileSize);
  return {
    members,
    fileSize,
    read: (member) => readMember(member, readAt),
    readRaw: readAt,
    close: () => handle.close().catch(() => undefined),
  };
}

function parseCentralDirectory(cd: Uint8Array, count: number, limits: ZipLimits): CentralEntry[] {
  const out: CentralEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > cd.length || u32(cd, at) !== SIG_CENTRAL) throw createBundleError('BUNDLE_MALFORMED', `central directory entry ${i} is malformed`);
    const flags = u16(cd, at + 8);
    const method = u16(cd, at + 10);
    const crc = u32(cd, at + 16);
    const compressedSize = u32(cd, at + 20);
    const size = u32(cd, at + 24);
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLength = u16(cd, at + 32);
    const diskStart = u16(cd, at + 34);
    const headerOffset = u32(cd, at + 42);
    const end = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (end > cd.length) throw createBundleError('BUNDLE_MALFORMED', `central directory entry ${i} overruns the directory`);
    const nameBytes = cd.slice(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
    const name = decodeName(nameBytes, flags);
    checkExtra(cd.subarray(at + CENTRAL_SIZE + nameLength, at + CENTRAL_SIZE + nameLength + extraLength), name);
    if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED)) !== 0) throw createBundleError('BUNDLE_UNSUPPORTED', `${name} is encrypted`, { member: name });
    if (method !== 0 && method !== 8) throw createBundleError('BUNDLE_UNSUPPORTED', `${name} uses compression method ${method} (only store and deflate)`, { member: name });
    if (compressedSize === 0xffffffff || size === 0xffffffff || headerOffset === 0xffffffff || diskStart === 0xffff) {
      throw createBundleError('BUNDLE_UNSUPPORTED', `${name} needs zip64`, { member: name });
    }
    if (diskStart !== 0) throw createBundleError('BUNDLE_UNSUPPORTED', `${name} is on another disk`, { member: name });
    const directory = name.endsWith('/');
    const key = directory ? name.slice(0, -1) : name;
    if (names.has(key)) throw createBundleError('BUNDLE_DUPLICATE_MEMBER', `${name} occurs twice`, { member: name });
    names.add(key);
    if (directory && size !== 0) throw createBundleError('BUNDLE_MALFORMED', `directory ${name} has content`, { member: name });
    if (method === 0 && compressedSize !== size) throw createBundleError('BUNDLE_MALFORMED', `stored member ${name} has two sizes`, { member: name });
    // Deflate expands incompressible data by 5 bytes per 16 KiB block at most (RFC 1951 §3.2.4).
    if (method === 8 && compressedSize > size + Math.ceil(size / 16_000) * 5 + 1024) {
      throw createBundleError('BUNDLE_MALFORMED', `${name} is larger compressed than deflate can make it`, { member: name });
    }
    if (size > RATIO_FLOOR_BYTES && size > limits.maxRatio * compressedSize) {
      throw createBundleError('BUNDLE_BOMB', `${name} declares a compression ratio over ${limits.maxRatio}:1 (${size} from ${compressedSize} bytes)`, {
        member: name,
        size,
        compressedSize,
      });
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw createBundleError('BUNDLE_BOMB', `the members declare more than ${limits.maxTotalBytes} uncompressed bytes`, { total });
    }
    out.push({ name, directory, method, flags, crc32: crc, compressedSize, size, headerOffset, nameBytes });
    at = end;
  }
  if (at !== cd.length) throw createBundleError('BUNDLE_MALFORMED', 'the central directory holds more than its entries');
  return out;
}

async function checkLocalHeaders(
  central: readonly CentralEntry[],
  readAt: (offset: number, length: number) => Promise<Uint8Array>,
  cdOffset: number,
  fileSize: number,
): Promise<ZipMember[]> {
  const members = new Map<CentralEntry, ZipMember>();
  for (const entry of central) {
    const { name } = entry;
    if (entry.headerOffset + LOCAL_SIZE > cdOffset) throw spill(entry.headerOffset + LOCAL_SIZE, name, cdOffset, fileSize);
    // One read usually covers the header, its name and a short extra field.
    const guess = await readAt(entry.headerOffset, Math.min(LOCAL_SIZE + entry.nameBytes.length + 64, cdOffset - entry.headerOffset));
    const fixed = guess.subarray(0, LOCAL_SIZE);
    if (u32(fixed, 0) !== SIG_LOCAL) throw createBundleError('BUNDLE_MALFORMED', `no local header for ${name}`, { member: name });
    const flags = u16(fixed, 6);
    const nameLength = u16(fixed, 26);
    const extraLength = u16(fixed, 28);
    const dataOffset = entry.headerOffset + LOCAL_SIZE + nameLength + extraLength;
    if (dataOffset > cdOffset) throw spill(dataOffset, name, cdOffset, fileSize);
    const variable =
      LOCAL_SIZE + nameLength + extraLength <= guess.length
        ? guess.subarray(LOCAL_SIZE, LOCAL_SIZE + nameLength + extraLength)
        : await readAt(entry.headerOffset + LOCAL_SIZE, nameLength + extraLength);
    if (flags !== entry.flags || u16(fixed, 8) !== entry.method || !sameBytes(variable.subarray(0, nameLength), entry.nameBytes)) {
      throw createBundleError('BUNDLE_MALFORMED', `the local header of ${name} disagrees with the central directory`, { member: name });
    }
    checkExtra(variable.subarray(nameLength), name);
    const [crc, compressed, size] = [u32(fixed, 14), u32(fixed, 18), u32(fixed, 22)];
    if (compressed === 0xffffffff || size === 0xffffffff) throw createBundleError('BUNDLE_UNSUPPORTED', `${name} needs zip64`, { member: name });
    const deferred = (flags & FLAG_DESCRIPTOR) !== 0;
    const agrees = crc === entry.crc32 && compressed === entry.compressedSize && size === entry.size;
    if (!agrees && !(deferred && crc === 0 && compressed === 0 && size === 0)) {
      throw createBundleError('BUNDLE_MALFORMED', `the local header of ${name} gives other sizes or CRC than the central directory`, { member: name });
    }
    const end = dataOffset + entry.compressedSize;
    if (end > cdOffset) throw spill(end, name, cdOffset, fileSize);
    members.set(entry, {
      name,
      directory: entry.directory,
      method: entry.method,
      flags,
      crc32: entry.crc32,
      compressedSize: entry.compressedSize,
      size: entry.size,
      headerOffset: entry.headerOffset,
      dataOffset,
    });
  }
  // The members must tile [0, cdOffset): no overlap (the overlapping-file bomb), no hidden bytes.
  // After each member's data comes nothing, or its data descriptor (APPNOTE §4.3.9: 12 bytes, or
  // 16 with the optional signature) when flag bit 3 is set.
  const ordered = [...members.values()].sort((a, b) => a.headerOffset - b.headerOffset);
  if ((ordered[0]?.headerOffset ?? 0) !== 0) throw createBundleError('BUNDLE_MALFORMED', 'bytes before the first member');
  ordered.forEach((m, i) => {
    const next = ordered[i + 1]?.headerOffset ?? cdOffset;
    const gap = next - (m.dataOffset + m.compressedSize);
    if (gap < 0) throw createBundleError('BUNDLE_BOMB', `members ${m.name} and ${ordered[i + 1]?.name ?? ''} overlap`, { member: m.name });
    const allowed = (m.flags & FLAG_DESCRIPTOR) !== 0 ? gap === 12 || gap === 16 : gap === 0;
    if (!allowed) throw createBundleError('BUNDLE_MALFORMED', `${gap} unaccounted bytes after ${m.name}`, { member: m.name });
  });
  return central.map((entry) => members.get(entry) as ZipMember);
}

/** Data reaching past the central directory: the file lost its end (truncated) or lies. */
function spill(end: number, name: string, cdOffset: number, fileSize: number): Error {
  return end > fileSize
    ? createBundleError('BUNDLE_TRUNCATED', `${name} extends past the end of the file`, { member: name })
    : createBundleError('BUNDLE_MALFORMED', `${name} extends into the central directory at ${cdOffset}`, { member: name });
}

async function readMember(member: ZipMember, readAt: (offset: number, length: number) => Promise<Uint8Array>): Promise<Uint8Array> {
  const raw = await readAt(member.dataOffset, member.compressedSize);
  let data: Uint8Array;
  if (member.method === 0) {
    data = raw;
  } else {
    try {
      // The output cap is the declared size (+1 so that one byte more is detectable even for an
      // empty member): zlib stops and throws as soon as the output would pass it.
      const out = inflateRawSync(raw, { maxOutputLength: member.size + 1 });
      data = new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw createBundleError('BUNDLE_BOMB', `${member.name} inflates to more than the ${member.size} bytes it declares`, { member: member.name }, error);
      }
      throw createBundleError('BUNDLE_MALFORMED', `${member.name} is not valid deflate data: ${(error as Error).message}`, { member: member.name }, error);
    }
    if (data.length > member.size) {
      throw createBundleError('BUNDLE_BOMB', `${member.name} inflates to more than the ${member.size} bytes it declares`, { member: member.name });
    }
    if (data.length < member.size) {
      throw createBundleError('BUNDLE_MALFORMED', `${member.name} inflates to ${data.length} bytes, not the ${member.size} it declares`, { member: member.name });
    }
  }
  if (crc32(data) >>> 0 !== member.crc32) throw createBundleError('BUNDLE_MALFORMED', `${member.name} fails its CRC-32`, { member: member.name });
  return data;
}

/** Reads exactly `length` bytes at `offset`; past the end of the file is BUNDLE_TRUNCATED. */
async function readExactly(handle: FileHandle, offset: number, length: number, fileSize: number): Promise<Uint8Array> {
  if (offset + length > fileSize) throw createBundleError('BUNDLE_TRUNCATED', `the file ends before byte ${offset + length}`);
  const buffer = new Uint8Array(length);
  let done = 0;
  try {
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) throw createBundleError('BUNDLE_TRUNCATED', `the file ended at byte ${offset + done} while being read`);
      done += bytesRead;
    }
  } catch (error) {
    if (isProtocolError(error)) throw error;
    throw createBundleError('BUNDLE_UNREADABLE', `cannot read the bundle: ${errnoOf(error)}`, undefined, error);
  }
  return buffer;
}

/** A member name (attacker-controlled bytes): see the module policy. Throws BUNDLE_BAD_NAME. */
function decodeName(bytes: Uint8Array, flags: number): string {
  const bad = (why: string, shown: string): Error => createBundleError('BUNDLE_BAD_NAME', `member name ${JSON.stringify(shown.slice(0, 80))} ${why}`, { name: shown.slice(0, 200) });
  const shown = Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  if (bytes.length === 0) throw bad('is empty', shown);
  if (bytes.includes(0)) throw bad('contains NUL', shown);
  // Non-ASCII is refused whatever the UTF-8 flag (bit 11) says: CP437 and UTF-8 readers would
  // otherwise unpack different names, and the layout is ASCII.
  if (bytes.some((b) => b >= 0x80)) throw bad(`is not ASCII${(flags & FLAG_UTF8) !== 0 ? '' : ' (and not flagged UTF-8)'}`, shown);
  if (bytes.some((b) => b < 0x20 || b === 0x7f)) throw bad('contains a control character', shown);
  const name = shown;
  if (name.includes('\\')) throw bad('contains "\\"', name);
  if (name.startsWith('/')) throw bad('is absolute', name);
  if (/^[A-Za-z]:/.test(name)) throw bad('starts with a drive letter', name);
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.some((s) => s === '..')) throw bad('traverses out of the bundle ("..")', name);
  if (segments.some((s) => s === '' || s === '.')) throw bad('has an empty or "." segment', name);
  return name;
}

/** Extra fields (APPNOTE §4.5): well-formed, and no zip64 or AES ones. */
function checkExtra(extra: Uint8Array, name: string): void {
  let at = 0;
  while (at < extra.length) {
    if (at + 4 > extra.length) throw createBundleError('BUNDLE_MALFORMED', `${name} has a malformed extra field`, { member: name });
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (at + 4 + length > extra.length) throw createBundleError('BUNDLE_MALFORMED', `${name} has a malformed extra field`, { member: name });
    if (id === EXTRA_ZIP64) throw createBundleError('BUNDLE_UNSUPPORTED', `${name} has a zip64 extra field`, { member: name });
    if (id === EXTRA_AES) throw createBundleError('BUNDLE_UNSUPPORTED', `${name} is AES-encrypted`, { member: name });
    at += 4 + length;
  }
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
