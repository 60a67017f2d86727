/**
 * State queries (docs/protocol.md §11.5), answered from the replayed state and the derived indexes:
 *   GET /v1/agents?tenant&status&owner&parent&depth&band&q&limit&after   list, in registration order
 *   GET /v1/agents/:id                                                    full record
 *   GET /v1/agents/:id/trust?limit&before                                 recorded scores, newest first
 *   GET /v1/agents/:id/sessions?limit&before                              sessions, newest first
 *   GET /v1/delegations/:id
 * Paging: `after` / `before` are entry indices from the previous page's `next`; absent when done.
 */
import { z } from 'zod';
import { agentIdSchema, tenantIdSchema } from '../../core/log/fields.ts';
import { TRUST_BANDS } from '../../core/trust/score.ts';
import type { AgentState } from '../../core/registry/state.ts';
import type { Route } from '../http/router.ts';
import type { RegistryContext } from './context.ts';
import { agentOr404, delegationOr404, readQuery } from './request.ts';
import { agentSummary, agentView, delegationView } from './views.ts';

const position = z.string().regex(/^(0|[1-9][0-9]{0,15})$/, 'an entry index').transform(Number);
const limit = z
  .string()
  .regex(/^[1-9][0-9]{0,3}$/, 'an integer 1..500')
  .transform(Number)
  .refine((n) => n <= 500, 'at most 500');

const listQuery = z.strictObject({
  tenant: tenantIdSchema.optional(),
  status: z.enum(['active', 'suspended', 'revoked']).optional(),
  owner: z.string().min(1).max(256).optional(),
  parent: agentIdSchema.optional(),
  depth: z.enum(['0', '1', '2', '3']).transform(Number).optional(),
  band: z.enum(TRUST_BANDS).optional(),
  q: z.string().min(1).max(256).optional(),
  limit: limit.optional(),
  after: position.optional(),
});

const historyQuery = z.strictObject({ limit: limit.optional(), before: position.optional() });

type ListQuery = z.infer<typeof listQuery>;

function matches(agent: AgentState, query: ListQuery, needle: string | undefined): boolean {
  return (
    (query.tenant === undefined || agent.tenant === query.tenant) &&
    (query.status === undefined || agent.status === query.status) &&
    (query.owner === undefined || agent.owner === query.owner) &&
    (query.parent === undefined || agent.parent === query.parent) &&
    (query.depth === undefined || agent.depth === query.depth) &&
    (query.band === undefined || agent.trust.last?.band === query.band) &&
    (needle === undefined || agent.displayName.toLowerCase().includes(needle))
  );
}

export function agentReadRoutes(context: RegistryContext): Route[] {
  const { sequencer, activity } = context;
  return [
    {
      method: 'GET',
      path: '/v1/agents',
      handler: (ctx) => {
        const query = readQuery(ctx, listQuery);
        const max = query.limit ?? 100;
        const needle = query.q?.toLowerCase();
        const page: AgentState[] = [];
        let more = false;
        // The agents map iterates in registration (= log) order.
        for (const agent of sequencer.state.agents.values()) {
          if (query.after !== undefined && agent.registered.index <= query.after) continue;
          if (!matches(agent, query, needle)) continue;
          if (page.length === max) {
            more = true;
            break;
          }
          page.push(agent);
        }
        const last = page[page.length - 1];
        return { status: 200, json: { agents: page.map(agentSummary), ...(more && last !== undefined ? { next: String(last.registered.index) } : {}) } };
      },
    },
    {
      method: 'GET',
      path: '/v1/agents/:id',
      handler: (ctx) => ({ status: 200, json: agentView(agentOr404(sequencer.state, ctx.params.id ?? '')) }),
    },
    {
      method: 'GET',
      path: '/v1/agents/:id/trust',
      handler: (ctx) => {
        const agent = agentOr404(sequencer.state, ctx.params.id ?? '');
        const query = readQuery(ctx, historyQuery);
        const max = query.limit ?? 100;
        const rows = activity.trustHistory(agent.id, query.before ?? Number.MAX_SAFE_INTEGER, max);
        const scores = rows.map((r) => ({
          index: String(r.entry_idx),
          time: r.time,
          score: r.score,
          band: r.band,
          factors: JSON.parse(r.factors) as unknown,
          flags: JSON.parse(r.flags) as unknown,
          ...(r.reason === null ? {} : { reason: r.reason }),
        }));
        const last = rows[rows.length - 1];
        return { status: 200, json: { agent: agent.id, scores, ...(rows.length === max && last !== undefined ? { next: String(last.entry_idx) } : {}) } };
      },
    },
    {
      method: 'GET',
      path: '/v1/agents/:id/sessions',
      handler: (ctx) => {
        const agent = agentOr404(sequencer.state, ctx.params.id ?? '');
        const query = readQuery(ctx, historyQuery);
        const max = query.limit ?? 100;
        const rows = activity.sessions(agent.id, query.before ?? Number.MAX_SAFE_INTEGER, max);
        const sessions = rows.map((r) => ({
          session_id: r.session_id,
          index: String(r.entry_idx),
          time: r.time,
          expires_at: r.expires_at,
          scopes: JSON.parse(r.scopes) as unknown,
        }));
        const last = rows[rows.length - 1];
        return { status: 200, json: { agent: agent.id, sessions, ...(rows.length === max && last !== undefined ? { next: String(last.entry_idx) } : {}) } };
      },
    },
    {
      method: 'GET',
      path: '/v1/delegations/:id',
      handler: (ctx) => ({ status: 200, json: delegationView(delegationOr404(sequencer.state, ctx.params.id ?? '')) }),
    },
  ];
}
