/**
 * Tenants and their admins (docs/protocol.md §11.4):
 *   POST /v1/tenants                 operator: the registry logs `tenant.created`
 *   GET  /v1/tenants, /v1/tenants/:tenant
 *   POST /v1/tenants/:tenant/admins  an `admin.enrolled` signed by the new admin (new_key) and, for a
 *                                    tenant with admins, by its admin quorum; a tenant's FIRST admin is
 *                                    co-signed by the registry for the operator.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formatTimestamp } from '../../core/log/time.ts';
import { lineText, tenantIdSchema } from '../../core/log/fields.ts';
import { STATEMENT_FORMAT } from '../../core/log/statement.ts';
import { HttpError } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import { prepareSigned } from '../log/prepared-entry.ts';
import { coSign } from './co-sign.ts';
import type { RegistryContext } from './context.ts';
import { readBody, requireOperator, tenantOr404 } from './request.ts';
import { acceptClientStatement, appendedReply, wantsCheckpoint } from './statements.ts';
import { tenantSummary, tenantView } from './views.ts';

const createTenantBody = z.strictObject({ name: lineText(128), id: tenantIdSchema.optional() });
const statementBody = z.strictObject({ statement: z.unknown() });

export function tenantRoutes(context: RegistryContext): Route[] {
  const { sequencer, keys } = context;
  return [
    {
      method: 'POST',
      path: '/v1/tenants',
      rateLimit: 'admin',
      handler: async (ctx) => {
        requireOperator(context, ctx);
        const wait = wantsCheckpoint(ctx);
        const body = await readBody(ctx, createTenantBody);
        const id = body.id ?? randomUUID();
        const prepared = prepareSigned(
          { format: STATEMENT_FORMAT, origin: keys.origin, type: 'tenant.created', tenant: id, subject: id, time: formatTimestamp(context.now()), body: { name: body.name } },
          [keys.registrySigner],
        );
        const result = await sequencer.appendEntries([prepared], { verifySignatures: false });
        return appendedReply(context, result, wait, { tenant: { id, prefix: id.slice(0, 8), name: body.name } });
      },
    },
    {
      method: 'GET',
      path: '/v1/tenants',
      handler: () => ({ status: 200, json: { tenants: [...sequencer.state.tenants.values()].map(tenantSummary) } }),
    },
    {
      method: 'GET',
      path: '/v1/tenants/:tenant',
      handler: (ctx) => ({ status: 200, json: tenantView(tenantOr404(sequencer.state, ctx.params.tenant ?? '')) }),
    },
    {
      method: 'POST',
      path: '/v1/tenants/:tenant/admins',
      rateLimit: 'admin',
      handler: async (ctx) => {
        const wait = wantsCheckpoint(ctx);
        const tenant = tenantOr404(sequencer.state, ctx.params.tenant ?? '');
        const body = await readBody(ctx, statementBody);
        let prepared = acceptClientStatement(context, body.statement);
        if (prepared.entry.type !== 'admin.enrolled' || prepared.entry.tenant !== tenant.id) {
          throw new HttpError(422, 'STATEMENT_MISMATCH', 'expected an admin.enrolled statement for this tenant');
        }
        const hasAdmin = [...tenant.admins.values()].some((a) => a.removed === undefined);
        if (!hasAdmin && !prepared.entry.signatures.some((s) => s.role === 'registry')) {
          requireOperator(context, ctx);
          prepared = coSign(prepared, keys.registrySigner);
        }
        return appendedReply(context, await sequencer.appendEntries([prepared]), wait);
      },
    },
  ];
}
