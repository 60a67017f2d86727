import { AppError } from '../../../core/api/errors.ts';
import type { OriginRecord } from '../../replica/replica-store.ts';
import type { AppReadContext } from '../app-context.ts';

/**
 * The read side's one failure of its own: the origin, agent or entry the screen asked for is not
 * in the replica (a stale link, another replica's id, or a hand-typed URL). Ids come from the
 * renderer and are untrusted; they are only ever bound as SQL parameters.
 */

/** An AppError with code APP_NOT_FOUND. */
export function notFound(message: string): AppError {
  return new AppError('APP_NOT_FOUND', message);
}

/** The pinned origin `originId`. Throws APP_NOT_FOUND when there is none. */
export function requireOrigin(ctx: AppReadContext, originId: number): OriginRecord {
  const origin = ctx.store.listOrigins().find((o) => o.id === originId);
  if (origin === undefined) throw notFound(`There is no replica with id ${originId}.`);
  return origin;
}
