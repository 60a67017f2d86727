/**
 * The registry's own secrets: the log key (a C2SP note signer key whose name is the origin; its
 * did:key also signs registry statements, docs/protocol.md §8.2) and the operator token (a bearer
 * secret for operator-only endpoints: tenants, trust signals, registry co-signatures).
 *
 * Origin policy: chosen once, at creation, and stored; by default `registry-<8 random hex>.agent-
 * warden.local`, a name that does not depend on the host or port (which change between runs) and is
 * unique enough that two test registries never share an origin.
 */
import { randomBytes } from 'node:crypto';
import { bytesToBase64Url, bytesToHex } from '../../core/encoding/index.ts';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import { isOrigin } from '../../core/log/fields.ts';
import type { StatementSigner } from '../../core/log/signature.ts';
import { formatSignerKey, parseSignerKey, verifierKeyOf, type SignerKey } from '../../core/note/signer-key.ts';
import { KEY_TYPE_ED25519 } from '../../core/note/vkey.ts';
import { StoreError } from '../store/store-error.ts';
import { readSecretFile, writeSecretFile } from './key-files.ts';
import { nativeStatementSigner } from './native-signer.ts';

export const LOG_KEY_FILE = 'log.key';
export const OPERATOR_TOKEN_FILE = 'operator.token';

export interface RegistryKeys {
  readonly origin: string;
  /** The parsed log signer key (secret). */
  readonly logKey: SignerKey;
  /** `<origin>+<key id>+<base64>`: what clients pin. */
  readonly logVerifierKey: string;
  /** did:key of the log key: the `registry` signer of statements. */
  readonly registryKey: string;
  readonly registrySigner: StatementSigner;
  readonly operatorToken: string;
}

/** A fresh default origin (see the module policy). */
export function generateOrigin(): string {
  return `registry-${bytesToHex(randomBytes(4))}.agent-warden.local`;
}

/**
 * Creates the log key and operator token in `keysDir` for `origin`. Throws StoreError
 * KEY_FILE_INVALID for an origin that is not a valid origin (docs/protocol.md §2.4).
 */
export function createRegistryKeys(keysDir: string, origin: string): RegistryKeys {
  if (!isOrigin(origin)) throw new StoreError('KEY_FILE_INVALID', 'the registry origin is not a valid origin (docs/protocol.md §2.4)');
  const seed = new Uint8Array(randomBytes(32));
  writeSecretFile(keysDir, LOG_KEY_FILE, `${formatSignerKey(origin, KEY_TYPE_ED25519, seed)}\n`);
  writeSecretFile(keysDir, OPERATOR_TOKEN_FILE, `${bytesToBase64Url(randomBytes(32))}\n`);
  return loadRegistryKeys(keysDir, origin);
}

/**
 * Loads the keys from `keysDir` and checks that the log key is named `origin`. Throws StoreError
 * KEY_FILE_MISSING / KEY_FILE_INVALID (the message never includes key material).
 */
export function loadRegistryKeys(keysDir: string, origin: string, onLoosePermissions?: (path: string) => void): RegistryKeys {
  let logKey: SignerKey;
  try {
    logKey = parseSignerKey(readSecretFile(keysDir, LOG_KEY_FILE, onLoosePermissions).trim());
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('KEY_FILE_INVALID', `the log key file in ${keysDir} is not a valid signer key`, { cause: error });
  }
  if (logKey.name !== origin || logKey.type !== KEY_TYPE_ED25519) {
    throw new StoreError('KEY_FILE_INVALID', `the log key in ${keysDir} is not an Ed25519 key named ${origin}`);
  }
  const operatorToken = readSecretFile(keysDir, OPERATOR_TOKEN_FILE, onLoosePermissions).trim();
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(operatorToken)) throw new StoreError('KEY_FILE_INVALID', `the operator token in ${keysDir} is malformed`);
  return {
    origin,
    logKey,
    logVerifierKey: verifierKeyOf(logKey),
    registryKey: didKeyFromPublicKey(logKey.publicKey),
    registrySigner: nativeStatementSigner('registry', logKey.seed),
    operatorToken,
  };
}
