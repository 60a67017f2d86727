/**
 * Commands from the native menu (File: Open evidence bundle…, Connect to registry…) for the window,
 * which long-polls `app.commands {after}`: commands with seq > after are answered at once, else the
 * call waits for the next one or `waitMs` (20 s), then answers with none. Only the last
 * MAX_KEPT_COMMANDS are kept: a window that fell behind sees the newest.
 */
import type { AppCommand } from '../../core/api/contract.ts';

export const COMMAND_WAIT_MS = 20_000;
const MAX_KEPT_COMMANDS = 100;

export class CommandQueue {
  readonly #waitMs: number;
  #seq = 0;
  #commands: AppCommand[] = [];
  readonly #waiters = new Set<() => void>();
  #closed = false;

  constructor(waitMs: number = COMMAND_WAIT_MS) {
    this.#waitMs = waitMs;
  }

  push(command: AppCommand['command']): void {
    if (this.#closed) return;
    this.#seq += 1;
    this.#commands.push({ seq: this.#seq, command });
    if (this.#commands.length > MAX_KEPT_COMMANDS) this.#commands = this.#commands.slice(-MAX_KEPT_COMMANDS);
    this.#wake();
  }

  /** Commands after `after`, waiting up to the wait time for one. */
  async next(after: number): Promise<AppCommand[]> {
    const ready = this.#after(after);
    if (ready.length > 0 || this.#closed) return ready;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#waitMs);
      this.#waiters.add(done);
    });
    return this.#after(after);
  }

  /** Answers every waiting call (with none) and ignores later pushes. */
  close(): void {
    this.#closed = true;
    this.#wake();
  }

  #after(after: number): AppCommand[] {
    return this.#commands.filter((c) => c.seq > after);
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
