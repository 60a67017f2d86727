import type { LogEntry } from '../log/statement.ts';
import { RegistryStateBuilder, type BuilderOptions } from './builder.ts';
import { cloneRegistryState, createRegistryState, type RegistryConfig, type RegistryState } from './state.ts';

/**
 * The pure face of the state fold: `applyEntry(state, entry, index)` returns a new state and leaves
 * its argument untouched. It copies the whole state per call, so it is for tests and small logs; a
 * replica or server folds with one `RegistryStateBuilder`.
 */

/** A new state: `state` with `entry` applied at `index`. Throws like `RegistryStateBuilder.apply`. */
export function applyEntry(state: RegistryState, entry: LogEntry, index: number, options: BuilderOptions = {}): RegistryState {
  const builder = new RegistryStateBuilder(cloneRegistryState(state), options);
  builder.apply(entry, index);
  return builder.state;
}

/** Folds `entries` (at indices 0, 1, 2, …) from the empty state of `config`. Throws at the first rejected entry. */
export function foldEntries(config: RegistryConfig, entries: Iterable<LogEntry>, options: BuilderOptions = {}): RegistryState {
  const builder = new RegistryStateBuilder(createRegistryState(config), options);
  let index = 0;
  for (const entry of entries) builder.apply(entry, index++);
  return builder.state;
}

