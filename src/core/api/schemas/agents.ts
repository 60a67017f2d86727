import { z } from 'zod';
import {
  agentIdSchema,
  agentStatusSchema,
  countSchema,
  decimalSchema,
  hexSchema,
  indexSchema,
  isoTimeSchema,
  keyTextSchema,
  labelSchema,
  originIdSchema,
  severitySchema,
  tenantIdSchema,
  textSchema,
  timeMsSchema,
  trustBandSchema,
} from './common.ts';

/** The Agents screen (a virtualised, server-paged table) and the Agent detail screen. */

export const AGENT_COLUMNS = [
  'id',
  'displayName',
  'tenant',
  'owner',
  'status',
  'trustScore',
  'trustBand',
  'registeredTime',
  'lastSessionTime',
  'sessionCount',
  'keyCount',
  'depth',
  'findings',
] as const;
export type AgentColumn = (typeof AGENT_COLUMNS)[number];
export const agentColumnSchema = z.enum(AGENT_COLUMNS);

/** Filters of the Agents table; every one optional, all combined with AND. */
export const agentFilterSchema = z.strictObject({
  /** Case-insensitive substring of id, display name or owner. */
  search: z.string().max(200).optional(),
  tenant: tenantIdSchema.optional(),
  status: agentStatusSchema.optional(),
  owner: z.string().max(200).optional(),
  scoreBand: z.union([trustBandSchema, z.literal('unscored')]).optional(),
  /** Only agents with (true) or without (false) a verification finding. */
  hasFinding: z.boolean().optional(),
  /** Only agents with no session for the policy's dormancy period (Settings). */
  dormant: z.boolean().optional(),
});
export type AgentFilter = z.output<typeof agentFilterSchema>;

export const agentSortSchema = z.strictObject({ column: agentColumnSchema, direction: z.enum(['asc', 'desc']) });

export const MAX_AGENT_PAGE = 1000;

export const agentsQueryArgs = z.strictObject({
  originId: originIdSchema,
  filter: agentFilterSchema.default({}),
  sort: agentSortSchema.default({ column: 'displayName', direction: 'asc' }),
  offset: indexSchema.default(0),
  limit: z.number().int().min(1).max(MAX_AGENT_PAGE).default(200),
});

export const agentRowSchema = z.object({
  id: agentIdSchema,
  displayName: labelSchema,
  tenant: tenantIdSchema,
  /** The tenant's name (`tenant.created`); null when the replica has no such tenant. */
  tenantName: labelSchema.nullable(),
  owner: labelSchema.nullable(),
  status: agentStatusSchema,
  trustScore: z.number().int().min(0).max(100).nullable(),
  trustBand: trustBandSchema.nullable(),
  registeredTime: isoTimeSchema,
  lastSessionTime: isoTimeSchema.nullable(),
  sessionCount: countSchema,
  keyCount: countSchema,
  depth: countSchema,
  findings: countSchema,
});
export type AgentRow = z.output<typeof agentRowSchema>;

export const agentsQueryResult = z.object({
  /** Agents matching the filter (all pages). */
  total: countSchema,
  offset: indexSchema,
  rows: z.array(agentRowSchema).max(MAX_AGENT_PAGE),
});

export const agentsFacetsResult = z.object({
  tenants: z.array(z.object({ id: tenantIdSchema, name: labelSchema, agents: countSchema })).max(10_000),
  /** The most common owners (at most 500). */
  owners: z.array(labelSchema).max(500),
});

export const agentsExportArgs = z.strictObject({
  originId: originIdSchema,
  filter: agentFilterSchema.default({}),
  sort: agentSortSchema.default({ column: 'displayName', direction: 'asc' }),
  columns: z.array(agentColumnSchema).min(1).max(AGENT_COLUMNS.length),
});
export const agentsExportResult = z.object({
  fileName: labelSchema,
  rows: countSchema,
  /** RFC 4180 CSV, UTF-8, header row first; cells that a spreadsheet would run as a formula are quoted with a leading `'`. */
  csv: z.string().max(512 * 1024 * 1024),
});

export const agentRefArgs = z.strictObject({ originId: originIdSchema, agentId: agentIdSchema });

const keyEventSchema = z.object({
  position: countSchema,
  /** did:key of the key. */
  did: keyTextSchema,
  addedIndex: indexSchema,
  addedTime: isoTimeSchema,
  retiredIndex: indexSchema.nullable(),
  retiredTime: isoTimeSchema.nullable(),
  compromisedAt: isoTimeSchema.nullable(),
  reportedIndex: indexSchema.nullable(),
  lastUsedTime: isoTimeSchema.nullable(),
  usedAfterCompromise: countSchema,
});

const delegationNodeSchema = z.object({
  agentId: agentIdSchema,
  displayName: labelSchema,
  status: agentStatusSchema,
  /** The delegating agent (null at the root). */
  parent: agentIdSchema.nullable(),
  delegationId: labelSchema.nullable(),
  scopes: z.array(labelSchema).max(1000),
  depth: countSchema,
  revoked: z.boolean(),
});

const inclusionProofSchema = z.object({
  index: indexSchema,
  treeSize: decimalSchema,
  rootHex: hexSchema,
  leafHashHex: hexSchema,
  hashes: z.array(hexSchema).max(64),
  /** The proof was recomputed from the replica's tiles and matches the verified checkpoint's root. */
  verified: z.boolean(),
});
export const inclusionProofResultSchema = inclusionProofSchema;

export const agentDetailResult = z.object({
  identity: z.object({
    id: agentIdSchema,
    did: keyTextSchema,
    maipId: labelSchema.nullable(),
    displayName: labelSchema,
    tenant: tenantIdSchema,
    /** The tenant's name (`tenant.created`); null when the replica has no such tenant. */
    tenantName: labelSchema.nullable(),
    owner: labelSchema.nullable(),
    description: textSchema.nullable(),
    version: labelSchema.nullable(),
    purpose: textSchema.nullable(),
    capabilities: z.array(labelSchema).max(1000),
    registeredIndex: indexSchema,
    registeredTime: isoTimeSchema,
  }),
  scopes: z.array(labelSchema).max(1000),
  status: z.object({
    status: agentStatusSchema,
    sinceIndex: indexSchema,
    sinceTime: isoTimeSchema,
    by: labelSchema,
    cascadeFrom: agentIdSchema.nullable(),
  }),
  keys: z.array(keyEventSchema).max(10_000),
  /** The chain of delegators from the root down to this agent's parent. */
  delegatedBy: z.array(delegationNodeSchema).max(64),
  /** Agents this one delegated to, breadth first (at most 1,000; `delegatesTotal` counts all). */
  delegates: z.array(delegationNodeSchema).max(1000),
  delegatesTotal: countSchema,
  sessions: z.object({ count: countSchema, lastId: labelSchema.nullable(), lastTime: isoTimeSchema.nullable() }),
  trust: z.object({
    count: countSchema,
    score: z.number().int().min(0).max(100).nullable(),
    band: trustBandSchema.nullable(),
    lowest: z.number().int().min(0).max(100).nullable(),
  }),
  statusHistory: z
    .array(z.object({ index: indexSchema, time: isoTimeSchema, action: labelSchema, by: labelSchema, reason: textSchema, cascade: z.boolean() }))
    .max(10_000),
  findings: z.array(z.object({ code: z.string().max(64), severity: severitySchema, message: textSchema, index: indexSchema.nullable() })).max(1000),
  /** The revocation (or latest suspension) entry, with its inclusion proof against the latest verified checkpoint. */
  revocation: z
    .object({ index: indexSchema, time: isoTimeSchema, action: labelSchema, reason: textSchema, proof: inclusionProofSchema.nullable() })
    .nullable(),
});
export type AgentDetail = z.output<typeof agentDetailResult>;

/** Trust history: column arrays (one element per recorded score, oldest first). */
const factorColumn = z.array(z.number().int().min(0).max(100));
export const trustHistoryResult = z.object({
  agentId: agentIdSchema,
  indices: z.array(indexSchema),
  timesMs: z.array(timeMsSchema),
  scores: z.array(z.number().int().min(0).max(100)),
  /** Factor values per point (0–100, 100 best), by MAIP factor name (src/core/trust/score.ts). */
  factors: z.object({
    behavioral_compliance: factorColumn,
    scope_adherence: factorColumn,
    anomaly_score: factorColumn,
    peer_attestations: factorColumn,
    session_hygiene: factorColumn,
  }),
  /** Points flagged: a drop of 15 or more, a flag the registry recorded, or a band crossed into suspension without a suspension. */
  anomalies: z.array(z.object({ index: indexSchema, timeMs: timeMsSchema, score: z.number().int(), kind: labelSchema, detail: textSchema })).max(100_000),
});
export type TrustHistory = z.output<typeof trustHistoryResult>;
