import { z } from 'zod';
import { canonicalBytes } from '../jcs.ts';
import { ProtocolError } from '../errors.ts';
import { parseJsonStrict } from '../json.ts';
import { bytesToUtf8 } from '../encoding/utf8.ts';
import {
  agentIdSchema,
  blockText,
  nonceSchema,
  originSchema,
  tenantIdSchema,
  timestampSchema,
  uniqueArray,
} from './fields.ts';
import { signaturesSchema, signWithAll, type EntrySignature, type StatementSigner } from './signature.ts';
import { summariseIssues } from './issues.ts';
import { timestampMs } from './time.ts';

/**
 * Admin-channel commands (DESIGN §3 "Admin channel"; docs/protocol.md §7): revoke, suspend or
 * reinstate agents, signed by one or more enrolled admins over the JCS bytes of the command without
 * its `signatures`. The registry logs an accepted command whole inside the `agent.revoked`,
 * `agent.suspended` or `agent.reinstated` statement, so that anyone replaying the log can re-check
 * every admin signature and the quorum policy in force.
 *
 * Policy: `format` separates the signed bytes from statements and session material; `origin` binds
 * the command to one registry (no cross-registry replay); `nonce` makes it single-use; it is valid
 * for at most 10 minutes (`expires_at - issued_at` in (0, 10 min]). Every signature has role
 * `admin`. Freshness against a clock and quorum against the tenant's policy are checked by the
 * registry state (src/core/registry), not here.
 */

export const ADMIN_COMMAND_FORMAT = 'warden.admin-command/v1';
export const ADMIN_ACTIONS = ['revoke', 'suspend', 'reinstate'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];
/** MAIP receipt-format 6.6 revocation reasons, plus `anomaly` for trust-driven suspensions. */
export const ADMIN_REASON_CODES = ['key_compromise', 'policy_violation', 'anomaly', 'administrative', 'other'] as const;
export const MAX_COMMAND_TTL_MS = 10 * 60 * 1000;
export const MAX_COMMAND_TARGETS = 64;
export const MAX_ADMIN_COMMAND_BYTES = 16 * 1024;

export const adminCommandSchema = z.strictObject({
  format: z.literal(ADMIN_COMMAND_FORMAT),
  origin: originSchema,
  tenant: tenantIdSchema,
  action: z.enum(ADMIN_ACTIONS),
  targets: uniqueArray(agentIdSchema, 1, MAX_COMMAND_TARGETS),
  cascade: z.boolean(),
  reason: z.strictObject({ code: z.enum(ADMIN_REASON_CODES), detail: blockText(1000).optional() }),
  issued_at: timestampSchema,
  expires_at: timestampSchema,
  nonce: nonceSchema,
  signatures: signaturesSchema,
});

export type AdminCommand = z.infer<typeof adminCommandSchema>;
export type UnsignedAdminCommand = Omit<AdminCommand, 'signatures'>;

/** The bytes every admin signs: JCS of the command without `signatures`. */
export function adminCommandSigningBytes(command: UnsignedAdminCommand | AdminCommand): Uint8Array {
  const { signatures: _omit, ...unsigned } = command as AdminCommand;
  return canonicalBytes(unsigned);
}

/**
 * Structural checks beyond the schema that need no registry state: signer roles, target prefixes
 * and the validity window. Returns the rule broken, or undefined.
 */
export function adminCommandDefect(command: AdminCommand): string | undefined {
  if (command.signatures.some((s) => s.role !== 'admin')) return 'COMMAND_SIGNER_ROLE';
  const prefix = command.tenant.slice(0, 8);
  if (command.targets.some((t) => t.slice(5, 13) !== prefix)) return 'COMMAND_TARGET_TENANT';
  const ttl = timestampMs(command.expires_at) - timestampMs(command.issued_at);
  if (ttl <= 0 || ttl > MAX_COMMAND_TTL_MS) return 'COMMAND_VALIDITY_WINDOW';
  return undefined;
}

/**
 * Validates an admin command object (already parsed JSON): schema and `adminCommandDefect`. Returns
 * the typed command. Throws ENTRY_MALFORMED with `details.rule` (or `details.issues`).
 */
export function validateAdminCommand(value: unknown): AdminCommand {
  const result = adminCommandSchema.safeParse(value);
  if (!result.success) {
    throw new ProtocolError('ENTRY_MALFORMED', 'admin command does not match its schema', {
      details: { issues: summariseIssues(result.error.issues) },
    });
  }
  const defect = adminCommandDefect(result.data);
  if (defect !== undefined) throw new ProtocolError('ENTRY_MALFORMED', `admin command is malformed: ${defect}`, { details: { rule: defect } });
  return result.data;
}

/**
 * Parses an admin command as received by the admin channel (attacker-controlled bytes): at most
 * 16 KiB, strict UTF-8 and I-JSON, then `validateAdminCommand`. Any key order or whitespace is
 * accepted here (the signatures are over the JCS form, recomputed). Throws ENTRY_MALFORMED.
 */
export function parseAdminCommand(bytes: Uint8Array): AdminCommand {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_ADMIN_COMMAND_BYTES) {
    throw new ProtocolError('ENTRY_MALFORMED', `an admin command is at most ${MAX_ADMIN_COMMAND_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = parseJsonStrict(bytesToUtf8(bytes), { maxBytes: MAX_ADMIN_COMMAND_BYTES, maxDepth: 8 });
  } catch (error) {
    throw new ProtocolError('ENTRY_MALFORMED', 'admin command is not strict JSON', {
      cause: error,
      details: { cause: (error as { code?: unknown }).code },
    });
  }
  return validateAdminCommand(value);
}

/**
 * Signs an unsigned command with every admin signer (role must be `admin`). Throws INVALID_ARGUMENT
 * for a signer with another role (and as `signWithAll`), ENTRY_MALFORMED if the result is invalid.
 */
export function signAdminCommand(command: UnsignedAdminCommand, signers: readonly StatementSigner[]): AdminCommand {
  if (signers.some((s) => s.role !== 'admin')) throw new ProtocolError('INVALID_ARGUMENT', 'admin commands are signed in role admin');
  const signatures: EntrySignature[] = signWithAll(adminCommandSigningBytes(command), signers);
  return validateAdminCommand({ ...command, signatures });
}
