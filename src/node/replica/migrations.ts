/**
 * Numbered schema migrations of the replica database. `PRAGMA user_version` holds the number of the
 * last one applied; each runs in one transaction with its version bump, so a crash leaves a whole
 * version. A database newer than this code is refused (open-replica.ts). Append new migrations;
 * never edit a released one.
 *
 * Every table is keyed by `origin_id`: several registries (origins) live side by side.
 *
 * 0001 holds what was received and verified: the pinned keys, every checkpoint seen, the raw entries,
 * the hash tiles, the sync cursor and fork evidence. 0002 holds what is DERIVED from the entries by
 * the state fold (docs/protocol.md §5), materialised for fast queries and written in the same
 * transaction as the entries it derives from; `warden db check` recomputes it from 0001's data.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'origins, checkpoints, entries, hash tiles, sync state, fork evidence',
    sql: `
      -- One row per registry log. The log key is pinned at the first sync and never replaced.
      CREATE TABLE origins (
        id INTEGER PRIMARY KEY,
        origin TEXT NOT NULL UNIQUE,
        log_key TEXT NOT NULL,                  -- C2SP vkey, verbatim
        registry_key TEXT NOT NULL,             -- did:key of the log key (role "registry" in statements)
        witnesses TEXT NOT NULL DEFAULT '[]',   -- JSON array of witness vkeys
        source TEXT,                            -- where checkpoints last came from (URL or bundle:<file>)
        pinned_ms INTEGER NOT NULL
      );

      -- Every checkpoint ever seen (C2SP signed note, verbatim), deduplicated by the note's SHA-256.
      -- status: seen (signature valid, not used yet) | pending (the target of an unfinished sync:
      -- signed, consistent with the last verified one, entries being fetched) | verified (every entry
      -- up to its size fetched, checked and applied) | rejected (signature or witness failure) |
      -- conflicting (validly signed but a rollback or fork: see fork_evidence).
      CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY,
        origin_id INTEGER NOT NULL REFERENCES origins(id),
        size INTEGER NOT NULL,
        root BLOB NOT NULL,
        note TEXT NOT NULL,
        note_sha256 BLOB NOT NULL,
        cosignatures TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('seen', 'pending', 'verified', 'rejected', 'conflicting')),
        verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        verified_ms INTEGER,
        problem TEXT,
        UNIQUE (origin_id, note_sha256)
      );
      CREATE INDEX checkpoints_by_size ON checkpoints (origin_id, size);

      -- The log: entry idx holds the exact bytes served (the JCS of one signed statement). The
      -- envelope columns are NULL when the bytes do not parse.
      CREATE TABLE entries (
        origin_id INTEGER NOT NULL REFERENCES origins(id),
        idx INTEGER NOT NULL,
        data BLOB NOT NULL,
        type TEXT,
        tenant TEXT,
        subject TEXT,
        time TEXT,
        PRIMARY KEY (origin_id, idx)
      );
      CREATE INDEX entries_by_subject ON entries (origin_id, subject, idx);

      -- C2SP tlog-tiles hash tiles, each the widest version verified so far (a partial tile is a
      -- prefix of the full one).
      CREATE TABLE hash_tiles (
        origin_id INTEGER NOT NULL REFERENCES origins(id),
        level INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
        hashes BLOB NOT NULL,
        UNIQUE (origin_id, level, idx)
      );

      -- Sync cursor: entries [0, entries) are stored, verified and folded. target is the pending
      -- checkpoint of an unfinished sync (NULL when idle).
      CREATE TABLE sync_state (
        origin_id INTEGER PRIMARY KEY REFERENCES origins(id),
        entries INTEGER NOT NULL DEFAULT 0,
        verified_checkpoint_id INTEGER REFERENCES checkpoints(id),
        target_checkpoint_id INTEGER REFERENCES checkpoints(id),
        last_success_ms INTEGER,
        last_error TEXT,
        updated_ms INTEGER NOT NULL
      );

      -- Rollbacks and forks: the portable evidence document (JSON, see src/node/sync/fork-evidence.ts).
      CREATE TABLE fork_evidence (
        id INTEGER PRIMARY KEY,
        origin_id INTEGER NOT NULL REFERENCES origins(id),
        kind TEXT NOT NULL CHECK (kind IN ('fork', 'rollback')),
        detected_ms INTEGER NOT NULL,
        source TEXT NOT NULL,
        trusted_checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
        conflicting_checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
        document TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'registry state derived by replay, materialised',
    sql: `
      -- The fold's position: entries [0, entries) folded; next_index/applied/totals as RegistryState.
      CREATE TABLE fold_state (
        origin_id INTEGER PRIMARY KEY REFERENCES origins(id),
        entries INTEGER NOT NULL DEFAULT 0,
        next_index INTEGER NOT NULL DEFAULT 0,
        applied INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        sessions INTEGER NOT NULL DEFAULT 0,
        trust_scores INTEGER NOT NULL DEFAULT 0
      );

      -- Entries the fold refused (docs/protocol.md §5.3): the registry logged what it must not have.
      CREATE TABLE entry_rejections (
        origin_id INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        code TEXT NOT NULL,
        rule TEXT,
        message TEXT NOT NULL,
        PRIMARY KEY (origin_id, idx)
      );

      CREATE TABLE tenants (
        origin_id INTEGER NOT NULL,
        id TEXT NOT NULL,
        prefix TEXT NOT NULL,
        name TEXT NOT NULL,
        created_idx INTEGER NOT NULL,
        created_time TEXT NOT NULL,
        gov_seq INTEGER NOT NULL,
        agent_count INTEGER NOT NULL,
        thresholds TEXT NOT NULL,
        policy_seq INTEGER NOT NULL,
        admins_enrolled INTEGER NOT NULL,
        state TEXT NOT NULL,                    -- TenantState without its command nonces (JSON)
        PRIMARY KEY (origin_id, id)
      );

      CREATE TABLE admins (
        origin_id INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        enrolled_idx INTEGER NOT NULL,
        enrolled_time TEXT NOT NULL,
        removed_idx INTEGER,
        removed_time TEXT,
        PRIMARY KEY (origin_id, tenant, key)
      );

      -- Quorum policy history: seq 0 is the default policy of a new tenant.
      CREATE TABLE policies (
        origin_id INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        seq INTEGER NOT NULL,
        thresholds TEXT NOT NULL,
        set_idx INTEGER NOT NULL,
        set_time TEXT NOT NULL,
        PRIMARY KEY (origin_id, tenant, seq)
      );

      CREATE TABLE command_nonces (
        origin_id INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        nonce TEXT NOT NULL,
        idx INTEGER NOT NULL,
        PRIMARY KEY (origin_id, tenant, nonce)
      );

      CREATE TABLE agents (
        origin_id INTEGER NOT NULL,
        id TEXT NOT NULL,
        tenant TEXT NOT NULL,
        display_name TEXT NOT NULL,
        owner TEXT,
        status TEXT NOT NULL,
        status_since_idx INTEGER NOT NULL,
        status_since_time TEXT NOT NULL,
        status_by TEXT NOT NULL,
        cascade_from TEXT,
        current_key TEXT NOT NULL,
        parent TEXT,
        delegation TEXT,
        depth INTEGER NOT NULL,
        scopes TEXT NOT NULL,
        capabilities TEXT NOT NULL,
        registered_idx INTEGER NOT NULL,
        registered_time TEXT NOT NULL,
        session_count INTEGER NOT NULL,
        last_session_id TEXT,
        last_session_time TEXT,
        trust_count INTEGER NOT NULL,
        trust_score INTEGER,
        trust_band TEXT,
        trust_lowest INTEGER,
        last_signed_idx INTEGER,
        state TEXT NOT NULL,                    -- AgentState (JSON): what the fold resumes from
        PRIMARY KEY (origin_id, id)
      );
      CREATE INDEX agents_by_tenant ON agents (origin_id, tenant, status);

      -- Key history per agent (position 0 = first key; the last one is current).
      CREATE TABLE agent_keys (
        origin_id INTEGER NOT NULL,
        agent TEXT NOT NULL,
        position INTEGER NOT NULL,
        key TEXT NOT NULL,
        added_idx INTEGER NOT NULL,
        added_time TEXT NOT NULL,
        retired_idx INTEGER,
        retired_time TEXT,
        compromised_at TEXT,
        reported_idx INTEGER,
        last_used_idx INTEGER,
        last_used_time TEXT,
        used_after_compromise INTEGER NOT NULL,
        PRIMARY KEY (origin_id, agent, position)
      );
      CREATE INDEX agent_keys_by_key ON agent_keys (origin_id, key);

      -- Every key ever bound and its one owner (docs/protocol.md §5.1 "keys").
      CREATE TABLE key_owners (
        origin_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('registry', 'agent', 'admin')),
        agent TEXT,
        tenants TEXT,
        PRIMARY KEY (origin_id, key)
      );

      CREATE TABLE delegations (
        origin_id INTEGER NOT NULL,
        id TEXT NOT NULL,
        tenant TEXT NOT NULL,
        parent TEXT NOT NULL,
        child TEXT NOT NULL,
        child_key TEXT NOT NULL,
        scopes TEXT NOT NULL,
        granted_idx INTEGER NOT NULL,
        granted_time TEXT NOT NULL,
        registered_idx INTEGER,
        revoked_idx INTEGER,
        revoked_time TEXT,
        state TEXT NOT NULL,
        PRIMARY KEY (origin_id, id)
      );

      -- Executed suspensions, reinstatements and revocations (admin, registry or parent).
      CREATE TABLE status_actions (
        origin_id INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        time TEXT NOT NULL,
        tenant TEXT NOT NULL,
        action TEXT NOT NULL,
        by TEXT NOT NULL,
        targets TEXT NOT NULL,
        cascade INTEGER NOT NULL,
        affected TEXT NOT NULL,
        reason TEXT NOT NULL,
        nonce TEXT,
        signers TEXT,
        threshold INTEGER,
        delegation TEXT,
        PRIMARY KEY (origin_id, idx)
      );
      CREATE VIEW revocations AS SELECT * FROM status_actions WHERE action = 'revoke';

      CREATE TABLE trust_history (
        origin_id INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        agent TEXT NOT NULL,
        time TEXT NOT NULL,
        score INTEGER NOT NULL,
        band TEXT NOT NULL,
        factors TEXT NOT NULL,
        flags TEXT NOT NULL,
        PRIMARY KEY (origin_id, idx)
      );
      CREATE INDEX trust_history_by_agent ON trust_history (origin_id, agent, idx);
    `,
  },
];

/** The tables of migration 0002: derived from the entries, recomputed by `warden db check`. */
export const DERIVED_TABLES = [
  'fold_state',
  'entry_rejections',
  'tenants',
  'admins',
  'policies',
  'command_nonces',
  'agents',
  'agent_keys',
  'key_owners',
  'delegations',
  'status_actions',
  'trust_history',
] as const;

export type DerivedTable = (typeof DERIVED_TABLES)[number];

/** The schema version this code writes. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
