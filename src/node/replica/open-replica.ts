/**
 * Opening a replica database (better-sqlite3) and migrating it.
 *
 * Policy:
 * - WAL journal, `synchronous = NORMAL`: every transaction is atomic and a killed process never
 *   loses a committed one; only an OS crash or power loss may drop the last commits, never leave a
 *   half-applied batch. A replica can always be re-synced, so FULL's fsync per commit buys nothing.
 * - The file is marked with `application_id` 'WRDR'; a SQLite file with another application id, or
 *   tables but no schema version, is not a replica (REPLICA_UNREADABLE), so a typo never migrates
 *   someone else's database.
 * - Schema guard: a version newer than this code is refused (REPLICA_NEWER_THAN_CODE); a read-only
 *   open never migrates and refuses an older schema (REPLICA_UNREADABLE).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
import { ReplicaError } from './replica-error.ts';

export type ReplicaDatabase = Database.Database;

/** 'WRDR' as a big-endian int32: the SQLite application_id of replica files. */
export const REPLICA_APPLICATION_ID = 0x57524452;

export interface OpenReplicaOptions {
  /** Open read-only: the file must exist and be at the latest schema. */
  readonly readonly?: boolean;
  /** Refuse to create a new file (default false for read-write, always true for read-only). */
  readonly mustExist?: boolean;
  /** Apply only migrations up to this version (tests of individual migrations). */
  readonly targetVersion?: number;
  /** Default true; false refuses (REPLICA_UNREADABLE) a schema that would need a migration. */
  readonly migrate?: boolean;
}

/**
 * Opens (creating if allowed) and migrates the replica at `path` (or ':memory:'). Throws ReplicaError
 * REPLICA_UNREADABLE (cannot open, not SQLite, not a replica, or read-only on an old schema),
 * REPLICA_NEWER_THAN_CODE.
 */
export function openReplicaDatabase(path: string, options: OpenReplicaOptions = {}): ReplicaDatabase {
  const readonly = options.readonly === true;
  if ((readonly || options.mustExist === true) && path !== ':memory:' && !existsSync(path)) {
    throw new ReplicaError('REPLICA_UNREADABLE', `no replica database at ${path}`);
  }
  let db: ReplicaDatabase;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new ReplicaError('REPLICA_UNREADABLE', `cannot open the replica database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('busy_timeout = 10000');
    checkIdentity(db, path);
    migrateReplica(db, {
      readonly: readonly || options.migrate === false,
      ...(options.targetVersion === undefined ? {} : { targetVersion: options.targetVersion }),
    });
    return db;
  } catch (error) {
    db.close();
    if (error instanceof ReplicaError) throw error;
    throw new ReplicaError('REPLICA_UNREADABLE', `cannot read the replica database ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function checkIdentity(db: ReplicaDatabase, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== REPLICA_APPLICATION_ID) {
    throw new ReplicaError('REPLICA_UNREADABLE', `${path} is a SQLite database of another application`);
  }
  if (applicationId === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (version !== 0 || tables.n > 0) throw new ReplicaError('REPLICA_UNREADABLE', `${path} is not a replica database`);
  }
}

/**
 * Applies the pending migrations in order, each in its own transaction with its version bump.
 * Throws REPLICA_NEWER_THAN_CODE, or REPLICA_UNREADABLE for a read-only database that needs one.
 */
export function migrateReplica(db: ReplicaDatabase, options: { readonly?: boolean; targetVersion?: number } = {}): void {
  // `readonly` here means "must not change the schema" (a read-only open, or migrate: false).
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new ReplicaError('REPLICA_NEWER_THAN_CODE', `the replica schema is version ${current}; this code knows up to ${LATEST_VERSION}`, {
      details: { version: current, latest: LATEST_VERSION },
    });
  }
  const target = options.targetVersion ?? LATEST_VERSION;
  if (options.readonly === true) {
    if (current < LATEST_VERSION) throw new ReplicaError('REPLICA_UNREADABLE', `the replica schema is version ${current}; sync it once with this version to upgrade`);
    return;
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    applyMigration(db, migration);
  }
}

function applyMigration(db: ReplicaDatabase, migration: Migration): void {
  db.transaction(() => {
    db.exec(migration.sql);
    db.pragma(`application_id = ${REPLICA_APPLICATION_ID}`);
    db.pragma(`user_version = ${migration.version}`);
  })();
}
