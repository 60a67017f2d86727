import type { z } from 'zod';
import { adminEnrolledBody, adminRemovedBody, policyQuorumSetBody } from './admin.ts';
import {
  agentKeyCompromisedBody,
  agentKeyRotatedBody,
  agentMetadataUpdatedBody,
  agentRegisteredBody,
  agentScopesChangedBody,
} from './agent.ts';
import { delegationGrantedBody, delegationRevokedBody } from './delegation.ts';
import { sessionAuthenticatedBody } from './session.ts';
import { agentReinstatedBody, agentRevokedBody, agentSuspendedBody } from './status.ts';
import { tenantCreatedBody } from './tenant.ts';
import { trustScoreRecordedBody } from './trust.ts';

/**
 * The statement vocabulary (docs/protocol.md §4): every type, its body schema and what its subject
 * names. A type not listed here is ENTRY_UNKNOWN_TYPE.
 */

export const BODY_SCHEMAS = {
  'tenant.created': tenantCreatedBody,
  'admin.enrolled': adminEnrolledBody,
  'admin.removed': adminRemovedBody,
  'policy.quorum_set': policyQuorumSetBody,
  'agent.registered': agentRegisteredBody,
  'agent.metadata_updated': agentMetadataUpdatedBody,
  'agent.key_rotated': agentKeyRotatedBody,
  'agent.key_compromised': agentKeyCompromisedBody,
  'agent.scopes_changed': agentScopesChangedBody,
  'delegation.granted': delegationGrantedBody,
  'delegation.revoked': delegationRevokedBody,
  'session.authenticated': sessionAuthenticatedBody,
  'trust.score_recorded': trustScoreRecordedBody,
  'agent.suspended': agentSuspendedBody,
  'agent.reinstated': agentReinstatedBody,
  'agent.revoked': agentRevokedBody,
} as const;

export type StatementType = keyof typeof BODY_SCHEMAS;
export const STATEMENT_TYPES = Object.freeze(Object.keys(BODY_SCHEMAS)) as readonly StatementType[];

export type StatementBodies = { [K in StatementType]: z.infer<(typeof BODY_SCHEMAS)[K]> };

/** What the envelope's `subject` names, per type. */
export type SubjectKind = 'tenant' | 'admin' | 'agent' | 'delegation';

export const SUBJECT_KINDS: Readonly<Record<StatementType, SubjectKind>> = Object.freeze({
  'tenant.created': 'tenant',
  'admin.enrolled': 'admin',
  'admin.removed': 'admin',
  'policy.quorum_set': 'tenant',
  'agent.registered': 'agent',
  'agent.metadata_updated': 'agent',
  'agent.key_rotated': 'agent',
  'agent.key_compromised': 'agent',
  'agent.scopes_changed': 'agent',
  'delegation.granted': 'delegation',
  'delegation.revoked': 'delegation',
  'session.authenticated': 'agent',
  'trust.score_recorded': 'agent',
  'agent.suspended': 'agent',
  'agent.reinstated': 'agent',
  'agent.revoked': 'agent',
});

/** Whether `value` names a statement type of the vocabulary (own keys only: `toString` is not one). */
export function isStatementType(value: unknown): value is StatementType {
  return typeof value === 'string' && Object.hasOwn(BODY_SCHEMAS, value);
}

export * from './admin.ts';
export * from './agent.ts';
export * from './delegation.ts';
export * from './session.ts';
export * from './status.ts';
export * from './tenant.ts';
export * from './trust.ts';
