import type { AgentDetail } from '../../core/api/schemas/agents.ts';

/** Pure helpers of the Agent detail screen. */

type KeyEvent = AgentDetail['keys'][number];

export type KeyState = 'current' | 'retired' | 'compromised';

/** A key's state: compromised wins over retired (a retired key may be reported compromised later). */
export function keyState(key: Pick<KeyEvent, 'compromisedAt' | 'retiredIndex'>): KeyState {
  if (key.compromisedAt !== null) return 'compromised';
  if (key.retiredIndex !== null) return 'retired';
  return 'current';
}

/** Keys that signed after being reported compromised: the finding an auditor must see first. */
export function keysUsedAfterCompromise(keys: readonly Pick<KeyEvent, 'usedAfterCompromise'>[]): number {
  return keys.filter((k) => k.usedAfterCompromise > 0).length;
}

/** What a status means, in words, with where it came from (a cascade from a delegator, or a direct action). */
export function statusSentence(status: AgentDetail['status']): string {
  const what = status.status === 'active' ? 'Active' : status.status === 'suspended' ? 'Suspended' : 'Revoked';
  if (status.status === 'active') return `${what} since entry ${status.sinceIndex}.`;
  return status.cascadeFrom !== null
    ? `${what} by cascade from ${status.cascadeFrom} (entry ${status.sinceIndex}, by ${status.by}).`
    : `${what} directly (entry ${status.sinceIndex}, by ${status.by}).`;
}
