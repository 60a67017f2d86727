import type { ReplicaStore } from '../../replica/replica-store.ts';
import type { AppReadContext } from '../app-context.ts';
import { entryCount } from './origin-memo.ts';

/**
 * The entries' envelope columns (type, tenant, subject, time) without their bytes, as a TEMP table
 * of the app's connection with the indexes the Log screen's filters need, for the same reason as
 * agent-view.ts: the replica's `entries` rows carry the entry bytes, so a scan for a type or a time
 * range reads the whole log, and its schema changes only by migration. The log is append-only, so
 * the copy is kept current incrementally: each call copies the entries added since the last one.
 */

export const ENTRY_VIEW = 'temp.app_entry_view';

const CREATE = `
  CREATE TEMP TABLE IF NOT EXISTS app_entry_view (
    origin_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    type TEXT,
    tenant TEXT,
    subject TEXT,
    time TEXT,
    PRIMARY KEY (origin_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS temp.app_entry_view_by_type ON app_entry_view (origin_id, type, idx);
  CREATE INDEX IF NOT EXISTS temp.app_entry_view_by_tenant ON app_entry_view (origin_id, tenant, idx);
  CREATE INDEX IF NOT EXISTS temp.app_entry_view_by_subject ON app_entry_view (origin_id, subject, idx);
  CREATE INDEX IF NOT EXISTS temp.app_entry_view_by_time ON app_entry_view (origin_id, time);
`;

// Entries copied so far, per connection (store) and origin.
const copied = new WeakMap<ReplicaStore, Map<number, number>>();

/** Makes sure the copy holds every entry the replica has folded for the origin; returns its name. */
export function entryView(ctx: AppReadContext, originId: number): string {
  const db = ctx.store.db;
  let origins = copied.get(ctx.store);
  if (origins === undefined) {
    db.exec(CREATE);
    origins = new Map();
    copied.set(ctx.store, origins);
  }
  const have = origins.get(originId) ?? 0;
  const entries = entryCount(ctx, originId);
  if (entries > have) {
    db.prepare(
      `INSERT OR REPLACE INTO ${ENTRY_VIEW} SELECT origin_id, idx, type, tenant, subject, time FROM entries WHERE origin_id = ? AND idx >= ? AND idx < ?`,
    ).run(originId, have, entries);
    origins.set(originId, entries);
  }
  return ENTRY_VIEW;
}
