/**
 * An EvidenceSource over any store of files in the evidence layout (evidence-source.ts: C2SP
 * tlog-tiles plus `checkpoint`, `checkpoints/<size>-<n>`, `checkpoints/seen-at.json`,
 * `claimed-state.json`). The directory source, the in-memory source and (later) the bundle's zip
 * reader only supply `read` and `list`; the path conventions live here once.
 *
 * Policy: names in `checkpoints/` that are not `<size>-<n>` (decimal, no leading zeroes) are ignored
 * except `seen-at.json`; checkpoints are listed `checkpoint` first, then by size and n numerically,
 * so that the order never depends on the file system. A malformed `seen-at.json` is an unreadable
 * input (EVIDENCE_UNREADABLE): it is metadata the holder wrote, not registry evidence.
 */
import { ProtocolError } from '../../core/errors.ts';
import { parseJsonBytesStrict } from '../../core/json.ts';
import { isTimestamp } from '../../core/log/time.ts';
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import type { EvidenceCheckpoint, EvidenceDescription, EvidenceSource, InputHash, TileKind } from './evidence-source.ts';

/** Largest checkpoint note read (a note has at most 100 signature lines: a few KiB). */
export const MAX_CHECKPOINT_NOTE_BYTES = 1 << 20;
/** Largest entry bundle: 256 entries of 2 + 65,535 bytes. */
export const MAX_ENTRY_BUNDLE_BYTES = 256 * (2 + 0xffff);
/** A full hash tile. */
export const MAX_HASH_TILE_BYTES = 256 * 32;
export const MAX_CLAIMED_STATE_BYTES = 256 * 1024 * 1024;
const MAX_SEEN_AT_BYTES = 16 * 1024 * 1024;

export const LATEST_CHECKPOINT_PATH = 'checkpoint';
export const CHECKPOINT_HISTORY_DIR = 'checkpoints';
export const SEEN_AT_PATH = 'checkpoints/seen-at.json';
export const CLAIMED_STATE_PATH = 'claimed-state.json';

const HISTORY_NAME = /^(0|[1-9][0-9]{0,19})-(0|[1-9][0-9]{0,5})$/;
const WIDTH_NAME = /^[1-9][0-9]{0,2}$/;

/** Raw file access in the layout. Paths are relative, "/"-separated, never starting with "/". */
export interface LayoutFiles {
  /** The bytes at `path`, or undefined if absent. Throws EVIDENCE_UNREADABLE on I/O failure or above `maxBytes`. */
  read(path: string, maxBytes: number): Promise<Uint8Array | undefined>;
  /** Names directly inside directory `dir` ("" = the root), or [] if it does not exist. */
  list(dir: string): Promise<readonly string[]>;
}

/** The path of checkpoint history file `n` of tree size `size`. */
export function checkpointHistoryPath(size: bigint, n: number): string {
  return `${CHECKPOINT_HISTORY_DIR}/${size.toString()}-${n}`;
}

/** A source over `files`. `inputHashes` defaults to none. */
export function createLayoutSource(
  files: LayoutFiles,
  description: EvidenceDescription,
  options: { inputHashes?: () => Promise<readonly InputHash[]>; close?: () => Promise<void> } = {},
): EvidenceSource {
  return {
    describe: () => description,
    listCheckpoints: () => listCheckpoints(files),
    readEntryBundle: (index, width) => files.read(formatEntryBundlePath(index, width), MAX_ENTRY_BUNDLE_BYTES),
    readHashTile: (level, index, width) => files.read(formatTilePath(level, index, width), MAX_HASH_TILE_BYTES),
    storedWidths: (kind, index) => storedWidths(files, kind, index),
    readClaimedState: () => files.read(CLAIMED_STATE_PATH, MAX_CLAIMED_STATE_BYTES),
    inputHashes: options.inputHashes ?? (() => Promise.resolve([])),
    ...(options.close === undefined ? {} : { close: options.close }),
  };
}

async function* listCheckpoints(files: LayoutFiles): AsyncGenerator<EvidenceCheckpoint> {
  const latest = await files.read(LATEST_CHECKPOINT_PATH, MAX_CHECKPOINT_NOTE_BYTES);
  if (latest !== undefined) yield { note: latest, source: LATEST_CHECKPOINT_PATH, latest: true };
  const seenAt = await readSeenAt(files);
  const names = (await files.list(CHECKPOINT_HISTORY_DIR))
    .map((name) => ({ name, match: HISTORY_NAME.exec(name) }))
    .filter((x): x is { name: string; match: RegExpExecArray } => x.match !== null)
    .map(({ name, match }) => ({ name, size: BigInt(match[1] as string), n: Number(match[2]) }))
    .sort((a, b) => (a.size < b.size ? -1 : a.size > b.size ? 1 : a.n - b.n));
  for (const { name } of names) {
    const source = `${CHECKPOINT_HISTORY_DIR}/${name}`;
    const note = await files.read(source, MAX_CHECKPOINT_NOTE_BYTES);
    if (note === undefined) continue; // listed then gone, or a directory: nothing stored under that name
    const seen = seenAt.get(name);
    yield seen === undefined ? { note, source } : { note, source, seenAt: seen };
  }
}

async function readSeenAt(files: LayoutFiles): Promise<Map<string, string>> {
  const bytes = await files.read(SEEN_AT_PATH, MAX_SEEN_AT_BYTES);
  const out = new Map<string, string>();
  if (bytes === undefined) return out;
  let value: unknown;
  try {
    value = parseJsonBytesStrict(bytes);
  } catch (error) {
    throw new ProtocolError('EVIDENCE_UNREADABLE', `${SEEN_AT_PATH} is not valid JSON`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('EVIDENCE_UNREADABLE', `${SEEN_AT_PATH} must be an object of "<size>-<n>": "<timestamp>"`);
  }
  for (const [name, time] of Object.entries(value)) {
    if (!HISTORY_NAME.test(name) || !isTimestamp(time)) {
      throw new ProtocolError('EVIDENCE_UNREADABLE', `${SEEN_AT_PATH}: "${name.slice(0, 40)}" must map a "<size>-<n>" name to a YYYY-MM-DDTHH:MM:SS.sssZ time`);
    }
    out.set(name, time);
  }
  return out;
}

async function storedWidths(files: LayoutFiles, kind: TileKind, index: bigint): Promise<number[]> {
  const path = kind === 'entries' ? formatEntryBundlePath(index) : formatTilePath(kind, index);
  const slash = path.lastIndexOf('/');
  const parent = path.slice(0, slash);
  const name = path.slice(slash + 1);
  const siblings = await files.list(parent);
  const widths: number[] = [];
  if (siblings.includes(`${name}.p`)) {
    for (const w of await files.list(`${path}.p`)) {
      if (WIDTH_NAME.test(w) && Number(w) < 256) widths.push(Number(w));
    }
  }
  widths.sort((a, b) => a - b);
  if (siblings.includes(name)) widths.push(256);
  return widths;
}
