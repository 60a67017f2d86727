/**
 * The registry's co-signature (docs/protocol.md §4.2, §4.5): a root agent registration may be
 * authorised by the registry instead of an admin, and a tenant's first admin is enrolled on the
 * registry's signature. The registry signs only after authenticating the caller as the operator; it
 * signs the same bytes as every other signer (the statement's JCS), so adding its signature changes
 * the entry but not what the others signed.
 */
import { bytesToBase64Url } from '../../core/encoding/index.ts';
import { statementSigningBytes, type LogEntry } from '../../core/log/statement.ts';
import type { StatementSigner } from '../../core/log/signature.ts';
import { prepareEntry, type PreparedEntry } from '../log/prepared-entry.ts';

/** `prepared` with the registry's signature added in canonical order (unchanged if it already has one). */
export function coSign(prepared: PreparedEntry, signer: StatementSigner): PreparedEntry {
  const { entry } = prepared;
  if (entry.signatures.some((s) => s.key === signer.key)) return prepared;
  const sig = bytesToBase64Url(signer.sign(statementSigningBytes(entry)));
  const signatures = [...entry.signatures, { role: signer.role, key: signer.key, sig }].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return prepareEntry({ ...entry, signatures } as LogEntry);
}
