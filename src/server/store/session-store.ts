/**
 * Session challenges and tokens (docs/protocol.md §4.12, §11). A challenge is the unsigned
 * `session.authenticated` statement handed to the agent, kept until it is answered or expires
 * (single use). A token is stored only as its SHA-256, so a copy of the database does not hold live
 * tokens.
 */
import type { Statement } from 'better-sqlite3';
import type { RegistryDatabase } from './database.ts';

export interface ChallengeRow {
  readonly nonce: string;
  readonly agent: string;
  readonly key: string;
  /** The JSON of the unsigned statement. */
  readonly statement: string;
  readonly expires_ms: number;
}

export interface TokenRow {
  readonly session_id: string;
  readonly agent: string;
  readonly entry_idx: number;
  readonly expires_ms: number;
}

/** Prepared statements over challenges and session tokens. */
export class SessionStore {
  readonly #insertChallenge: Statement<[string, string, string, string, number]>;
  readonly #challenge: Statement<[string], ChallengeRow>;
  readonly #deleteChallenge: Statement<[string]>;
  readonly #expireChallenges: Statement<[number]>;
  readonly #countChallenges: Statement<[string], number>;
  readonly #insertToken: Statement<[Uint8Array, string, string, number, number]>;
  readonly #token: Statement<[Uint8Array], TokenRow>;
  readonly #expireTokens: Statement<[number]>;

  constructor(db: RegistryDatabase) {
    this.#insertChallenge = db.prepare('INSERT INTO challenges (nonce, agent, key, statement, expires_ms) VALUES (?, ?, ?, ?, ?)');
    this.#challenge = db.prepare<[string], ChallengeRow>('SELECT * FROM challenges WHERE nonce = ?');
    this.#deleteChallenge = db.prepare('DELETE FROM challenges WHERE nonce = ?');
    this.#expireChallenges = db.prepare('DELETE FROM challenges WHERE expires_ms <= ?');
    this.#countChallenges = db.prepare<[string], number>('SELECT COUNT(*) FROM challenges WHERE agent = ?').pluck();
    this.#insertToken = db.prepare('INSERT INTO session_tokens (token_hash, session_id, agent, entry_idx, expires_ms) VALUES (?, ?, ?, ?, ?)');
    this.#token = db.prepare<[Uint8Array], TokenRow>('SELECT session_id, agent, entry_idx, expires_ms FROM session_tokens WHERE token_hash = ?');
    this.#expireTokens = db.prepare('DELETE FROM session_tokens WHERE expires_ms <= ?');
  }

  addChallenge(row: ChallengeRow): void {
    this.#insertChallenge.run(row.nonce, row.agent, row.key, row.statement, row.expires_ms);
  }

  /** The outstanding challenge with `nonce`, removed (single use), or undefined. */
  takeChallenge(nonce: string): ChallengeRow | undefined {
    const row = this.#challenge.get(nonce);
    if (row !== undefined) this.#deleteChallenge.run(nonce);
    return row;
  }

  /** Outstanding challenges for `agent` (bounded per agent by the API). */
  countChallenges(agent: string): number {
    return this.#countChallenges.get(agent) ?? 0;
  }

  addToken(tokenHash: Uint8Array, row: TokenRow): void {
    this.#insertToken.run(tokenHash, row.session_id, row.agent, row.entry_idx, row.expires_ms);
  }

  token(tokenHash: Uint8Array): TokenRow | undefined {
    return this.#token.get(tokenHash);
  }

  /** Drops expired challenges and tokens. */
  expire(nowMs: number): void {
    this.#expireChallenges.run(nowMs);
    this.#expireTokens.run(nowMs);
  }
}
