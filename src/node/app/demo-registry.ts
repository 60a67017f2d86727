/**
 * The built-in demo registry, started on demand through the injected starter (src/node cannot
 * import src/server; main and `warden ui` pass it). Started once and reused; a failed start can be
 * retried. The demo's origin is remembered in `demo/origin.txt` so that a replica synced from it is
 * still shown as the demo after a restart, when the registry listens on another port.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/api/errors.ts';
import type { DemoRegistryHandle, DemoRegistryStarter } from './app-context.ts';
import { writeFileAtomic } from './atomic-file.ts';

export class DemoRegistry {
  readonly #dir: string;
  readonly #starter: DemoRegistryStarter | undefined;
  #running: Promise<DemoRegistryHandle> | undefined;
  #origin: string | undefined;

  constructor(dir: string, starter: DemoRegistryStarter | undefined) {
    this.#dir = dir;
    this.#starter = starter;
    try {
      const text = readFileSync(path.join(dir, 'origin.txt'), 'utf8').trim();
      if (text.length > 0 && text.length <= 500) this.#origin = text;
    } catch {
      this.#origin = undefined;
    }
  }

  /** The demo log's origin, once the demo has run in this data directory. */
  get origin(): string | undefined {
    return this.#origin;
  }

  /** Whether this build can start the demo. */
  get available(): boolean {
    return this.#starter !== undefined;
  }

  /** The running demo (started if needed). Throws APP_DEMO_UNAVAILABLE without a starter. */
  start(): Promise<DemoRegistryHandle> {
    const starter = this.#starter;
    if (starter === undefined) return Promise.reject(new AppError('APP_DEMO_UNAVAILABLE', 'this build has no demo registry'));
    this.#running ??= (async () => {
      mkdirSync(this.#dir, { recursive: true });
      const handle = await starter(this.#dir);
      if (this.#origin !== handle.origin) {
        this.#origin = handle.origin;
        writeFileAtomic(path.join(this.#dir, 'origin.txt'), `${handle.origin}\n`);
      }
      return handle;
    })();
    this.#running.catch(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** The demo's URL when it is running in this process. */
  async runningUrl(): Promise<string | undefined> {
    if (this.#running === undefined) return undefined;
    try {
      return (await this.#running).url;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    if (running === undefined) return;
    try {
      await (await running).close();
    } catch {
      // A demo that failed to start has nothing to close.
    }
  }
}
