import type { ApiArgs, ApiResult } from '../../../core/api/contract.ts';
import type { LogEntryView } from '../../../core/api/schemas/log.ts';
import { isProtocolError } from '../../../core/errors.ts';
import { parseEntry } from '../../../core/log/entry.ts';
import { verifyEntrySignatures } from '../../../core/log/verify-signatures.ts';
import type { AppReadContext } from '../app-context.ts';
import { proofAgainstVerified, verifiedCheckpoint } from './inclusion-proof.ts';
import { notFound, requireOrigin } from './not-found.ts';
import { entryCount } from './origin-memo.ts';

/**
 * log.entry: one entry as stored: its exact bytes (the JCS the log holds) as text, every signature
 * re-verified now with the core's Ed25519 against the keys the entry names (the replica's earlier
 * verdict is not trusted), the fold's rejection if any, and its inclusion proof against the latest
 * verified checkpoint (inclusion-proof.ts). Throws APP_NOT_FOUND for an unknown origin or an index
 * the replica does not hold.
 */
export function getLogEntry(ctx: AppReadContext, args: ApiArgs<'log.entry'>): ApiResult<'log.entry'> {
  requireOrigin(ctx, args.originId);
  const db = ctx.store.db;
  const row =
    args.index < entryCount(ctx, args.originId)
      ? (db.prepare('SELECT data, type, tenant, subject, time FROM entries WHERE origin_id = ? AND idx = ?').get(args.originId, args.index) as
          | { data: Uint8Array; type: string | null; tenant: string | null; subject: string | null; time: string | null }
          | undefined)
      : undefined;
  if (row === undefined) throw notFound(`The replica holds no entry ${args.index}.`);
  const data = new Uint8Array(row.data);
  const rejection = db.prepare('SELECT code, rule, message FROM entry_rejections WHERE origin_id = ? AND idx = ?').get(args.originId, args.index) as
    | { code: string; rule: string | null; message: string }
    | undefined;
  return {
    index: args.index,
    type: row.type,
    tenant: row.tenant,
    subject: row.subject,
    time: row.time,
    canonicalJson: new TextDecoder().decode(data),
    signatures: signaturesOf(data),
    rejection: rejection === undefined ? null : { code: rejection.code, rule: rejection.rule, message: rejection.message.slice(0, 4000) },
    proof: proofAgainstVerified(ctx.store, args.originId, args.index, data),
    treeSize: String(verifiedCheckpoint(ctx.store, args.originId)?.size ?? 0),
  };
}

/**
 * Each signature of the entry (and of an admin command it carries), verified now. Bytes that do not
 * parse carry no signature the app can name: []. A signature whose key does not decode is invalid.
 */
function signaturesOf(data: Uint8Array): LogEntryView['signatures'] {
  let entry;
  try {
    entry = parseEntry(data);
  } catch (error) {
    if (isProtocolError(error)) return [];
    throw error;
  }
  try {
    return verifyEntrySignatures(entry).map((s) => ({ role: s.where === 'command' ? `${s.role} (command)` : s.role, signer: s.key, valid: s.valid }));
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    return entry.signatures.map((s) => ({ role: s.role, signer: s.key, valid: false }));
  }
}
