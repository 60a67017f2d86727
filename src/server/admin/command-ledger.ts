/**
 * The executed-command ledger (migration 2, `admin_commands`): for every admin command the log
 * carries, its hash (SHA-256 of its JCS bytes, signatures included), tenant, nonce, expiry and entry
 * index. It answers the two questions the admin channel asks on every command (docs/protocol.md
 * §7.2): "was this exact command logged already?" (then the same receipt is returned) and "was this
 * nonce used by another command?" (ADMIN_REPLAYED).
 *
 * Policy: a row is written in the SAME transaction as the entry carrying its command (the
 * sequencer's `inTransaction`), so a nonce is remembered exactly when, and forever after, its
 * command is logged, across crashes and restarts. Commands logged by other paths (the demo import)
 * are added at start from the replayed state (`backfill`), so the ledger always covers the log.
 */
import type { Statement } from 'better-sqlite3';
import { sha256 } from '../../core/crypto/sha256.ts';
import { canonicalBytes } from '../../core/jcs.ts';
import type { AdminCommand } from '../../core/log/admin-command.ts';
import { timestampMs } from '../../core/log/time.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import type { RegistryDatabase } from '../store/database.ts';

export interface LedgerRow {
  readonly hash: Uint8Array;
  readonly tenant: string;
  readonly nonce: string;
  readonly index: number;
}

interface Row {
  command_hash: Uint8Array;
  tenant: string;
  nonce: string;
  entry_idx: number;
}

const toLedgerRow = (row: Row): LedgerRow => ({ hash: row.command_hash, tenant: row.tenant, nonce: row.nonce, index: row.entry_idx });

/** Prepared statements over `admin_commands` (see the module policy). */
export class CommandLedger {
  readonly #byHash: Statement<[Uint8Array], Row>;
  readonly #byNonce: Statement<[string, string], Row>;
  readonly #insert: Statement<[Uint8Array, string, string, number, number]>;
  readonly #db: RegistryDatabase;

  constructor(db: RegistryDatabase) {
    this.#db = db;
    this.#byHash = db.prepare<[Uint8Array], Row>('SELECT command_hash, tenant, nonce, entry_idx FROM admin_commands WHERE command_hash = ?');
    this.#byNonce = db.prepare<[string, string], Row>('SELECT command_hash, tenant, nonce, entry_idx FROM admin_commands WHERE tenant = ? AND nonce = ?');
    this.#insert = db.prepare<[Uint8Array, string, string, number, number]>(
      'INSERT INTO admin_commands (command_hash, tenant, nonce, entry_idx, expires_ms) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** The logged command with this hash, if any. */
  findByHash(hash: Uint8Array): LedgerRow | undefined {
    const row = this.#byHash.get(hash);
    return row === undefined ? undefined : toLedgerRow(row);
  }

  /** The logged command of `tenant` that used `nonce`, if any. */
  findByNonce(tenant: string, nonce: string): LedgerRow | undefined {
    const row = this.#byNonce.get(tenant, nonce);
    return row === undefined ? undefined : toLedgerRow(row);
  }

  /** Records a logged command (inside the transaction that logs its entry). */
  insert(hash: Uint8Array, command: AdminCommand, index: number): void {
    this.#insert.run(hash, command.tenant, command.nonce, index, timestampMs(command.expires_at));
  }

  /**
   * Adds a row for every admin command of the replayed log the ledger lacks (commands logged
   * without the admin channel, e.g. the demo). `readEntry` returns a committed entry's bytes.
   */
  backfill(state: RegistryState, readEntry: (index: number) => Uint8Array | undefined): number {
    const missing = state.statusActions.filter((a) => a.by === 'admin' && a.nonce !== undefined && this.#byNonce.get(a.tenant, a.nonce) === undefined);
    if (missing.length === 0) return 0;
    this.#db.transaction(() => {
      for (const action of missing) {
        const bytes = readEntry(action.index);
        if (bytes === undefined) continue;
        const entry = JSON.parse(new TextDecoder().decode(bytes)) as { body: { command?: AdminCommand } };
        const command = entry.body.command;
        if (command === undefined) continue;
        this.insert(sha256(canonicalBytes(command)), command, action.index);
      }
    })();
    return missing.length;
  }
}
