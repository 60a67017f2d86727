/**
 * Which log entries become security events, and the OpenID CAEP-shaped claims of each event
 * (docs/protocol.md §7.4, §11.11; CAEP 1.0 §2–3 event types, RFC 8417 SET claims, SSF subject
 * identifiers).
 *
 * Policy:
 * - an entry is an event when it changed some agent's status (`agent.revoked`, `agent.suspended`,
 *   `agent.reinstated`, a cascading `delegation.revoked`) or reported a key compromised
 *   (`agent.key_compromised`); nothing else is pushed;
 * - one SET per affected agent, in the fold's order (targets first, then cascaded descendants
 *   breadth-first); all SETs of one entry share `txn` = the entry index;
 * - revoked and suspended agents: `session-revoked` (every session of the agent must end);
 *   reinstated: `token-claims-change` with `claims: {warden_status: "active"}`; key compromised:
 *   `credential-change` (`credential_type: "did-key"`, `change_type: "revoke"`, `friendly_name` =
 *   the key);
 * - `initiating_entity`: `admin` for admin commands and admin-reported compromises, `policy` for the
 *   registry's automatic trust-score suspension, `user` for a delegating parent's revocation and an
 *   agent reporting its own key;
 * - every claim derives from the entry bytes, its index and the fold's affected list only (times
 *   are the entry's `time`), so an event rebuilt from the log for a resumed subscriber is
 *   byte-identical to the one pushed live.
 */
import { bytesToBase64Url } from '../../core/encoding/index.ts';
import type { AdminAction } from '../../core/log/admin-command.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import { timestampMs } from '../../core/log/time.ts';
import type { AgentStatus } from '../../core/registry/state.ts';

export const CAEP_EVENT_TYPE_BASE = 'https://schemas.openid.net/secevent/caep/event-type/';
export const SESSION_REVOKED = `${CAEP_EVENT_TYPE_BASE}session-revoked`;
export const TOKEN_CLAIMS_CHANGE = `${CAEP_EVENT_TYPE_BASE}token-claims-change`;
export const CREDENTIAL_CHANGE = `${CAEP_EVENT_TYPE_BASE}credential-change`;

/** A logged entry that may be an event, and the agents whose status it changed (fold order). */
export interface EventSource {
  readonly index: number;
  readonly leafHash: Uint8Array;
  readonly entry: LogEntry;
  readonly affected: readonly string[];
}

export type InitiatingEntity = 'admin' | 'user' | 'policy' | 'system';

const TO_STATUS: Readonly<Record<AdminAction, AgentStatus>> = { revoke: 'revoked', suspend: 'suspended', reinstate: 'active' };

/** Whether an entry of `type` that changed the status of `affected` agents is an event (module policy). */
export function isEventEntry(type: LogEntry['type'], affected: number): boolean {
  if (type === 'agent.key_compromised') return true;
  return affected > 0 && (type === 'agent.revoked' || type === 'agent.suspended' || type === 'agent.reinstated' || type === 'delegation.revoked');
}

/** The agents an event is about: the fold's affected list, or the subject of a key compromise. */
export function eventSubjects(entry: LogEntry, affected: readonly string[]): readonly string[] {
  return entry.type === 'agent.key_compromised' ? [entry.subject] : affected;
}

/**
 * The SET claims (unsigned) of the event `source`, one per subject, for the registry `origin`.
 * Precondition: `isEventEntry(source.entry.type, source.affected.length)`.
 */
export function securityEventClaims(source: EventSource, origin: string): Record<string, unknown>[] {
  const { entry, index } = source;
  const seconds = Math.floor(timestampMs(entry.time) / 1000);
  const leafHash = bytesToBase64Url(source.leafHash);
  const describe = describeEntry(entry, source.affected);
  return eventSubjects(entry, source.affected).map((agent, position) => {
    const log: Record<string, unknown> = { index: String(index), leaf_hash: leafHash, entry_type: entry.type };
    if (describe.status !== undefined) log.status = describe.status;
    if (describe.targets !== undefined && !describe.targets.includes(agent)) log.cascade = true;
    if (describe.key !== undefined) log.key = describe.key;
    if (describe.compromisedAt !== undefined) log.compromised_at = describe.compromisedAt;
    const payload: Record<string, unknown> = {
      event_timestamp: seconds,
      initiating_entity: describe.initiator,
      reason_admin: { en: describe.reason },
      ...describe.extra,
    };
    return {
      iss: origin,
      jti: `${index}-${position}`,
      iat: seconds,
      txn: String(index),
      sub_id: { format: 'complex', user: { format: 'opaque', id: agent }, tenant: { format: 'opaque', id: entry.tenant } },
      events: { [describe.eventType]: payload },
      warden_log: log,
    };
  });
}

interface EntryDescription {
  readonly eventType: string;
  readonly initiator: InitiatingEntity;
  readonly reason: string;
  readonly status?: AgentStatus;
  /** The agents the entry named (the others affected are cascaded). */
  readonly targets?: readonly string[];
  readonly key?: string;
  readonly compromisedAt?: string;
  readonly extra: Readonly<Record<string, unknown>>;
}

function describeEntry(entry: LogEntry, affected: readonly string[]): EntryDescription {
  switch (entry.type) {
    case 'agent.revoked':
    case 'agent.reinstated':
    case 'agent.suspended': {
      const body = entry.body;
      if (body.by === 'registry') {
        return {
          eventType: SESSION_REVOKED,
          initiator: 'policy',
          reason: body.detail ?? `trust score ${body.score} fell into the automatic suspension band (0-29)`,
          status: 'suspended',
          targets: [entry.subject],
          extra: {},
        };
      }
      const { command } = body;
      const status = TO_STATUS[command.action];
      return {
        eventType: command.action === 'reinstate' ? TOKEN_CLAIMS_CHANGE : SESSION_REVOKED,
        initiator: 'admin',
        reason: command.reason.detail === undefined ? command.reason.code : `${command.reason.code}: ${command.reason.detail}`,
        status,
        targets: command.targets,
        extra: command.action === 'reinstate' ? { claims: { warden_status: status } } : {},
      };
    }
    case 'delegation.revoked': {
      const reason = entry.body.reason;
      return {
        eventType: SESSION_REVOKED,
        initiator: 'user',
        reason: `delegation ${entry.subject} revoked by its parent${reason === undefined ? '' : `: ${reason}`}`,
        status: 'revoked',
        // The fold lists the delegation's child first, then its descendants.
        targets: affected.slice(0, 1),
        extra: {},
      };
    }
    case 'agent.key_compromised': {
      const { key, compromised_at: compromisedAt, reason } = entry.body;
      return {
        eventType: CREDENTIAL_CHANGE,
        initiator: entry.signatures.some((s) => s.role === 'admin') ? 'admin' : 'user',
        reason: `key reported compromised as of ${compromisedAt}${reason === undefined ? '' : `: ${reason}`}`,
        key,
        compromisedAt,
        extra: { credential_type: 'did-key', change_type: 'revoke', friendly_name: key },
      };
    }
    default:
      throw new Error(`${entry.type} entries are not security events`);
  }
}
