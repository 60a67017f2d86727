/**
 * The admin channel's acceptance checks (docs/protocol.md §7.2, §11.10), each refusing with its own
 * stable code so that an admin tool can say exactly what is wrong. All input is attacker-controlled.
 *
 * Policy, in the order the route applies it:
 * 1. schema (§7.1, strict) and signer roles: 422 ADMIN_COMMAND_MALFORMED; a target whose id names
 *    another tenant's prefix: 404 ADMIN_UNKNOWN_TARGET;
 * 2. `origin` is this registry's: 422 ADMIN_WRONG_ORIGIN (no cross-registry replay);
 * 3. freshness against the registry clock `now`, allowing `skewMs` (60 s) of clock difference:
 *    `expires_at` > now (422 ADMIN_COMMAND_EXPIRED); `expires_at` ≤ now + 10 min + skew and the
 *    window `expires_at − issued_at` in (0, 10 min] (422 ADMIN_COMMAND_EXPIRY_TOO_FAR);
 *    `issued_at` ≤ now + skew (422 ADMIN_COMMAND_NOT_YET_VALID). The fold's own bound (the entry
 *    time at least `issued_at − 2 min`, §5.2) is therefore always met;
 * 4. every signature verifies over JCS(command without `signatures`): 403 ADMIN_BAD_SIGNATURE;
 * 5. against the state at commit time: the tenant exists (404 TENANT_NOT_FOUND); each signer is an
 *    admin of that tenant enrolled now (403 ADMIN_UNKNOWN_ADMIN, `details.rule` UNKNOWN_ADMIN,
 *    NOT_TENANT_ADMIN or ADMIN_REMOVED); at least the tenant's threshold for the action signed
 *    (403 ADMIN_QUORUM_NOT_MET); every target exists in the tenant (404 ADMIN_UNKNOWN_TARGET) and
 *    is in a status the action applies to (409 ADMIN_TARGET_STATUS: suspend needs active,
 *    reinstate suspended, revoke anything but revoked).
 * The nonce rule (409 ADMIN_REPLAYED) needs the executed-command ledger and lives in the route.
 */
import { canonicalBytes } from '../../core/jcs.ts';
import { sha256 } from '../../core/crypto/sha256.ts';
import { verifyEd25519 } from '../../core/crypto/ed25519.ts';
import { base64UrlToBytes } from '../../core/encoding/index.ts';
import { cachedPublicKeyFromDidKey } from '../../core/log/verify-signatures.ts';
import { adminCommandDefect, adminCommandSchema, adminCommandSigningBytes, MAX_COMMAND_TTL_MS, type AdminAction, type AdminCommand } from '../../core/log/admin-command.ts';
import { summariseIssues } from '../../core/log/issues.ts';
import { timestampMs } from '../../core/log/time.ts';
import type { AgentStatus, RegistryState, TenantState } from '../../core/registry/state.ts';
import { nativeEd25519Backend } from '../../node/crypto/native-ed25519.ts';
import { HttpError } from '../http/errors.ts';

/** Clock difference tolerated between an admin's machine and the registry (60 s). */
export const ADMIN_CLOCK_SKEW_MS = 60_000;

const APPLIES: Readonly<Record<AdminAction, (status: AgentStatus) => boolean>> = {
  suspend: (s) => s === 'active',
  reinstate: (s) => s === 'suspended',
  revoke: (s) => s !== 'revoked',
};

/**
 * Validates a parsed body as an admin command (§7.1): strict schema, `admin` signer roles, targets
 * of the command's tenant. The validity window is left to `checkCommandFreshness`, which names it
 * precisely. Throws 422 ADMIN_COMMAND_MALFORMED (`details.issues` or `details.rule`), 404
 * ADMIN_UNKNOWN_TARGET (rule COMMAND_TARGET_TENANT).
 */
export function validateCommandBody(value: unknown): AdminCommand {
  const result = adminCommandSchema.safeParse(value);
  if (!result.success) {
    throw new HttpError(422, 'ADMIN_COMMAND_MALFORMED', 'the body is not an admin command (docs/protocol.md §7.1)', {
      details: { issues: summariseIssues(result.error.issues) },
    });
  }
  const command = result.data;
  const defect = adminCommandDefect(command);
  if (defect === 'COMMAND_SIGNER_ROLE') {
    throw new HttpError(422, 'ADMIN_COMMAND_MALFORMED', 'every admin command signature has role admin', { details: { rule: defect } });
  }
  if (defect === 'COMMAND_TARGET_TENANT') {
    const prefix = command.tenant.slice(0, 8);
    throw new HttpError(404, 'ADMIN_UNKNOWN_TARGET', "a target is not an agent of the command's tenant", {
      details: { rule: defect, agents: command.targets.filter((t) => t.slice(5, 13) !== prefix) },
    });
  }
  return command;
}

/** SHA-256 of the command's JCS bytes, signatures included: the identity of a command for idempotency. */
export function commandHash(command: AdminCommand): Uint8Array {
  return sha256(canonicalBytes(command));
}

/** 422 ADMIN_WRONG_ORIGIN unless the command names `origin`. */
export function checkCommandOrigin(command: AdminCommand, origin: string): void {
  if (command.origin !== origin) {
    throw new HttpError(422, 'ADMIN_WRONG_ORIGIN', 'the command is for another registry', { details: { origin: command.origin, expected: origin } });
  }
}

/** The freshness rules of the module policy (step 3) at registry time `nowMs`. */
export function checkCommandFreshness(command: AdminCommand, nowMs: number, skewMs = ADMIN_CLOCK_SKEW_MS): void {
  const issued = timestampMs(command.issued_at);
  const expires = timestampMs(command.expires_at);
  const details = { issued_at: command.issued_at, expires_at: command.expires_at, now: new Date(nowMs).toISOString() };
  if (expires <= nowMs) throw new HttpError(422, 'ADMIN_COMMAND_EXPIRED', 'the command has expired', { details });
  if (expires > nowMs + MAX_COMMAND_TTL_MS + skewMs || expires - issued > MAX_COMMAND_TTL_MS || expires <= issued) {
    throw new HttpError(422, 'ADMIN_COMMAND_EXPIRY_TOO_FAR', 'a command is valid for at most 10 minutes from its issue, and expires at most 10 minutes from now', {
      details: { ...details, max_ttl_ms: MAX_COMMAND_TTL_MS },
    });
  }
  if (issued > nowMs + skewMs) {
    throw new HttpError(422, 'ADMIN_COMMAND_NOT_YET_VALID', 'the command is issued in the future (check the admin clock)', {
      details: { ...details, max_skew_ms: skewMs },
    });
  }
}

/**
 * Verifies every admin signature of `command` (native Ed25519 under the strict policy of
 * src/core/crypto/ed25519-policy.ts). Throws 403 ADMIN_BAD_SIGNATURE with `details.bad` (the keys).
 */
export function verifyCommandSignatures(command: AdminCommand): void {
  const message = adminCommandSigningBytes(command);
  const bad: string[] = [];
  for (const signature of command.signatures) {
    let valid: boolean;
    try {
      valid = verifyEd25519(cachedPublicKeyFromDidKey(signature.key), message, base64UrlToBytes(signature.sig, 64), nativeEd25519Backend);
    } catch {
      valid = false; // a key that passed the schema but does not decode is a bad signature, not a crash
    }
    if (!valid) bad.push(signature.key);
  }
  if (bad.length > 0) {
    throw new HttpError(403, 'ADMIN_BAD_SIGNATURE', `${bad.length} admin signature(s) do not verify`, { details: { bad } });
  }
}

/** The command's tenant in `state`. Throws 404 TENANT_NOT_FOUND. */
export function commandTenant(state: RegistryState, command: AdminCommand): TenantState {
  const tenant = state.tenants.get(command.tenant);
  if (tenant === undefined) throw new HttpError(404, 'TENANT_NOT_FOUND', 'the command names no tenant of this registry', { details: { tenant: command.tenant } });
  return tenant;
}

/**
 * Every signer an admin of `tenant` enrolled now, and at least the tenant's threshold for the
 * action (§4.4, §5.2). Returns the threshold met. Throws 403 ADMIN_UNKNOWN_ADMIN, ADMIN_QUORUM_NOT_MET.
 */
export function checkCommandAuthority(state: RegistryState, tenant: TenantState, command: AdminCommand): number {
  for (const { key } of command.signatures) {
    const admin = tenant.admins.get(key);
    if (admin === undefined || admin.removed !== undefined) {
      const rule = admin !== undefined ? 'ADMIN_REMOVED' : state.keys.has(key) ? 'NOT_TENANT_ADMIN' : 'UNKNOWN_ADMIN';
      throw new HttpError(403, 'ADMIN_UNKNOWN_ADMIN', 'a signer is not an enrolled admin of this tenant', { details: { rule, key } });
    }
  }
  const required = tenant.policy.thresholds[command.action];
  if (command.signatures.length < required) {
    throw new HttpError(403, 'ADMIN_QUORUM_NOT_MET', `${command.action} needs ${required} admin signature(s) in this tenant, got ${command.signatures.length}`, {
      details: { action: command.action, required, got: command.signatures.length },
    });
  }
  return required;
}

/** Every target an agent of the tenant, in a status the action applies to. Throws 404 ADMIN_UNKNOWN_TARGET, 409 ADMIN_TARGET_STATUS. */
export function checkCommandTargets(state: RegistryState, command: AdminCommand): void {
  const unknown = command.targets.filter((id) => state.agents.get(id)?.tenant !== command.tenant);
  if (unknown.length > 0) {
    throw new HttpError(404, 'ADMIN_UNKNOWN_TARGET', 'a target is not an agent of this tenant', { details: { agents: unknown } });
  }
  const applies = APPLIES[command.action];
  for (const id of command.targets) {
    const status = state.agents.get(id)?.status as AgentStatus;
    if (!applies(status)) {
      throw new HttpError(409, 'ADMIN_TARGET_STATUS', `cannot ${command.action} an agent that is ${status}`, { details: { agent: id, status } });
    }
  }
}
