/**
 * Agent lifecycle writes (docs/protocol.md §4.5–4.11, §11.4), each `{ "statement": <signed entry> }`
 * whose type and subject must match the route (422 STATEMENT_MISMATCH):
 *   POST /v1/agents                          agent.registered (a root agent without an admin's
 *                                            signature is co-signed by the registry for the operator)
 *   POST /v1/agents/:id/metadata             agent.metadata_updated
 *   POST /v1/agents/:id/keys                 agent.key_rotated
 *   POST /v1/agents/:id/keys/compromised     agent.key_compromised
 *   POST /v1/agents/:id/scopes               agent.scopes_changed
 *   POST /v1/delegations                     delegation.granted
 *   POST /v1/delegations/:id/revoke          delegation.revoked
 */
import { z } from 'zod';
import type { StatementType } from '../../core/log/types/index.ts';
import { HttpError } from '../http/errors.ts';
import type { Route, RouteContext } from '../http/router.ts';
import type { PreparedEntry } from '../log/prepared-entry.ts';
import { coSign } from './co-sign.ts';
import type { RegistryContext } from './context.ts';
import { readBody, requireOperator } from './request.ts';
import { acceptClientStatement, appendedReply, wantsCheckpoint } from './statements.ts';

const statementBody = z.strictObject({ statement: z.unknown() });

/** Reads `{statement}` and checks its type (and subject against the `:id` parameter, if any). */
async function readStatement(context: RegistryContext, ctx: RouteContext, type: StatementType): Promise<PreparedEntry> {
  const body = await readBody(ctx, statementBody);
  const prepared = acceptClientStatement(context, body.statement);
  const subject = ctx.params.id;
  if (prepared.entry.type !== type || (subject !== undefined && prepared.entry.subject !== subject)) {
    throw new HttpError(422, 'STATEMENT_MISMATCH', `expected a ${type} statement${subject === undefined ? '' : ' about this resource'}`, {
      details: { type: prepared.entry.type, subject: prepared.entry.subject },
    });
  }
  return prepared;
}

function statementRoute(context: RegistryContext, path: string, type: StatementType): Route {
  return {
    method: 'POST',
    path,
    handler: async (ctx) => {
      const wait = wantsCheckpoint(ctx);
      const prepared = await readStatement(context, ctx, type);
      return appendedReply(context, await context.sequencer.appendEntries([prepared]), wait);
    },
  };
}

export function agentWriteRoutes(context: RegistryContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/agents',
      handler: async (ctx) => {
        const wait = wantsCheckpoint(ctx);
        let prepared = await readStatement(context, ctx, 'agent.registered');
        const { entry } = prepared;
        const authorised = entry.signatures.some((s) => s.role === 'admin' || s.role === 'registry');
        if (entry.type === 'agent.registered' && entry.body.parent === undefined && !authorised) {
          requireOperator(context, ctx);
          prepared = coSign(prepared, context.keys.registrySigner);
        }
        return appendedReply(context, await context.sequencer.appendEntries([prepared]), wait, { agent: entry.subject });
      },
    },
    statementRoute(context, '/v1/agents/:id/metadata', 'agent.metadata_updated'),
    statementRoute(context, '/v1/agents/:id/keys', 'agent.key_rotated'),
    statementRoute(context, '/v1/agents/:id/keys/compromised', 'agent.key_compromised'),
    statementRoute(context, '/v1/agents/:id/scopes', 'agent.scopes_changed'),
    statementRoute(context, '/v1/delegations', 'delegation.granted'),
    statementRoute(context, '/v1/delegations/:id/revoke', 'delegation.revoked'),
  ];
}
