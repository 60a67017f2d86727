/**
 * All-or-nothing application of several entries to the registry state (issue 3: "no partial writes,
 * one transaction per request"). `RegistryStateBuilder.apply` is atomic for ONE entry; a request
 * carrying several (a delegation and its child's registration, a trust score and the automatic
 * suspension it triggers, a client's batch) must not leave the first ones applied when a later one
 * is refused.
 *
 * How: the entries are folded over a copy-on-write overlay of the state: each map returns a private
 * deep copy of a value the first time it is read, and remembers what was set; `statusActions` and
 * `totals` are copied. If every entry applies, the overlay's values are written into the real state;
 * otherwise the overlay is dropped and the real state never changed.
 *
 * This relies on one property of the fold (src/core/registry): it reaches state only through
 * `get`/`has`/`set` on these maps, `push` on `statusActions` and field updates on `totals`, never by
 * iterating a top-level map. The overlay maps throw if iterated, so a change in the fold that broke
 * the property would fail loudly (tests fold every fixture type through the overlay).
 */
import { RegistryStateBuilder, type ApplyResult } from '../../core/registry/builder.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import { copyPlain } from './plain-copy.ts';

class OverlayMap<K, V> extends Map<K, V> {
  readonly #base: Map<K, V>;
  readonly #deleted = new Set<K>();

  constructor(base: Map<K, V>) {
    super();
    this.#base = base;
  }

  override get(key: K): V | undefined {
    if (this.#deleted.has(key)) return undefined;
    if (super.has(key)) return super.get(key);
    const value = this.#base.get(key);
    if (value === undefined) return undefined;
    const copy = copyPlain(value);
    super.set(key, copy);
    return copy;
  }

  override has(key: K): boolean {
    return !this.#deleted.has(key) && (super.has(key) || this.#base.has(key));
  }

  override set(key: K, value: V): this {
    this.#deleted.delete(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const present = this.has(key);
    super.delete(key);
    this.#deleted.add(key);
    return present;
  }

  override get size(): number {
    throw new Error('the state overlay cannot be counted or iterated');
  }

  override forEach(): void {
    throw new Error('the state overlay cannot be counted or iterated');
  }

  override keys(): MapIterator<K> {
    throw new Error('the state overlay cannot be counted or iterated');
  }

  override values(): MapIterator<V> {
    throw new Error('the state overlay cannot be counted or iterated');
  }

  override entries(): MapIterator<[K, V]> {
    throw new Error('the state overlay cannot be counted or iterated');
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    throw new Error('the state overlay cannot be counted or iterated');
  }

  /** Writes the overlay's changes into the base map. */
  mergeInto(): void {
    for (const key of this.#deleted) this.#base.delete(key);
    // super's own iterator: the overlay's copies and new values.
    for (const [key, value] of Map.prototype.entries.call(this) as MapIterator<[K, V]>) this.#base.set(key, value);
  }
}

/**
 * Applies `entries` at indices `firstIndex`, `firstIndex + 1`, … to `state` all together or not at
 * all. Throws what `RegistryStateBuilder.apply` throws for the first refused entry (its index in the
 * details is the index it would have had); `state` is then unchanged. Signatures are not verified
 * here (the caller verified them in bulk).
 */
export function applyAllOrNothing(state: RegistryState, entries: readonly LogEntry[], firstIndex: number): ApplyResult[] {
  const tenants = new OverlayMap(state.tenants);
  const tenantPrefixes = new OverlayMap(state.tenantPrefixes);
  const agents = new OverlayMap(state.agents);
  const delegations = new OverlayMap(state.delegations);
  const keys = new OverlayMap(state.keys);
  const overlay: RegistryState = {
    config: state.config,
    nextIndex: state.nextIndex,
    applied: state.applied,
    tenants,
    tenantPrefixes,
    agents,
    delegations,
    keys,
    statusActions: [],
    totals: { ...state.totals },
  };
  const builder = new RegistryStateBuilder(overlay, { verifySignatures: false });
  const results = entries.map((entry, i) => builder.apply(entry, firstIndex + i));
  tenants.mergeInto();
  tenantPrefixes.mergeInto();
  agents.mergeInto();
  delegations.mergeInto();
  keys.mergeInto();
  state.statusActions.push(...overlay.statusActions);
  Object.assign(state.totals, overlay.totals);
  state.nextIndex = overlay.nextIndex;
  state.applied = overlay.applied;
  return results;
}
