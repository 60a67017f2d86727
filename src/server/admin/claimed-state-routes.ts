/**
 * The registry's claimed state for auditors (docs/protocol.md §11.10; the `warden.claimed-state/v1`
 * shape of src/node/verify/claimed-state.ts, which an evidence bundle keeps as `claimed-state.json`
 * and the verifier compares with its own fold of the log):
 *   GET /v1/state                    the current state, the fold of the whole committed log
 *                                    (`tree_size` says how many entries; it may be ahead of the
 *                                    latest checkpoint)
 *   GET /v1/state?checkpoint=<size>  the fold of the first <size> entries, where <size> is the size
 *                                    of a checkpoint the log signed (404 NOT_FOUND otherwise)
 *
 * Policy: the body is the RFC 8785 canonical JSON of the claim, so equal states give equal bytes.
 * The current claim is cached per tree size. A past checkpoint's claim is a fresh replay of the
 * stored prefix (no signature re-verification: the server's own database, as at start), run in
 * pages that yield to the event loop, one replay at a time, the last two kept; it never changes, so
 * it is served as immutable. Rate-limited in the `admin` class (a replay costs CPU).
 */
import { z } from 'zod';
import { RegistryStateBuilder } from '../../core/registry/builder.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import { claimedStateFromRegistryState, encodeClaimedState } from '../../node/verify/claimed-state.ts';
import type { RegistryContext } from '../api/context.ts';
import { readQuery } from '../api/request.ts';
import { HttpError } from '../http/errors.ts';
import type { Reply, Route } from '../http/router.ts';

export const CLAIMED_STATE_PATH = '/v1/state';
const REPLAY_PAGE = 2048;
const decimal = z.string().regex(/^(0|[1-9][0-9]{0,15})$/, 'a decimal integer').transform(Number);
const stateQuery = z.strictObject({ checkpoint: decimal.optional() });

/** The claimed-state route module (see the module policy). */
export function claimedStateRoutes(context: RegistryContext): Route[] {
  const { sequencer, store } = context;
  let current: { size: number; bytes: Uint8Array } | undefined;
  const past = new Map<number, Uint8Array>();
  let replaying: Promise<unknown> = Promise.resolve();

  const currentClaim = (): Uint8Array => {
    if (current?.size !== sequencer.size) {
      current = { size: sequencer.size, bytes: encodeClaimedState(claimedStateFromRegistryState(sequencer.state, sequencer.size)) };
    }
    return current.bytes;
  };

  const pastClaim = async (size: number): Promise<Uint8Array> => {
    const cached = past.get(size);
    if (cached !== undefined) return cached;
    const run = replaying.then(async () => {
      const again = past.get(size);
      if (again !== undefined) return again;
      const builder = new RegistryStateBuilder(sequencer.config, { verifySignatures: false });
      const decoder = new TextDecoder('utf-8', { fatal: true });
      for (let from = 0; from < size; from += REPLAY_PAGE) {
        const page = store.readEntries(from, Math.min(size, from + REPLAY_PAGE));
        page.forEach((bytes, i) => builder.apply(JSON.parse(decoder.decode(bytes)) as LogEntry, from + i));
        await new Promise((resolve) => setImmediate(resolve));
      }
      const bytes = encodeClaimedState(claimedStateFromRegistryState(builder.state, size));
      past.set(size, bytes);
      if (past.size > 2) past.delete(past.keys().next().value as number);
      return bytes;
    });
    replaying = run.catch(() => undefined);
    return run;
  };

  return [
    {
      method: 'GET',
      path: CLAIMED_STATE_PATH,
      rateLimit: 'admin',
      handler: async (ctx): Promise<Reply> => {
        const query = readQuery(ctx, stateQuery);
        const size = query.checkpoint;
        if (size === undefined) {
          return { status: 200, body: currentClaim(), contentType: 'application/json; charset=utf-8', headers: { 'cache-control': 'no-cache' } };
        }
        if (!isCheckpointSize(context, size)) throw new HttpError(404, 'NOT_FOUND', `the log signed no checkpoint of size ${size}`);
        const bytes = size === sequencer.size ? currentClaim() : await pastClaim(size);
        return {
          status: 200,
          body: bytes,
          contentType: 'application/json; charset=utf-8',
          headers: { 'cache-control': 'public, max-age=31536000, immutable' },
        };
      },
    },
  ];
}

function isCheckpointSize(context: RegistryContext, size: number): boolean {
  return context.store.listCheckpoints(size, 1)[0]?.size === size;
}
