/** The registry's identity rows (`meta`) and key metadata (`keys`). */
import type { RegistryDatabase } from './database.ts';

export interface KeyMetadata {
  readonly name: string;
  readonly kind: string;
  /** The public half (vkey, did:key) or a description for secrets without one. */
  readonly public: string;
  /** The file holding the private half, relative to the keys directory. */
  readonly file: string;
  readonly createdMs: number;
}

/** Reads a meta value. */
export function readMeta(db: RegistryDatabase, key: string): string | undefined {
  const value = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  return value ?? undefined;
}

/** Writes (replaces) a meta value. */
export function writeMeta(db: RegistryDatabase, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Records a key's metadata (replacing a row of the same name). */
export function writeKeyMetadata(db: RegistryDatabase, key: KeyMetadata): void {
  db.prepare('INSERT OR REPLACE INTO keys (name, kind, public, file, created_ms) VALUES (?, ?, ?, ?, ?)').run(
    key.name,
    key.kind,
    key.public,
    key.file,
    key.createdMs,
  );
}
