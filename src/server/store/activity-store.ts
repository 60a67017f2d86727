/**
 * Query indexes derived from the log: one row per `session.authenticated` and per
 * `trust.score_recorded` entry, written in the same transaction as the entry, so the history
 * endpoints page through SQLite instead of scanning the log. They hold nothing the log does not.
 */
import type { Statement } from 'better-sqlite3';
import type { LogEntry } from '../../core/log/statement.ts';
import type { RegistryDatabase } from './database.ts';

export interface SessionRow {
  readonly entry_idx: number;
  readonly agent: string;
  readonly session_id: string;
  readonly time: string;
  readonly expires_at: string;
  readonly scopes: string;
}

export interface TrustRow {
  readonly entry_idx: number;
  readonly agent: string;
  readonly time: string;
  readonly score: number;
  readonly band: string;
  readonly factors: string;
  readonly flags: string;
  readonly reason: string | null;
}

/** Prepared statements over the derived tables. */
export class ActivityStore {
  readonly #insertSession: Statement<[number, string, string, string, string, string]>;
  readonly #insertTrust: Statement<[number, string, string, number, string, string, string, string | null]>;
  readonly #sessions: Statement<[string, number, number], SessionRow>;
  readonly #trust: Statement<[string, number, number], TrustRow>;
  readonly #lastTrust: Statement<[string], TrustRow>;

  constructor(db: RegistryDatabase) {
    this.#insertSession = db.prepare('INSERT OR REPLACE INTO sessions (entry_idx, agent, session_id, time, expires_at, scopes) VALUES (?, ?, ?, ?, ?, ?)');
    this.#insertTrust = db.prepare(
      'INSERT OR REPLACE INTO trust_scores (entry_idx, agent, time, score, band, factors, flags, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#sessions = db.prepare<[string, number, number], SessionRow>(
      'SELECT * FROM sessions WHERE agent = ? AND entry_idx < ? ORDER BY entry_idx DESC LIMIT ?',
    );
    this.#trust = db.prepare<[string, number, number], TrustRow>(
      'SELECT * FROM trust_scores WHERE agent = ? AND entry_idx < ? ORDER BY entry_idx DESC LIMIT ?',
    );
    this.#lastTrust = db.prepare<[string], TrustRow>('SELECT * FROM trust_scores WHERE agent = ? ORDER BY entry_idx DESC LIMIT 1');
  }

  /** Records what `entry` at `index` adds to the indexes (nothing for most types). */
  indexEntry(index: number, entry: LogEntry): void {
    if (entry.type === 'session.authenticated') {
      const b = entry.body;
      this.#insertSession.run(index, entry.subject, b.session_id, entry.time, b.expires_at, JSON.stringify(b.scopes));
    } else if (entry.type === 'trust.score_recorded') {
      const b = entry.body;
      this.#insertTrust.run(index, entry.subject, entry.time, b.score, b.band, JSON.stringify(b.factors), JSON.stringify(b.flags), b.reason ?? null);
    }
  }

  /** An agent's sessions, newest first, with entry index below `before`. */
  sessions(agent: string, before: number, limit: number): SessionRow[] {
    return this.#sessions.all(agent, before, limit);
  }

  /** An agent's recorded trust scores, newest first, with entry index below `before`. */
  trustHistory(agent: string, before: number, limit: number): TrustRow[] {
    return this.#trust.all(agent, before, limit);
  }

  latestTrust(agent: string): TrustRow | undefined {
    return this.#lastTrust.get(agent);
  }
}
