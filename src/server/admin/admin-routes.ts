/**
 * The signed admin channel (docs/protocol.md §7, §11.10): `POST /v1/admin/commands`, body = one
 * admin command (revoke, suspend or reinstate) signed by enrolled admins of its tenant.
 *
 * Policy:
 * - the checks of command-checks.ts, in its order; a refused command logs nothing and changes
 *   nothing (rate-limited per client in the `admin` class; at most 16 KiB, else 413);
 * - a command whose exact bytes (JCS, signatures included) were logged before is answered again
 *   with the same entry and receipt (200 instead of 201) whatever its age: resending is safe;
 * - a command reusing a nonce that another logged command of its tenant used: 409 ADMIN_REPLAYED;
 * - the state checks (tenant, admins, quorum, nonce, targets) run INSIDE the sequencer's commit,
 *   on the state the entry will apply to (`submit` with a builder), so no concurrent write can slip
 *   between the check and the append; the fold then re-checks everything (§5.2);
 * - accepted: the registry logs the whole command as the body of `agent.revoked`,
 *   `agent.suspended` or `agent.reinstated` (subject = first target, signed by the registry key),
 *   records it in the command ledger in the same transaction, waits (at most `checkpointWaitMs`)
 *   for the first checkpoint that includes the entry and answers 201 with the receipt (§7.3); if
 *   that checkpoint is late, 202 with `checkpoint_pending: true` (the command IS logged).
 */
import { bytesToBase64Url, equalBytes } from '../../core/encoding/index.ts';
import { isProtocolError } from '../../core/errors.ts';
import { MAX_ADMIN_COMMAND_BYTES, type AdminAction, type AdminCommand } from '../../core/log/admin-command.ts';
import { STATEMENT_FORMAT, type Statement } from '../../core/log/statement.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import { nativeHasher } from '../../node/merkle/native-hasher.ts';
import type { RegistryContext } from '../api/context.ts';
import { HttpError } from '../http/errors.ts';
import type { Reply, Route } from '../http/router.ts';
import { prepareSigned, type PreparedEntry } from '../log/prepared-entry.ts';
import type { AppendResult } from '../log/sequencer.ts';
import {
  checkCommandAuthority,
  checkCommandFreshness,
  checkCommandOrigin,
  checkCommandTargets,
  commandHash,
  commandTenant,
  validateCommandBody,
  verifyCommandSignatures,
} from './command-checks.ts';
import { CommandLedger } from './command-ledger.ts';
import { statusActionAt } from './status-action-at.ts';

export const ADMIN_COMMANDS_PATH = '/v1/admin/commands';

const STATEMENT_TYPE: Readonly<Record<AdminAction, 'agent.revoked' | 'agent.suspended' | 'agent.reinstated'>> = {
  revoke: 'agent.revoked',
  suspend: 'agent.suspended',
  reinstate: 'agent.reinstated',
};

/** The admin channel's route module (see the module policy). */
export function adminCommandRoutes(context: RegistryContext): Route[] {
  const { sequencer, keys } = context;
  const ledger = new CommandLedger(context.store.db);
  const added = ledger.backfill(sequencer.state, (index) => sequencer.readEntry(index));
  if (added > 0) context.logger.info(`admin channel: ${added} logged admin command(s) added to the command ledger`);
  // tenant/nonce → hash of the command last built for it and not yet settled: a duplicate folded in
  // the same group commit as its original sees the nonce used before the ledger row is written.
  const building = new Map<string, Uint8Array>();

  const answer = async (command: AdminCommand, hash: Uint8Array, index: number, status: number): Promise<Reply> => {
    const bytes = sequencer.readEntry(index);
    if (bytes === undefined) throw new Error(`admin command entry ${index} is not in the log`);
    const json: Record<string, unknown> = {
      index: String(index),
      leaf_hash: bytesToBase64Url(nativeHasher.hashLeaf(bytes)),
      command_hash: bytesToBase64Url(hash),
      action: command.action,
      tenant: command.tenant,
      affected: statusActionAt(sequencer.state, index)?.affected ?? [],
      entry: JSON.parse(new TextDecoder().decode(bytes)) as unknown,
    };
    try {
      json.receipt = await sequencer.receipt(index, { timeoutMs: context.limits.checkpointWaitMs });
    } catch {
      return { status: 202, json: { ...json, checkpoint_pending: true } };
    }
    return { status, json };
  };

  return [
    {
      method: 'POST',
      path: ADMIN_COMMANDS_PATH,
      rateLimit: 'admin',
      maxBodyBytes: MAX_ADMIN_COMMAND_BYTES,
      handler: async (ctx) => {
        const command = validateCommandBody(await ctx.readJson());
        const hash = commandHash(command);
        const known = ledger.findByHash(hash);
        if (known !== undefined) return answer(command, hash, known.index, 200);
        checkCommandOrigin(command, keys.origin);
        checkCommandFreshness(command, context.now());
        verifyCommandSignatures(command);

        const key = `${command.tenant}/${command.nonce}`;
        let duplicate = false;
        const build = (state: RegistryState): PreparedEntry[] => {
          const tenant = commandTenant(state, command);
          if (tenant.commandNonces.has(command.nonce)) {
            const logged = building.get(key) ?? ledger.findByNonce(command.tenant, command.nonce)?.hash;
            if (logged !== undefined && equalBytes(logged, hash)) {
              duplicate = true;
              return [];
            }
            throw new HttpError(409, 'ADMIN_REPLAYED', 'another command of this tenant already used this nonce', { details: { nonce: command.nonce } });
          }
          checkCommandAuthority(state, tenant, command);
          checkCommandTargets(state, command);
          const now = context.now();
          checkCommandFreshness(command, now); // it may have expired while queued
          const statement = {
            format: STATEMENT_FORMAT,
            origin: keys.origin,
            type: STATEMENT_TYPE[command.action],
            tenant: command.tenant,
            subject: command.targets[0] as string,
            time: formatTimestamp(now),
            body: { by: 'admin', command },
          } as Statement;
          const prepared = prepareSigned(statement, [keys.registrySigner]);
          building.set(key, hash);
          return [prepared];
        };
        let result: AppendResult;
        try {
          result = await sequencer.submit(build, {
            verifySignatures: false,
            inTransaction: (appended) => {
              const entry = appended[0];
              if (entry !== undefined) ledger.insert(hash, command, entry.index);
            },
          });
        } catch (error) {
          throw foldRefusal(error);
        } finally {
          if (building.get(key) === hash) building.delete(key);
        }
        const index = duplicate ? ledger.findByHash(hash)?.index : result.entries[0]?.index;
        if (index === undefined) throw new Error('an accepted admin command has no entry');
        return answer(command, hash, index, duplicate ? 200 : 201);
      },
    },
  ];
}

/**
 * The fold re-checks every rule the builder checked (§5.2); should it still refuse (a rule the two
 * disagree on would be a bug), its rule is mapped to the admin channel's code rather than leak as
 * a generic state error.
 */
function foldRefusal(error: unknown): unknown {
  if (!isProtocolError(error)) return error;
  const rule = error.details?.rule;
  const details = { ...error.details };
  switch (rule) {
    case 'COMMAND_REPLAYED':
      return new HttpError(409, 'ADMIN_REPLAYED', error.message, { details, cause: error });
    case 'COMMAND_NOT_FRESH':
      return new HttpError(422, 'ADMIN_COMMAND_EXPIRED', error.message, { details, cause: error });
    case 'UNKNOWN_ADMIN':
    case 'NOT_TENANT_ADMIN':
    case 'ADMIN_REMOVED':
      return new HttpError(403, 'ADMIN_UNKNOWN_ADMIN', error.message, { details, cause: error });
    case 'QUORUM_NOT_MET':
      return new HttpError(403, 'ADMIN_QUORUM_NOT_MET', error.message, { details, cause: error });
    case 'AGENT_UNKNOWN':
      return new HttpError(404, 'ADMIN_UNKNOWN_TARGET', error.message, { details, cause: error });
    case 'AGENT_STATUS':
      return new HttpError(409, 'ADMIN_TARGET_STATUS', error.message, { details, cause: error });
    case 'TENANT_UNKNOWN':
      return new HttpError(404, 'TENANT_NOT_FOUND', error.message, { details, cause: error });
    default:
      return error;
  }
}
