/**
 * A LogSource over HTTP: a C2SP tlog-tiles server at a URL prefix (c2sp.org/tlog-tiles):
 *   <prefix>/checkpoint, <prefix>/tile/<L>/<N>[.p/<W>], <prefix>/tile/entries/<N>[.p/<W>].
 *
 * Limits (every body is attacker-controlled): a checkpoint note at most 64 KiB and strict UTF-8; a
 * hash tile at most 32 bytes per requested hash; an entry bundle at most width × (2 + 65,535) bytes,
 * the most a valid bundle of that width can hold. Sizes are checked exactly by the sync engine.
 */
import { bytesToUtf8 } from '../../core/encoding/utf8.ts';
import { formatEntryBundlePath, formatTilePath } from '../../core/tiles/tile-path.ts';
import { MAX_ENTRY_SIZE } from '../../core/tiles/entry-bundle.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import { httpGet } from './http-get.ts';
import type { LogSource } from './log-source.ts';

export const MAX_CHECKPOINT_BYTES = 64 * 1024;
const HASH_BYTES = 32;

export interface HttpLogSourceOptions {
  /** Deadline of one request, default 30 s. */
  readonly timeoutMs?: number;
  /** Longest silence while a body is being received, default 10 s. */
  readonly idleTimeoutMs?: number;
  /** Called with the size of every body chunk received. */
  readonly onBytes?: (n: number) => void;
  /**
   * Ask for gzip-compressed bodies. Default 'auto': yes, except from a loopback host, where
   * compressing and inflating only costs CPU.
   */
  readonly compression?: boolean | 'auto';
}

export class HttpLogSource implements LogSource {
  readonly location: string;
  readonly #base: URL;
  readonly #timeoutMs: number;
  readonly #idleTimeoutMs: number;
  readonly #onBytes: ((n: number) => void) | undefined;
  readonly #compression: boolean;

  /** A source at `prefix` (http or https URL). Throws ReplicaError SYNC_NETWORK for an unusable URL. */
  constructor(prefix: string, options: HttpLogSourceOptions = {}) {
    let base: URL;
    try {
      base = new URL(prefix.endsWith('/') ? prefix : `${prefix}/`);
    } catch (error) {
      throw new ReplicaError('SYNC_NETWORK', `not a URL: ${JSON.stringify(prefix)}`, { cause: error });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ReplicaError('SYNC_NETWORK', `a registry URL must be http or https, got ${base.protocol}`);
    }
    if (base.search !== '' || base.hash !== '' || base.username !== '' || base.password !== '') {
      throw new ReplicaError('SYNC_NETWORK', 'a registry URL has no query, fragment or credentials');
    }
    this.#base = base;
    this.location = base.href.replace(/\/$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    this.#onBytes = options.onBytes;
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(base.hostname) || base.hostname.startsWith('127.');
    this.#compression = options.compression === 'auto' || options.compression === undefined ? !loopback : options.compression;
  }

  async fetchCheckpoint(signal?: AbortSignal): Promise<string> {
    const bytes = await this.#get('checkpoint', MAX_CHECKPOINT_BYTES, signal);
    try {
      return bytesToUtf8(bytes);
    } catch (error) {
      throw new ReplicaError('SYNC_BAD_RESPONSE', 'the checkpoint is not UTF-8 text', { cause: error, details: { reason: 'encoding' } });
    }
  }

  fetchTile(level: number, index: bigint, width: number, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#get(formatTilePath(level, index, width), width * HASH_BYTES, signal);
  }

  fetchEntryBundle(index: bigint, width: number, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#get(formatEntryBundlePath(index, width), width * (2 + MAX_ENTRY_SIZE), signal);
  }

  #get(path: string, maxBytes: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    return httpGet(new URL(path, this.#base), {
      timeoutMs: this.#timeoutMs,
      idleTimeoutMs: this.#idleTimeoutMs,
      maxBytes,
      compression: this.#compression,
      ...(signal === undefined ? {} : { signal }),
      ...(this.#onBytes === undefined ? {} : { onBytes: this.#onBytes }),
    });
  }
}
