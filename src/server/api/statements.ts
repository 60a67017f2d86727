/**
 * Client-signed statements entering the registry (docs/protocol.md §11.4).
 *
 * Policy, checked before a statement reaches the sequencer (which then verifies every signature and
 * every state rule):
 * - the statement is a valid signed entry (schema, structural rules, at most 65,535 bytes);
 * - its type is one a client may sign: governance (admin.enrolled, admin.removed,
 *   policy.quorum_set), agent lifecycle (agent.registered, agent.metadata_updated,
 *   agent.key_rotated, agent.key_compromised, agent.scopes_changed) and delegations. The registry
 *   builds tenant.created, session.authenticated (challenge-response), trust.score_recorded and
 *   automatic suspensions itself; admin suspensions, reinstatements and revocations come only through
 *   the admin channel (403 STATEMENT_TYPE_NOT_ALLOWED);
 * - its origin is this registry's (422 ORIGIN_MISMATCH);
 * - its `time` is within `statementSkewMs` of the registry's clock (422 STATEMENT_NOT_FRESH): times
 *   are the signer's claims, and this bound is what makes them meaningful (protocol §5.4).
 */
import { bytesToBase64Url } from '../../core/encoding/index.ts';
import { isProtocolError, ProtocolError } from '../../core/errors.ts';
import type { StatementType } from '../../core/log/types/index.ts';
import { HttpError } from '../http/errors.ts';
import type { Reply, RouteContext } from '../http/router.ts';
import { prepareEntry, type PreparedEntry } from '../log/prepared-entry.ts';
import type { AppendResult } from '../log/sequencer.ts';
import type { RegistryContext } from './context.ts';

export const CLIENT_STATEMENT_TYPES: ReadonlySet<StatementType> = new Set<StatementType>([
  'admin.enrolled',
  'admin.removed',
  'policy.quorum_set',
  'agent.registered',
  'agent.metadata_updated',
  'agent.key_rotated',
  'agent.key_compromised',
  'agent.scopes_changed',
  'delegation.granted',
  'delegation.revoked',
]);

/** Most entries a `?wait=checkpoint` request may ask receipts for. */
export const MAX_RECEIPTS_PER_REQUEST = 256;

/**
 * Validates one client statement (see the module policy). `position` (in a batch) is added to the
 * error's details. Throws ENTRY_MALFORMED / ENTRY_UNKNOWN_TYPE, or HttpError 403/422.
 */
export function acceptClientStatement(context: RegistryContext, value: unknown, position?: number): PreparedEntry {
  try {
    const prepared = prepareEntry(value);
    const { entry } = prepared;
    if (!CLIENT_STATEMENT_TYPES.has(entry.type)) {
      throw new HttpError(403, 'STATEMENT_TYPE_NOT_ALLOWED', `${entry.type} statements are not accepted here`, { details: { type: entry.type } });
    }
    if (entry.origin !== context.keys.origin) {
      throw new HttpError(422, 'ORIGIN_MISMATCH', 'the statement names another registry', { details: { origin: entry.origin, expected: context.keys.origin } });
    }
    // `time` passed the schema: Date.parse reads it exactly (and cheaper than timestampMs's re-check).
    const skew = Math.abs(Date.parse(entry.time) - context.now());
    if (skew > context.limits.statementSkewMs) {
      throw new HttpError(422, 'STATEMENT_NOT_FRESH', `the statement time is ${Math.round(skew / 1000)} s from the registry clock`, {
        details: { time: entry.time, max_skew_ms: context.limits.statementSkewMs },
      });
    }
    return prepared;
  } catch (error) {
    throw position === undefined ? error : atPosition(error, position);
  }
}

/** The same error, with `statement: position` in its details. */
export function atPosition(error: unknown, position: number): unknown {
  if (error instanceof HttpError) {
    return new HttpError(error.status, error.code, `statement ${position}: ${error.message}`, {
      details: { ...error.details, statement: position },
      ...(error.headers === undefined ? {} : { headers: error.headers }),
    });
  }
  if (isProtocolError(error)) {
    return new ProtocolError(error.code, `statement ${position}: ${error.message}`, { details: { ...error.details, statement: position }, cause: error });
  }
  return error;
}

/** Whether the request asks to wait for a checkpoint (`?wait=checkpoint`). Throws 422 for another value. */
export function wantsCheckpoint(ctx: RouteContext, entries = 1): boolean {
  const wait = ctx.query.get('wait');
  if (wait === null) return false;
  if (wait !== 'checkpoint') throw new HttpError(422, 'REQUEST_INVALID', 'the only wait is ?wait=checkpoint');
  if (entries > MAX_RECEIPTS_PER_REQUEST) {
    throw new HttpError(422, 'REQUEST_INVALID', `?wait=checkpoint is for at most ${MAX_RECEIPTS_PER_REQUEST} statements`);
  }
  return true;
}

/**
 * The answer to an accepted write: every entry's index and leaf hash (`index` and `leaf_hash` at the
 * top too for one entry), and with `wait` the receipts (docs/protocol.md §7.3).
 */
export async function appendedReply(
  context: RegistryContext,
  result: AppendResult,
  wait: boolean,
  extra: Record<string, unknown> = {},
  status = 201,
): Promise<Reply> {
  const entries = result.entries.map((e) => ({ index: String(e.index), leaf_hash: bytesToBase64Url(e.leafHash), type: e.entry.type, subject: e.entry.subject }));
  const json: Record<string, unknown> = { ...extra, entries };
  const first = entries[0];
  if (entries.length === 1 && first !== undefined) {
    json.index = first.index;
    json.leaf_hash = first.leaf_hash;
  }
  if (wait) {
    try {
      const receipts = await Promise.all(result.entries.map((e) => context.sequencer.receipt(e.index, { timeoutMs: context.limits.checkpointWaitMs })));
      if (receipts.length === 1) json.receipt = receipts[0];
      else json.receipts = receipts;
    } catch {
      // The entries ARE logged: say so (202) rather than fail the write; the receipt can be fetched later.
      return { status: 202, json: { ...json, checkpoint_pending: true } };
    }
  }
  return { status, json };
}
