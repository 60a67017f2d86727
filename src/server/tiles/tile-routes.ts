/**
 * The log served as C2SP tlog-tiles (docs/protocol.md §8.3, §11.2): `GET|HEAD /checkpoint`,
 * `/tile/<L>/<N>[.p/<W>]` and `/tile/entries/<N>[.p/<W>]`, straight from the database.
 *
 * Policy (paths are attacker-controlled and parsed strictly by src/core/tiles):
 * - everything is relative to the LATEST PUBLISHED checkpoint: a tile or bundle beyond its size is
 *   404, so a client never sees data it cannot verify against a signed checkpoint;
 * - a full tile is served once the checkpoint covers it completely; a partial `.p/<W>` when W is at
 *   most the tile's width at the checkpoint (a prefix of a hash tile or bundle never changes, so a
 *   client holding a slightly older checkpoint is served too, never anything beyond the latest);
 * - full tiles and bundles are immutable (`Cache-Control: public, max-age=31536000, immutable`);
 *   partial ones and the checkpoint are short-lived;
 * - entry bundles are gzip-compressed when the client accepts it (tlog-tiles SHOULD); full bundles
 *   are cached in memory, bounded in bytes.
 */
import { gzipSync } from 'node:zlib';
import { encodeEntryBundle, parseTilePath, TILE_WIDTH, tileWidthAt } from '../../core/tiles/index.ts';
import { HttpError } from '../http/errors.ts';
import type { Reply, Route, RouteContext } from '../http/router.ts';
import type { Sequencer } from '../log/sequencer.ts';
import type { LogStore } from '../store/log-store.ts';
import { ByteLru } from './byte-lru.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const PARTIAL = 'public, max-age=60';
const CHECKPOINT = 'no-cache';

export interface TileRoutesOptions {
  readonly sequencer: Sequencer;
  readonly store: LogStore;
  /** Bytes of full entry bundles kept in memory (default 64 MiB). */
  readonly bundleCacheBytes?: number;
}

/** The tlog-tiles routes (see the module policy). */
export function tileRoutes(options: TileRoutesOptions): Route[] {
  const cache = new ByteLru(options.bundleCacheBytes ?? 64 * 1024 * 1024);
  return [
    { method: 'GET', path: '/checkpoint', handler: () => serveCheckpoint(options.sequencer) },
    { method: 'GET', path: '/tile/*', handler: (ctx) => serveTile(options, cache, ctx) },
  ];
}

function serveCheckpoint(sequencer: Sequencer): Reply {
  const checkpoint = sequencer.checkpoint;
  if (checkpoint === undefined) throw new HttpError(404, 'TILE_NOT_FOUND', 'the log has no checkpoint yet');
  return { status: 200, body: checkpoint.note, contentType: 'text/plain; charset=utf-8', headers: { 'cache-control': CHECKPOINT } };
}

function serveTile(options: TileRoutesOptions, cache: ByteLru, ctx: RouteContext): Reply {
  const path = `tile/${ctx.params['*'] ?? ''}`;
  let parsed;
  try {
    parsed = parseTilePath(path);
  } catch (error) {
    throw new HttpError(404, 'TILE_NOT_FOUND', 'not a tile path', { cause: error });
  }
  const published = BigInt(options.sequencer.checkpoint?.size ?? 0);
  const level = parsed.kind === 'hash' ? parsed.level : 0;
  const available = tileWidthAt(level, parsed.index, published);
  if (available === 0 || parsed.width > available || parsed.index > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new HttpError(404, 'TILE_NOT_FOUND', `${path} is beyond the latest checkpoint`);
  }
  const index = Number(parsed.index);
  const full = parsed.width === TILE_WIDTH;
  const headers: Record<string, string> = { 'cache-control': full ? IMMUTABLE : PARTIAL };
  if (parsed.kind === 'hash') {
    const tile = options.store.readTile(level, index);
    if (tile === undefined || tile.length < parsed.width * 32) throw new Error(`stored tile ${level}/${index} is missing`);
    return { status: 200, body: tile.subarray(0, parsed.width * 32), headers };
  }
  const gzip = acceptsGzip(ctx);
  const key = `${index}${gzip ? '.gz' : ''}`;
  let body = full ? cache.get(key) : undefined;
  if (body === undefined) {
    const start = index * TILE_WIDTH;
    const entries = options.store.readEntries(start, start + parsed.width);
    if (entries.length !== parsed.width) throw new Error(`stored entries of bundle ${index} are missing`);
    body = encodeEntryBundle(entries);
    if (gzip) body = new Uint8Array(gzipSync(body, { level: 1 }));
    if (full) cache.set(key, body);
  }
  headers.vary = 'accept-encoding';
  if (gzip) headers['content-encoding'] = 'gzip';
  return { status: 200, body, headers };
}

// Accept-Encoding (RFC 9110 §12.5.3): gzip is accepted when listed (or `*`) with q > 0.
function acceptsGzip(ctx: RouteContext): boolean {
  const header = ctx.request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header
    .slice(0, 256)
    .split(',')
    .some((item) => {
      const [name = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return (name === 'gzip' || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
    });
}
