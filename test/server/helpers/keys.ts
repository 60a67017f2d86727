/** Test identities and signed statements for the registry tests (native signing for speed). */
import { randomBytes } from 'node:crypto';
import { signStatement } from '../../../src/core/log/entry.ts';
import { STATEMENT_FORMAT, type LogEntry, type Statement } from '../../../src/core/log/statement.ts';
import type { SignerRole, StatementSigner } from '../../../src/core/log/signature.ts';
import type { StatementBodies, StatementType } from '../../../src/core/log/types/index.ts';
import { formatTimestamp } from '../../../src/core/log/time.ts';
import { newUlid } from '../../../src/core/identity/maip-id.ts';
import { hexToBytes } from '../../../src/core/encoding/index.ts';
import { nativeStatementSigner } from '../../../src/server/keys/native-signer.ts';

export interface TestKey {
  readonly seed: Uint8Array;
  readonly did: string;
  as(role: SignerRole): StatementSigner;
}

export function keyFromSeed(seed: Uint8Array): TestKey {
  const signers = new Map<SignerRole, StatementSigner>();
  const as = (role: SignerRole): StatementSigner => {
    let signer = signers.get(role);
    if (signer === undefined) {
      signer = nativeStatementSigner(role, seed);
      signers.set(role, signer);
    }
    return signer;
  };
  return { seed, did: as('agent').key, as };
}

export function newKey(): TestKey {
  return keyFromSeed(new Uint8Array(randomBytes(32)));
}

export function keyFromHex(hex: string): TestKey {
  return keyFromSeed(hexToBytes(hex));
}

export function newAgentId(tenant: string): string {
  return `maip:${tenant.slice(0, 8)}:${newUlid(Date.now(), new Uint8Array(randomBytes(10)))}`;
}

export function newDelegationId(): string {
  return `del_${newUlid(Date.now(), new Uint8Array(randomBytes(10)))}`;
}

let clockMs = 0;
/** A timestamp near now that strictly increases between calls (control statements must be newer). */
export function freshTime(): string {
  clockMs = Math.max(Date.now(), clockMs + 1);
  return formatTimestamp(clockMs);
}

/** A signed statement of `type` for the registry `origin`. */
export function signed<T extends StatementType>(
  origin: string,
  type: T,
  tenant: string,
  subject: string,
  body: StatementBodies[T],
  signers: readonly StatementSigner[],
  time = freshTime(),
): LogEntry {
  const statement = { format: STATEMENT_FORMAT, origin, type, tenant, subject, time, body } as Statement;
  return signStatement(statement, signers);
}
