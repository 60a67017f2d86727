import type { FindingView } from '../../../core/api/schemas/verification.ts';
import type { AppReadContext } from '../app-context.ts';

/** The findings of the origin's latest verification report (made by this app), flattened; [] without one. */
export function reportFindings(ctx: AppReadContext, originId: number): FindingView[] {
  const report = ctx.latestReport(originId);
  if (report === null) return [];
  return report.checks.flatMap((c) => c.findings);
}

/**
 * Findings per agent id as the JSON object `{"<agent id>": count}` that agent-view.ts unpacks with
 * `json_each` (bound as one parameter: ids never reach the SQL text).
 */
export function findingsByAgentJson(counts: ReadonlyMap<string, number>): string {
  // A Map, then fromEntries: an id such as "__proto__" stays an ordinary key.
  return JSON.stringify(Object.fromEntries(counts));
}

/** Findings per agent id in the origin's latest report (empty without one). */
export function findingsByAgent(ctx: AppReadContext, originId: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of reportFindings(ctx, originId)) {
    if (f.agentId !== null) counts.set(f.agentId, (counts.get(f.agentId) ?? 0) + 1);
  }
  return counts;
}
