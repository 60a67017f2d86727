/**
 * `POST /v1/statements`: `{ "statements": [<signed entry>, …] }`, 1 to `maxStatementsPerRequest`
 * client statements of any client type (statements.ts), logged in order, all or nothing: one refused
 * statement refuses the request (its position is in `details.statement`) and nothing is logged. The
 * bulk path for clients and load generators.
 */
import { z } from 'zod';
import type { Route } from '../http/router.ts';
import type { RegistryContext } from './context.ts';
import { readBody } from './request.ts';
import { acceptClientStatement, appendedReply, atPosition, wantsCheckpoint } from './statements.ts';

/** Body limit of the bulk endpoint: 10,000 statements of a typical 1 KB fit well. */
export const MAX_STATEMENTS_BODY_BYTES = 32 * 1024 * 1024;

export function statementRoutes(context: RegistryContext): Route[] {
  const body = z.strictObject({ statements: z.array(z.unknown()).min(1).max(context.limits.maxStatementsPerRequest) });
  return [
    {
      method: 'POST',
      path: '/v1/statements',
      maxBodyBytes: MAX_STATEMENTS_BODY_BYTES,
      handler: async (ctx) => {
        const { statements } = await readBody(ctx, body);
        const wait = wantsCheckpoint(ctx, statements.length);
        const prepared = statements.map((value, i) => acceptClientStatement(context, value, i));
        try {
          const result = await context.sequencer.appendEntries(prepared);
          return await appendedReply(context, result, wait);
        } catch (error) {
          // Fold and signature errors name the entry index it would have had; add the position.
          const position = (error as { details?: { statement?: unknown; entry?: unknown } }).details?.entry;
          throw typeof position === 'number' && statements.length > 1 ? atPosition(error, position) : error;
        }
      },
    },
  ];
}
