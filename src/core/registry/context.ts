import { ProtocolError, type ProtocolErrorCode } from '../errors.ts';
import type { LogEntryOf } from '../log/statement.ts';
import type { StatementType } from '../log/types/index.ts';
import type { AgentStatus, RegistryState, Stamp } from './state.ts';

/** What a statement handler sees: the state before the entry, the entry and where it sits. */
export interface ApplyContext<T extends StatementType = StatementType> {
  readonly state: RegistryState;
  readonly entry: LogEntryOf<T>;
  readonly index: number;
  readonly stamp: Stamp;
}

export interface StatusChange {
  readonly agent: string;
  readonly from: AgentStatus;
  readonly to: AgentStatus;
}

/**
 * A handler validates everything first and returns the mutation to run; the builder runs it only if
 * validation passed, so a rejected entry never changes the state.
 */
export type Commit = () => readonly StatusChange[];
export type Handler<T extends StatementType> = (ctx: ApplyContext<T>) => Commit;

export const NO_CHANGES: readonly StatusChange[] = Object.freeze([]);

/**
 * Throws the rejection of the entry at `ctx.index`: `code` with `details` `{index, type, subject,
 * rule, …extra}`. `rule` is a stable name (docs/protocol.md §5.3) a verifier maps to its findings.
 */
export function reject(
  ctx: ApplyContext,
  code: ProtocolErrorCode,
  rule: string,
  message: string,
  extra: Record<string, unknown> = {},
): never {
  throw new ProtocolError(code, `entry ${ctx.index} (${ctx.entry.type}): ${message}`, {
    details: { index: ctx.index, type: ctx.entry.type, subject: ctx.entry.subject, rule, ...extra },
  });
}

/** STATE_TRANSITION_INVALID: the registry must never have accepted this entry in this state. */
export function invalid(ctx: ApplyContext, rule: string, message: string, extra?: Record<string, unknown>): never {
  return reject(ctx, 'STATE_TRANSITION_INVALID', rule, message, extra);
}
