/**
 * A LogSource (src/node/sync/log-source.ts) over an opened evidence bundle: the sync engine reads
 * the bundle's tiles exactly as it reads a registry over HTTP, and verifies them exactly the same
 * way (sync-replica.ts). The source presents one chosen checkpoint note of the bundle as "the
 * newest checkpoint", so that an import can walk the bundle's checkpoint history in order.
 *
 * Policy: a tile of width W is the member of exactly that width when the bundle has it; otherwise
 * the first W hashes (or entries) of a wider version of the same tile (c2sp.org/tlog-tiles lets a
 * client use the full tile for any of its partial ones; a smaller checkpoint of the history needs
 * partial tiles the bundle has only in wider form). Nothing is verified here: the engine checks
 * sizes, framing and hashes against the signed root. A tile the bundle lacks is BUNDLE_INCOMPLETE
 * (never retried: a file does not heal); a cancelled signal is the engine's abort error.
 */
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import { abortError } from '../sync/http-get.ts';
import type { LogSource } from '../sync/log-source.ts';
import { createBundleError } from './bundle-errors.ts';
import type { EvidenceBundle } from './open-bundle.ts';

export class BundleLogSource implements LogSource {
  readonly location: string;
  readonly #bundle: EvidenceBundle;
  readonly #note: string;

  /** A source over `bundle` whose newest checkpoint is `note` (one of the bundle's notes, as text). */
  constructor(bundle: EvidenceBundle, note: string) {
    this.#bundle = bundle;
    this.#note = note;
    this.location = `bundle:${bundle.name}`;
  }

  fetchCheckpoint(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    return Promise.resolve(this.#note);
  }

  async fetchTile(level: number, index: bigint, width: number, signal?: AbortSignal): Promise<Uint8Array> {
    const bytes = await this.#widest((w) => formatTilePath(level, index, w), width, signal);
    return bytes.length > width * 32 ? bytes.slice(0, width * 32) : bytes;
  }

  async fetchEntryBundle(index: bigint, width: number, signal?: AbortSignal): Promise<Uint8Array> {
    const bytes = await this.#widest((w) => formatEntryBundlePath(index, w), width, signal);
    return firstEntries(bytes, width);
  }

  /** The member of exactly `width`, else the narrowest wider one. */
  async #widest(pathOf: (width: number) => string, width: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    if (signal?.aborted === true) throw abortError(signal);
    for (let w = width; w <= 256; w++) {
      const name = pathOf(w);
      if (!this.#bundle.members.has(name)) continue;
      const bytes = await this.#bundle.read(name);
      if (bytes !== undefined) return bytes;
    }
    throw createBundleError('BUNDLE_INCOMPLETE', `the bundle has no ${pathOf(width)} (nor a wider version of it)`, { member: pathOf(width) });
  }
}

/**
 * The first `width` entries of a bundle (uint16 big-endian length ‖ bytes, c2sp.org/tlog-tiles),
 * as bytes. When the framing breaks before `width` entries the bytes are returned whole, for the
 * engine to refuse.
 */
function firstEntries(bytes: Uint8Array, width: number): Uint8Array {
  let offset = 0;
  for (let i = 0; i < width; i++) {
    if (offset + 2 > bytes.length) return bytes;
    offset += 2 + (((bytes[offset] as number) << 8) | (bytes[offset + 1] as number));
    if (offset > bytes.length) return bytes;
  }
  return offset === bytes.length ? bytes : bytes.subarray(0, offset);
}
