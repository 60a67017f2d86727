/**
 * Trust signals (docs/protocol.md §6, §11.7): `POST /v1/agents/:id/trust-signals` (operator) with
 * `{ factors: {…some of the five…}, flags?, reason? }`.
 *
 * Policy: the five factors (behavioural compliance, scope adherence, anomaly, peer attestations,
 * session hygiene; integers 0..100) are merged over the agent's latest recorded factors, so a
 * monitor may report one signal at a time; an agent's first score needs all five (422
 * TRUST_FACTORS_INCOMPLETE). The registry computes the score and band exactly (src/core/trust) and
 * logs `trust.score_recorded` with its factors. If the score is in 0–29 and the agent is active at
 * that moment, the same submission also logs the automatic `agent.suspended` (by: registry) with
 * the score and the reason: both entries or neither, in one transaction.
 */
import { z } from 'zod';
import { blockText, flagSchema, uniqueArray } from '../../core/log/fields.ts';
import { STATEMENT_FORMAT } from '../../core/log/statement.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import { trustFactorsSchema } from '../../core/log/types/trust.ts';
import { recomputeScore, TRUST_FACTOR_NAMES, type TrustFactors } from '../../core/trust/score.ts';
import { HttpError } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import { prepareSigned, type PreparedEntry } from '../log/prepared-entry.ts';
import type { RegistryContext } from './context.ts';
import { agentOr404, readBody, requireOperator } from './request.ts';
import { appendedReply, wantsCheckpoint } from './statements.ts';

const signalBody = z.strictObject({
  factors: trustFactorsSchema.partial().refine((f) => Object.keys(f).length > 0, 'at least one factor'),
  flags: uniqueArray(flagSchema, 0, 16).optional(),
  reason: blockText(1000).optional(),
});

export function trustRoutes(context: RegistryContext): Route[] {
  const { sequencer, activity, keys } = context;
  return [
    {
      method: 'POST',
      path: '/v1/agents/:id/trust-signals',
      rateLimit: 'admin',
      handler: async (ctx) => {
        requireOperator(context, ctx);
        const wait = wantsCheckpoint(ctx);
        const agent = agentOr404(sequencer.state, ctx.params.id ?? '');
        const body = await readBody(ctx, signalBody);
        const latest = activity.latestTrust(agent.id);
        const merged = { ...(latest === undefined ? {} : (JSON.parse(latest.factors) as TrustFactors)), ...body.factors };
        const missing = TRUST_FACTOR_NAMES.filter((name) => merged[name] === undefined);
        if (missing.length > 0) {
          throw new HttpError(422, 'TRUST_FACTORS_INCOMPLETE', "the agent's first score needs all five factors", { details: { missing } });
        }
        const factors = merged as TrustFactors;
        const { score, band } = recomputeScore(factors);
        const flags = body.flags ?? [];
        const build = (state: typeof sequencer.state): PreparedEntry[] => {
          const time = formatTimestamp(context.now());
          const envelope = { format: STATEMENT_FORMAT, origin: keys.origin, tenant: agent.tenant, subject: agent.id, time } as const;
          const recorded = prepareSigned(
            { ...envelope, type: 'trust.score_recorded', body: { factors: { ...factors }, score, band, flags, ...(body.reason === undefined ? {} : { reason: body.reason }) } },
            [keys.registrySigner],
          );
          if (band !== 'suspension' || state.agents.get(agent.id)?.status !== 'active') return [recorded];
          const detail = `trust score ${score} fell into the automatic suspension band (0-29)${flags.length > 0 ? `; flags: ${flags.join(', ')}` : ''}`;
          const suspended = prepareSigned({ ...envelope, type: 'agent.suspended', body: { by: 'registry', trigger: 'trust_score', score, detail } }, [keys.registrySigner]);
          return [recorded, suspended];
        };
        const result = await sequencer.submit(build, { verifySignatures: false });
        const suspension = result.entries[1];
        return appendedReply(context, result, wait, {
          agent: agent.id,
          score,
          band,
          factors,
          ...(suspension === undefined ? {} : { suspended: { index: String(suspension.index) } }),
        });
      },
    },
  ];
}
