/**
 * Rebuilding the registry state from the stored log at start (and after a failed commit): the state
 * is a pure fold of the entries (docs/protocol.md §5). The database is the server's own, written
 * only after each entry was validated and its signatures verified, so the replay trusts the stored
 * bytes' format and signatures (JSON.parse, no re-verification) and re-checks every state rule:
 * an entry that does not fold means the database was altered (StoreError DB_INCONSISTENT).
 */
import { isProtocolError } from '../../core/errors.ts';
import { RegistryStateBuilder } from '../../core/registry/builder.ts';
import type { RegistryConfig } from '../../core/registry/state.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { LogStore } from '../store/log-store.ts';
import { StoreError } from '../store/store-error.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Folds every stored entry into a fresh builder for `config`. Throws StoreError DB_INCONSISTENT. */
export function replayLog(store: LogStore, config: RegistryConfig): RegistryStateBuilder {
  const builder = new RegistryStateBuilder(config, { verifySignatures: false });
  let index = 0;
  for (const bytes of store.iterateEntries()) {
    try {
      builder.apply(JSON.parse(decoder.decode(bytes)) as LogEntry, index);
    } catch (error) {
      const why = isProtocolError(error) ? `${error.code}: ${error.message}` : String(error);
      throw new StoreError('DB_INCONSISTENT', `stored entry ${index} does not fold (${why})`, { cause: error });
    }
    index++;
  }
  return builder;
}
