/**
 * Opening the registry database (better-sqlite3).
 *
 * Durability policy (issue 3: "a crash or kill at any moment loses nothing that was acknowledged"):
 * WAL journal with `synchronous = FULL`, so every commit is fsynced to the WAL before the sequencer
 * acknowledges it; NORMAL would survive a killed process but could lose the last commits on power
 * loss or an OS crash. The cost (about a millisecond per commit here) is paid once per group commit,
 * not per request. One writer: the server holds an exclusive lock file (lock-file.ts) beside the
 * database.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';
import { StoreError } from './store-error.ts';

export type RegistryDatabase = Database.Database;

export interface OpenDatabaseOptions {
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed, unless read-only) and migrates the database at `path`. Throws
 * StoreError DB_NEWER_THAN_CODE for a schema this code does not know, DB_UNREADABLE when SQLite
 * cannot open it.
 */
export function openRegistryDatabase(path: string, options: OpenDatabaseOptions = {}): RegistryDatabase {
  let db: RegistryDatabase;
  try {
    db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  } catch (error) {
    throw new StoreError('DB_UNREADABLE', `cannot open the registry database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (options.readonly !== true) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('busy_timeout = 5000');
    migrate(db, options.readonly === true);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies the pending migrations in order, each in its own transaction. */
export function migrate(db: RegistryDatabase, readonly = false): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new StoreError('DB_NEWER_THAN_CODE', `the database schema is version ${current}; this server knows up to ${latest}`);
  }
  if (readonly) {
    if (current < latest) throw new StoreError('DB_UNREADABLE', 'the database has not been initialised by this version of the server');
    return;
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
