/**
 * Settings (theme, policy limits, the active replica) in `settings.json` of the data directory.
 *
 * Policy: the file is parsed strictly (strict JSON, a strict schema: an unknown key is refused);
 * a file that is missing is the defaults; a file that is corrupt or unknown is moved aside as
 * `settings.json.bad-<ms>` and replaced by the defaults, never a crash at start. Writes are atomic.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY_SETTINGS, THEMES, policySettingsSchema, type Settings } from '../../core/api/schemas/settings.ts';
import { originIdSchema } from '../../core/api/schemas/common.ts';
import { parseJsonStrict } from '../../core/json.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const SETTINGS_FILE = 'settings.json';
const MAX_SETTINGS_BYTES = 64 * 1024;

const storedSettingsSchema = z.strictObject({
  theme: z.enum(THEMES),
  policy: z.strictObject(policySettingsSchema.shape),
  activeOriginId: originIdSchema.nullable(),
});

export const DEFAULT_SETTINGS: Settings = Object.freeze({ theme: 'system', policy: { ...DEFAULT_POLICY_SETTINGS }, activeOriginId: null });

export interface SettingsUpdate {
  readonly theme?: Settings['theme'] | undefined;
  readonly policy?: Partial<Settings['policy']> | undefined;
  readonly activeOriginId?: number | null | undefined;
}

export class SettingsStore {
  readonly #file: string;
  #settings: Settings;

  /** Loads `dir/settings.json` (see the module policy); `now` names a bad copy. */
  constructor(dir: string, now: () => number) {
    this.#file = path.join(dir, SETTINGS_FILE);
    this.#settings = this.#load(now);
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  /** Applies `update` (already validated by the contract) and saves. */
  update(update: SettingsUpdate): Settings {
    const policy = { ...this.#settings.policy };
    for (const [key, value] of Object.entries(update.policy ?? {})) {
      if (value !== undefined) policy[key as keyof typeof policy] = value;
    }
    const next: Settings = {
      theme: update.theme ?? this.#settings.theme,
      policy,
      activeOriginId: update.activeOriginId === undefined ? this.#settings.activeOriginId : update.activeOriginId,
    };
    this.#save(storedSettingsSchema.parse(next));
    return this.get();
  }

  #load(now: () => number): Settings {
    if (!existsSync(this.#file)) return structuredClone(DEFAULT_SETTINGS);
    try {
      const text = readFileSync(this.#file, 'utf8');
      if (text.length > MAX_SETTINGS_BYTES) throw new Error('settings file too large');
      return storedSettingsSchema.parse(parseJsonStrict(text));
    } catch {
      // Keep the bad copy for support, start from the defaults.
      try {
        renameSync(this.#file, `${this.#file}.bad-${now()}`);
      } catch {
        // Unreadable and unmovable: the next save replaces it.
      }
      const defaults = structuredClone(DEFAULT_SETTINGS);
      try {
        this.#save(defaults);
      } catch {
        // A read-only data directory: run on defaults in memory.
      }
      return defaults;
    }
  }

  #save(settings: Settings): void {
    writeFileAtomic(this.#file, `${JSON.stringify(settings, null, 2)}\n`);
    this.#settings = settings;
  }
}
