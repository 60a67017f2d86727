/**
 * The revocation push (docs/protocol.md §7.4, §11.11): `GET /v1/events[?tenant=<id>]`, a
 * Server-Sent Events stream of the registry's security events, each a CAEP-shaped SET signed by the
 * registry key and naming its log index and leaf hash.
 *
 * Policy: events are published from `sequencer.onSequenced`, i.e. as soon as their entry is durable
 * (fsynced), before any checkpoint covers it (a subscriber that wants the inclusion proof fetches
 * `GET /v1/entries/<index>/receipt`, which waits for that checkpoint). The SSE `id` of an event is its
 * log index; a client resumes with the standard `Last-Event-ID` header (or `?last_event_id=`, for
 * clients that cannot set headers): every event after that index is replayed from the log, then the
 * stream goes live. A cursor must be a decimal index below the log size (422 EVENTS_CURSOR_INVALID);
 * beyond `maxSubscribers` the answer is 503 EVENTS_TOO_MANY_SUBSCRIBERS with Retry-After.
 */
import { z } from 'zod';
import { tenantIdSchema } from '../../core/log/fields.ts';
import type { RegistryContext, RouteModule } from '../api/context.ts';
import { readQuery, tenantOr404 } from '../api/request.ts';
import { HttpError, type HttpErrorCode } from '../http/errors.ts';
import type { Reply, Route } from '../http/router.ts';
import { EventHub, type EventHubOptions } from './event-hub.ts';
import { EventLog } from './event-log.ts';
import { createSetSigner } from './security-event-token.ts';
import { isEventEntry } from './security-events.ts';

export const EVENTS_PATH = '/v1/events';

export interface EventRoutesOptions extends EventHubOptions {
  /** Where the stream is served (default `/v1/events`). */
  readonly path?: string;
  /** Frames kept in memory for resuming subscribers (default 1,024). */
  readonly cacheFrames?: number;
}

const CURSOR = /^(0|[1-9][0-9]{0,15})$/;
const eventsQuery = z.strictObject({ tenant: tenantIdSchema.optional(), last_event_id: z.string().max(32).optional() });

/** A route module serving the event stream with `options` (the default module uses the defaults). */
export function createEventRoutes(options: EventRoutesOptions = {}): RouteModule {
  return (context: RegistryContext): Route[] => {
    const { sequencer, keys } = context;
    const log = new EventLog({
      origin: keys.origin,
      signer: createSetSigner(keys.registrySigner),
      state: () => sequencer.state,
      readEntry: (index) => sequencer.readEntry(index),
      ...(options.cacheFrames === undefined ? {} : { cacheFrames: options.cacheFrames }),
    });
    const hub = new EventHub(log, context.logger, options);
    const unsubscribe = sequencer.onSequenced((batch) => {
      for (const appended of batch.entries) {
        if (!isEventEntry(appended.entry.type, appended.statusChanges.length)) continue;
        const affected = appended.statusChanges.map((change) => change.agent);
        hub.publish(log.record({ index: appended.index, leafHash: appended.leafHash, entry: appended.entry, affected }));
      }
    });
    context.onClose(() => {
      unsubscribe();
      hub.close();
    });
    return [
      {
        method: 'GET',
        path: options.path ?? EVENTS_PATH,
        handler: (ctx): Reply => {
          const query = readQuery(ctx, eventsQuery);
          if (query.tenant !== undefined) tenantOr404(sequencer.state, query.tenant);
          const header = ctx.request.headers['last-event-id'];
          const raw = typeof header === 'string' && header !== '' ? header.trim() : query.last_event_id;
          let after: number | undefined;
          if (raw !== undefined) {
            if (!CURSOR.test(raw) || Number(raw) >= sequencer.size) {
              throw new HttpError(422, 'EVENTS_CURSOR_INVALID', 'Last-Event-ID must be the index of an entry of this log', {
                details: { last_event_id: raw.slice(0, 32), tree_size: String(sequencer.size) },
              });
            }
            after = Number(raw);
          }
          if (hub.full) {
            // Answered, not thrown: load shedding is expected, not an internal error worth a log line.
            const code: HttpErrorCode = 'EVENTS_TOO_MANY_SUBSCRIBERS';
            return {
              status: 503,
              json: { error: { code, message: 'the event stream has too many subscribers; retry later' } },
              headers: { 'retry-after': '5', 'cache-control': 'no-store' },
            };
          }
          return {
            status: 200,
            contentType: 'text/event-stream; charset=utf-8',
            headers: { 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
            stream: (response) => {
              response.socket?.setNoDelay(true);
              hub.subscribe(response, { ...(after === undefined ? {} : { after }), ...(query.tenant === undefined ? {} : { tenant: query.tenant }) });
            },
          };
        },
      },
    ];
  };
}

/** The default event stream module (`GET /v1/events`). */
export const eventRoutes: RouteModule = createEventRoutes();
