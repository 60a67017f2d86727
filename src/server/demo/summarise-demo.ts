import { STATEMENT_TYPES, type StatementType } from '../../core/log/types/index.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import type { TenantProfile } from './catalogue.ts';
import type { CompromiseRecord, DropRecord } from './demo-run.ts';
import type { DemoSummary, DemoTenantSummary } from './types.ts';

/**
 * The demo's summary, read from the folded state (so it describes what the log holds, not what was
 * planned) and from the story's records.
 */

export interface SummaryInput {
  readonly seed: string;
  readonly scale: number;
  readonly state: RegistryState;
  readonly counts: ReadonlyMap<StatementType, number>;
  readonly entries: number;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly tenants: readonly { readonly id: string; readonly profile: TenantProfile }[];
  readonly quorumTenant: string;
  readonly drops: readonly DropRecord[];
  readonly compromises: readonly CompromiseRecord[];
}

/** Builds the `DemoSummary` of a finished demo log. */
export function summariseDemo(input: SummaryInput): DemoSummary {
  const { state } = input;
  const byType = Object.fromEntries(STATEMENT_TYPES.map((t) => [t, input.counts.get(t) ?? 0])) as Record<StatementType, number>;
  const byDepth = [0, 0, 0, 0];
  const status = { active: 0, suspended: 0, revoked: 0 };
  let withoutOwner = 0;
  for (const agent of state.agents.values()) {
    byDepth[agent.depth] = (byDepth[agent.depth] ?? 0) + 1;
    status[agent.status]++;
    if (agent.owner === undefined) withoutOwner++;
  }
  const commands = { suspend: 0, reinstate: 0, revoke: 0, multiSigned: 0, cascadingRevocations: 0 };
  let automaticSuspensions = 0;
  for (const action of state.statusActions) {
    if (action.by === 'registry') automaticSuspensions++;
    if (action.by !== 'admin') continue;
    commands[action.action]++;
    if ((action.signers?.length ?? 0) >= 2) commands.multiSigned++;
    if (action.action === 'revoke' && action.affected.length > action.targets.length) commands.cascadingRevocations++;
  }
  const tenants: DemoTenantSummary[] = input.tenants.map(({ id, profile }) => {
    const t = state.tenants.get(id);
    return {
      id,
      name: profile.name,
      slug: profile.slug,
      domain: profile.domain,
      industry: profile.industry,
      admins: t === undefined ? [] : [...t.admins.values()].filter((a) => a.removed === undefined).map((a) => a.key),
      thresholds: t === undefined ? { revoke: 1, suspend: 1, reinstate: 1, admin: 1, policy: 1 } : { ...t.policy.thresholds },
      agents: t?.agentCount ?? 0,
    };
  });
  let revokedDelegations = 0;
  for (const d of state.delegations.values()) if (d.revoked !== undefined) revokedDelegations++;
  return {
    seed: input.seed,
    origin: state.config.origin,
    registryKey: state.config.registryKey,
    scale: input.scale,
    firstTime: input.firstTime,
    lastTime: input.lastTime,
    entries: input.entries,
    entriesByType: byType,
    tenants,
    agents: {
      total: state.agents.size,
      roots: byDepth[0] ?? 0,
      delegated: state.agents.size - (byDepth[0] ?? 0),
      byDepth,
      maxDepth: byDepth.reduce((max, n, depth) => (n > 0 ? depth : max), 0),
      ...status,
      withoutOwner,
    },
    delegations: { granted: state.delegations.size, revoked: revokedDelegations },
    sessions: state.totals.sessions,
    trustScores: state.totals.trustScores,
    suddenDrops: input.drops.map((d) => ({ ...d })),
    automaticSuspensions,
    compromisedKeys: input.compromises.map((c) => ({ ...c })),
    keyRotations: byType['agent.key_rotated'],
    adminCommands: commands,
    quorumTenant: input.quorumTenant,
  };
}
