/**
 * Finding the status action (docs/protocol.md §5.1: an executed suspend / reinstate / revoke, with
 * every affected agent) that the entry at a given index executed. The fold appends status actions in
 * log order, so the list is sorted by index and a binary search finds one in O(log n).
 */
import type { RegistryState, StatusAction } from '../../core/registry/state.ts';

/** The status action of the entry at `index`, or undefined if that entry changed no status. */
export function statusActionAt(state: RegistryState, index: number): StatusAction | undefined {
  const actions = state.statusActions;
  let lo = 0;
  let hi = actions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const action = actions[mid] as StatusAction;
    if (action.index === index) return action;
    if (action.index < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
