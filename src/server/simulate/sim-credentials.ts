/**
 * Where the simulator's authority comes from: the registry's operator token (trust signals are an
 * operator endpoint) and an enrolled admin's key (it co-signs root registrations and scope
 * widenings, so they can travel in the batch endpoint). Both are read from the registry's keys
 * folder (`<db>.keys/operator.token`, `<db>.keys/bootstrap-admin.json`) or from explicit files.
 *
 * Policy: the secrets are read, checked for shape and kept in memory only; they never appear in
 * errors, progress or the summary (the admin's did:key and tenant may).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProtocolError } from '../../core/errors.ts';
import { hexToBytes } from '../../core/encoding/index.ts';
import type { StatementSigner } from '../../core/log/signature.ts';
import { BOOTSTRAP_ADMIN_FILE, ADMIN_KEY_FORMAT } from '../bootstrap.ts';
import { nativeSeedSigner } from '../demo/native-signers.ts';
import { keysDirFor } from '../keys/key-files.ts';
import { OPERATOR_TOKEN_FILE } from '../keys/registry-keys.ts';

export interface SimCredentials {
  readonly token: string;
  /** The admin (role `admin`) of `tenant`. */
  readonly admin: StatementSigner;
  readonly tenant: string;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ProtocolError('INVALID_ARGUMENT', `cannot read the ${what} (${path}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Reads an operator token file. Throws INVALID_ARGUMENT if unreadable or malformed. */
export function readOperatorToken(path: string): string {
  return checkToken(readText(path, 'operator token').trim());
}

/** Throws INVALID_ARGUMENT unless `token` looks like an operator token (base64url, 32–128 chars). */
export function checkToken(token: string): string {
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(token)) throw new ProtocolError('INVALID_ARGUMENT', 'the operator token is malformed');
  return token;
}

/**
 * Reads a `warden.admin-key/v1` file (bootstrap-admin.json, demo admin keys). Throws
 * INVALID_ARGUMENT if unreadable, not that format, or the seed does not match `admin_did`.
 */
export function readAdminKey(path: string): { admin: StatementSigner; tenant: string } {
  let file: { format?: unknown; tenant?: unknown; admin_did?: unknown; signer_seed_hex?: unknown };
  try {
    file = JSON.parse(readText(path, 'admin key')) as typeof file;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('INVALID_ARGUMENT', `the admin key ${path} is not JSON`);
  }
  if (file.format !== ADMIN_KEY_FORMAT || typeof file.tenant !== 'string' || typeof file.signer_seed_hex !== 'string' || !/^[0-9a-f]{64}$/.test(file.signer_seed_hex)) {
    throw new ProtocolError('INVALID_ARGUMENT', `the admin key ${path} is not a ${ADMIN_KEY_FORMAT} file`);
  }
  const admin = nativeSeedSigner('admin', hexToBytes(file.signer_seed_hex));
  if (admin.key !== file.admin_did) throw new ProtocolError('INVALID_ARGUMENT', `the admin key ${path} does not match its admin_did`);
  return { admin, tenant: file.tenant };
}

/**
 * The credentials from explicit values, falling back to the keys folder of `db`. Throws
 * INVALID_ARGUMENT when a credential is missing or unusable.
 */
export function loadCredentials(options: { db?: string; token?: string; adminKeyFile?: string }): SimCredentials {
  const keysDir = options.db === undefined ? undefined : keysDirFor(options.db);
  let token: string;
  if (options.token !== undefined) token = checkToken(options.token);
  else if (keysDir !== undefined) token = readOperatorToken(join(keysDir, OPERATOR_TOKEN_FILE));
  else throw new ProtocolError('INVALID_ARGUMENT', 'the operator token is needed: pass --db <file> or --token <token>');
  const adminFile = options.adminKeyFile ?? (keysDir === undefined ? undefined : join(keysDir, BOOTSTRAP_ADMIN_FILE));
  if (adminFile === undefined) throw new ProtocolError('INVALID_ARGUMENT', 'an admin key is needed: pass --db <file> or --admin-key <file>');
  return { token, ...readAdminKey(adminFile) };
}
