import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../../src/core/api/contract.ts';
import { APP_COMMANDS } from '../../../src/core/api/contract.ts';
import { backoffMs, commandAction, MAX_BACKOFF_MS, runCommandLoop } from '../../../src/renderer/frame/commands.ts';

describe('commandAction', () => {
  it.each([
    ['open-bundle', { kind: 'open-bundle' }],
    ['connect-registry', { kind: 'connect-registry' }],
    ['export', { kind: 'verification', request: 'export' }],
    ['verify', { kind: 'verification', request: 'verify' }],
    ['go-overview', { kind: 'navigate', route: { screen: 'overview' } }],
    ['go-agents', { kind: 'navigate', route: { screen: 'agents' } }],
    ['go-log', { kind: 'navigate', route: { screen: 'log', index: null } }],
    ['go-verification', { kind: 'navigate', route: { screen: 'verification' } }],
    ['go-settings', { kind: 'navigate', route: { screen: 'settings' } }],
  ] as const)('maps %s to %j', (command, action) => {
    expect(commandAction(command)).toEqual(action);
  });

  it('has an action for every command in the contract', () => {
    for (const command of APP_COMMANDS) expect(commandAction(command)).toBeDefined();
  });
});

describe('backoffMs', () => {
  it('doubles from 1 s and stops at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffMs(10_000)).toBe(MAX_BACKOFF_MS);
  });
});

/** A scripted app.commands: each step answers or fails; the loop is stopped after the script ends. */
function script(steps: readonly ({ commands: AppCommand[] } | Error)[]) {
  const controller = new AbortController();
  const afters: number[] = [];
  const sleeps: number[] = [];
  let step = 0;
  const fetchCommands = async (after: number) => {
    afters.push(after);
    const next = steps[step++];
    if (step >= steps.length) controller.abort();
    if (next instanceof Error) throw next;
    return next ?? { commands: [] };
  };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return { controller, afters, sleeps, fetchCommands, sleep };
}

describe('runCommandLoop', () => {
  it('delivers commands once each, in order, and asks for what comes after the last one', async () => {
    const s = script([
      { commands: [{ seq: 2, command: 'go-log' }, { seq: 1, command: 'open-bundle' }] },
      { commands: [{ seq: 2, command: 'go-log' }, { seq: 3, command: 'export' }] },
      { commands: [] },
    ]);
    const seen: string[] = [];
    let t = 0;
    await runCommandLoop({ ...s, signal: s.controller.signal, onCommand: (c) => seen.push(c.command), now: () => (t += 5000) });
    expect(seen).toEqual(['open-bundle', 'go-log', 'export']);
    expect(s.afters).toEqual([0, 2, 3]);
  });

  describe('when app.commands fails', () => {
    it('backs off 1 s, 2 s, 4 s, then resets after a success, and never throws', async () => {
      const failures: number[] = [];
      const s = script([new Error('down'), new Error('down'), new Error('down'), { commands: [{ seq: 1, command: 'verify' }] }, new Error('down')]);
      let t = 0;
      await runCommandLoop({ ...s, signal: s.controller.signal, onCommand: () => {}, onFailure: (_e, n) => failures.push(n), now: () => (t += 5000) });
      expect(s.sleeps).toEqual([1000, 2000, 4000, 1000]);
      expect(failures).toEqual([1, 2, 3, 1]);
    });
  });

  describe('when the server answers at once with nothing', () => {
    it('pauses before the next call instead of spinning', async () => {
      const s = script([{ commands: [] }, { commands: [] }]);
      await runCommandLoop({ ...s, signal: s.controller.signal, onCommand: () => {}, now: () => 0 });
      expect(s.sleeps).toEqual([1000]);
    });
  });

  it('stops without calling when already stopped', async () => {
    const s = script([{ commands: [] }]);
    s.controller.abort();
    await runCommandLoop({ ...s, signal: s.controller.signal, onCommand: () => {} });
    expect(s.afters).toEqual([]);
  });
});
