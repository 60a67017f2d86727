import type { AppCommand } from '../../core/api/contract.ts';
import type { Route } from '../router.ts';

/**
 * The native menu's commands reach the window through `app.commands`, a long poll: each call waits
 * up to 20 s for commands after the last sequence number seen. The loop runs until stopped, backs off
 * on failures (1 s, 2 s, 4 s … up to 60 s) so a broken transport is not hammered, and never throws.
 */
export type CommandAction =
  | { readonly kind: 'navigate'; readonly route: Route }
  | { readonly kind: 'open-bundle' }
  | { readonly kind: 'connect-registry' }
  | { readonly kind: 'verification'; readonly request: 'verify' | 'export' };

/** What the window does for a menu command. */
export function commandAction(command: AppCommand['command']): CommandAction {
  switch (command) {
    case 'open-bundle':
      return { kind: 'open-bundle' };
    case 'connect-registry':
      return { kind: 'connect-registry' };
    case 'export':
      return { kind: 'verification', request: 'export' };
    case 'verify':
      return { kind: 'verification', request: 'verify' };
    case 'go-overview':
      return { kind: 'navigate', route: { screen: 'overview' } };
    case 'go-agents':
      return { kind: 'navigate', route: { screen: 'agents' } };
    case 'go-log':
      return { kind: 'navigate', route: { screen: 'log', index: null } };
    case 'go-verification':
      return { kind: 'navigate', route: { screen: 'verification' } };
    case 'go-settings':
      return { kind: 'navigate', route: { screen: 'settings' } };
  }
}

export const MAX_BACKOFF_MS = 60_000;

/** The wait before retrying after `failures` consecutive failures (≥ 1). */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, Math.min(failures - 1, 16)));
}

export interface CommandLoopOptions {
  /** `app.commands`. */
  readonly fetchCommands: (after: number) => Promise<{ commands: readonly AppCommand[] }>;
  readonly onCommand: (command: AppCommand) => void;
  readonly signal: AbortSignal;
  /** Waits `ms` or until aborted (injected for tests). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told about each failure (for a status line). */
  readonly onFailure?: (error: unknown, failures: number) => void;
  readonly now?: () => number;
}

/** An empty answer sooner than this (a server that does not wait) is followed by a pause, not a new call at once. */
export const MIN_POLL_INTERVAL_MS = 1000;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Polls until `signal` aborts. Commands are delivered once each, in sequence order; an answer
 * repeating a sequence number already seen (a replay or a confused server) is ignored.
 */
export async function runCommandLoop(options: CommandLoopOptions): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => Date.now());
  let after = 0;
  let failures = 0;
  while (!options.signal.aborted) {
    const started = now();
    try {
      const { commands } = await options.fetchCommands(after);
      failures = 0;
      if (options.signal.aborted) return;
      let delivered = 0;
      for (const command of [...commands].sort((a, b) => a.seq - b.seq)) {
        if (command.seq <= after) continue;
        after = command.seq;
        delivered += 1;
        options.onCommand(command);
      }
      const elapsed = now() - started;
      if (delivered === 0 && elapsed < MIN_POLL_INTERVAL_MS) await sleep(MIN_POLL_INTERVAL_MS - elapsed, options.signal);
    } catch (error) {
      failures += 1;
      options.onFailure?.(error, failures);
      await sleep(backoffMs(failures), options.signal);
    }
  }
}
