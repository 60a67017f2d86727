/**
 * Numbered schema migrations of the registry database. `PRAGMA user_version` holds the number of
 * the last one applied; each runs in its own transaction with the version bump, so a crash leaves
 * the schema at a whole version. A database newer than this code is refused (schema guard).
 * Append new migrations; never edit a released one.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'log, tiles, checkpoints, keys, sessions, trust history',
    sql: `
      -- Registry identity: origin, log verifier key, registry did:key, creation time, last URL.
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      -- Keys metadata (the private halves live in files beside the database, mode 0600).
      CREATE TABLE keys (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        public TEXT NOT NULL,
        file TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- The log: entry i is the JCS bytes of one signed statement (docs/protocol.md §3.1).
      CREATE TABLE entries (idx INTEGER PRIMARY KEY, data BLOB NOT NULL);

      -- C2SP tlog-tiles hash tiles: the hashes of tile (level, idx) as they stand (a partial tile
      -- grows in place until full; a full one never changes).
      CREATE TABLE tiles (
        level INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        hashes BLOB NOT NULL,
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;

      -- Every signed checkpoint (C2SP signed note, verbatim), by tree size.
      CREATE TABLE checkpoints (
        size INTEGER PRIMARY KEY,
        root BLOB NOT NULL,
        note TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );

      -- Outstanding session challenges (single use, short-lived).
      CREATE TABLE challenges (
        nonce TEXT PRIMARY KEY,
        agent TEXT NOT NULL,
        key TEXT NOT NULL,
        statement TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Session tokens, by SHA-256 of the token (the token itself is never stored).
      CREATE TABLE session_tokens (
        token_hash BLOB PRIMARY KEY,
        session_id TEXT NOT NULL,
        agent TEXT NOT NULL,
        entry_idx INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Query indexes derived from the log in the same transaction as its entries.
      CREATE TABLE sessions (
        entry_idx INTEGER PRIMARY KEY,
        agent TEXT NOT NULL,
        session_id TEXT NOT NULL,
        time TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        scopes TEXT NOT NULL
      );
      CREATE INDEX sessions_by_agent ON sessions (agent, entry_idx);

      CREATE TABLE trust_scores (
        entry_idx INTEGER PRIMARY KEY,
        agent TEXT NOT NULL,
        time TEXT NOT NULL,
        score INTEGER NOT NULL,
        band TEXT NOT NULL,
        factors TEXT NOT NULL,
        flags TEXT NOT NULL,
        reason TEXT
      );
      CREATE INDEX trust_scores_by_agent ON trust_scores (agent, entry_idx);
    `,
  },
  {
    version: 2,
    name: 'admin commands executed (nonces, idempotent receipts)',
    sql: `
      -- Every admin command the registry logged (docs/protocol.md §7.2, §11.10): the SHA-256 of the
      -- command's JCS bytes (signatures included) and the entry that carries it. Written in the same
      -- transaction as that entry, so a nonce is remembered exactly when its command is logged; rows
      -- are kept for good (a command's nonce is single-use forever, as in the fold, and a resent
      -- command must find its receipt again).
      CREATE TABLE admin_commands (
        command_hash BLOB PRIMARY KEY,
        tenant TEXT NOT NULL,
        nonce TEXT NOT NULL,
        entry_idx INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        UNIQUE (tenant, nonce)
      ) WITHOUT ROWID;
    `,
  },
];
