import { z } from 'zod';
import { ProtocolError } from '../errors.ts';
import { canonicalBytes } from '../jcs.ts';
import { adminCommandDefect } from './admin-command.ts';
import { fastBody, fastEnvelope } from './fast-validate.ts';
import { isAgentId, isDelegationId, isKnownGoodDidKey, originSchema, tenantIdSchema, tenantPrefix, timestampSchema } from './fields.ts';
import { summariseIssues } from './issues.ts';
import { STATEMENT_FORMAT } from './limits.ts';
import { signaturesSchema, type EntrySignature } from './signature.ts';
import { BODY_SCHEMAS, SUBJECT_KINDS, isStatementType, type StatementBodies, type StatementType } from './types/index.ts';

/**
 * The statement envelope (DESIGN §3 "Log entries"; docs/protocol.md §3): one signed statement per
 * log entry,
 *
 *   { "format": "warden.statement/v1", "origin", "type", "tenant", "subject", "time", "body",
 *     "signatures": [{ "role", "key", "sig" }, …] }
 *
 * Every signature is Ed25519 over the JCS (RFC 8785) bytes of the object without `signatures`
 * ("the statement"). The log's leaf data is the JCS bytes of the whole object ("the entry").
 *
 * Policy (structure only; what depends on registry state is the fold's, src/core/registry):
 * - `format` names this envelope and version; it also separates statement bytes from admin-command
 *   bytes (`warden.admin-command/v1`), so no signature made for one can be replayed as the other;
 * - `origin` is the registry's origin (its checkpoint origin): a statement cannot be replayed into
 *   another registry's log;
 * - the subject names what `SUBJECT_KINDS` says, and an agent id's tenant prefix must be the
 *   tenant's; an admin-command status change must carry a command of the same origin, tenant and
 *   action whose first target is the subject;
 * - an entry is at most 65,535 bytes: C2SP tlog-tiles entry bundles prefix each entry with a uint16
 *   length.
 */

export { MAX_ENTRY_BYTES, STATEMENT_FORMAT } from './limits.ts';

export interface StatementOf<T extends StatementType> {
  format: typeof STATEMENT_FORMAT;
  origin: string;
  type: T;
  tenant: string;
  subject: string;
  time: string;
  body: StatementBodies[T];
}
export type LogEntryOf<T extends StatementType> = StatementOf<T> & { signatures: EntrySignature[] };

/** An unsigned statement of any type (discriminated by `type`). */
export type Statement = { [K in StatementType]: StatementOf<K> }[StatementType];
/** A signed statement: what one log entry holds. */
export type LogEntry = { [K in StatementType]: LogEntryOf<K> }[StatementType];

const bodyObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'body must be an object',
);

const envelopeFields = {
  format: z.literal(STATEMENT_FORMAT),
  origin: originSchema,
  type: z.string().max(64),
  tenant: tenantIdSchema,
  subject: z.string().min(1).max(64),
  time: timestampSchema,
  body: bodyObject,
};
const statementEnvelope = z.strictObject(envelopeFields);
const entryEnvelope = z.strictObject({ ...envelopeFields, signatures: signaturesSchema });

/** The JCS bytes that every signature of `statement` covers: the statement without `signatures`. */
export function statementSigningBytes(statement: Statement | LogEntry): Uint8Array {
  const { signatures: _omit, ...unsigned } = statement as LogEntry;
  return canonicalBytes(unsigned);
}

/**
 * Validates a parsed value as a signed entry (envelope, body schema of its type, structural rules).
 * Returns it typed (a fresh object built by the schemas). Throws ENTRY_UNKNOWN_TYPE for a type
 * outside the vocabulary, ENTRY_MALFORMED (with `details.issues` or `details.rule`) otherwise.
 */
export function validateEntry(value: unknown): LogEntry {
  return validate(value, true) as LogEntry;
}

/** As `validateEntry`, for an unsigned statement (no `signatures` member allowed). */
export function validateStatement(value: unknown): Statement {
  return validate(value, false) as Statement;
}

function validate(value: unknown, signed: boolean): Statement | LogEntry {
  // The fast path (fast-validate.ts) answers for the common well-formed statement; whenever it is
  // unsure, the schemas below decide, and name the failure.
  const fast = fastEnvelope(value, signed, STATEMENT_FORMAT);
  if (fast !== undefined && isStatementType(fast.type)) {
    const fastBodyValue = fastBody(fast.type, fast.body as Record<string, unknown>);
    if (fastBodyValue !== undefined) {
      const statement = { ...fast, body: fastBodyValue } as Statement | LogEntry;
      const rule = structuralDefect(statement);
      if (rule !== undefined) throw malformed(`${statement.type} breaks rule ${rule}`, { type: statement.type, rule });
      return statement;
    }
  }
  const envelope = (signed ? entryEnvelope : statementEnvelope).safeParse(value);
  if (!envelope.success) throw malformed('envelope does not match its schema', { issues: summariseIssues(envelope.error.issues) });
  const { type } = envelope.data;
  if (!isStatementType(type)) {
    throw new ProtocolError('ENTRY_UNKNOWN_TYPE', `unknown statement type ${JSON.stringify(type.slice(0, 64))}`, { details: { type } });
  }
  const body = BODY_SCHEMAS[type].safeParse(envelope.data.body);
  if (!body.success) throw malformed(`${type} body does not match its schema`, { type, issues: summariseIssues(body.error.issues) });
  const statement = { ...envelope.data, type, body: body.data } as Statement | LogEntry;
  const rule = structuralDefect(statement);
  if (rule !== undefined) throw malformed(`${type} breaks rule ${rule}`, { type, rule });
  return statement;
}

/** Cross-field rules that need no registry state. Returns the rule broken, or undefined. */
export function structuralDefect(statement: Statement): string | undefined {
  const { subject, tenant } = statement;
  const prefix = tenantPrefix(tenant);
  const ownAgent = (id: string): boolean => isAgentId(id) && id.slice(5, 13) === prefix;
  switch (SUBJECT_KINDS[statement.type]) {
    case 'tenant':
      if (subject !== tenant) return 'SUBJECT_NOT_TENANT';
      break;
    case 'admin':
      if (!isKnownGoodDidKey(subject)) return 'SUBJECT_NOT_DID_KEY';
      break;
    case 'agent':
      if (!ownAgent(subject)) return 'SUBJECT_NOT_TENANT_AGENT';
      break;
    case 'delegation':
      if (!isDelegationId(subject)) return 'SUBJECT_NOT_DELEGATION';
      break;
  }
  switch (statement.type) {
    case 'agent.registered':
      if (statement.body.parent !== undefined && !ownAgent(statement.body.parent.agent)) return 'PARENT_OTHER_TENANT';
      break;
    case 'delegation.granted':
      if (!ownAgent(statement.body.parent) || !ownAgent(statement.body.child)) return 'DELEGATION_OTHER_TENANT';
      break;
    case 'agent.suspended':
    case 'agent.reinstated':
    case 'agent.revoked': {
      if (statement.body.by !== 'admin') break;
      const { command } = statement.body;
      const action = statement.type === 'agent.suspended' ? 'suspend' : statement.type === 'agent.reinstated' ? 'reinstate' : 'revoke';
      if (command.action !== action) return 'COMMAND_ACTION_MISMATCH';
      if (command.origin !== statement.origin) return 'COMMAND_ORIGIN_MISMATCH';
      if (command.tenant !== tenant) return 'COMMAND_TENANT_MISMATCH';
      if (command.targets[0] !== subject) return 'SUBJECT_NOT_FIRST_TARGET';
      return adminCommandDefect(command);
    }
    default:
      break;
  }
  return undefined;
}

function malformed(message: string, details: Record<string, unknown>): ProtocolError {
  return new ProtocolError('ENTRY_MALFORMED', message, { details });
}
