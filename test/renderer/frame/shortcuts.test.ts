import { describe, expect, it } from 'vitest';
import { feedShortcut, initialShortcutState, SEQUENCE_TIMEOUT_MS, type KeyInput, type ShortcutState } from '../../../src/renderer/frame/shortcuts.ts';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, inField: false, timeMs: 0, ...extra });

/** Feeds keys in order and returns the actions taken. */
function press(keys: readonly KeyInput[]) {
  let state: ShortcutState = initialShortcutState;
  const actions = [];
  for (const input of keys) {
    const out = feedShortcut(state, input);
    state = out.state;
    if (out.action !== null) actions.push(out.action);
  }
  return actions;
}

describe('feedShortcut', () => {
  it.each([
    ['o', { screen: 'overview' }],
    ['a', { screen: 'agents' }],
    ['l', { screen: 'log', index: null }],
    ['v', { screen: 'verification' }],
    ['s', { screen: 'settings' }],
  ] as const)('goes to a section with g then %s', (second, route) => {
    expect(press([key('g'), key(second, { timeMs: 300 })])).toEqual([{ kind: 'navigate', route }]);
  });

  it.each([
    ['1', 'overview'],
    ['2', 'agents'],
    ['3', 'log'],
    ['4', 'verification'],
    ['5', 'settings'],
  ] as const)('goes to a section with Ctrl+%s, even in a field', (digit, screen) => {
    expect(press([key(digit, { ctrlKey: true, inField: true })])[0]).toMatchObject({ kind: 'navigate', route: { screen } });
    expect(press([key(digit, { metaKey: true })])[0]).toMatchObject({ kind: 'navigate', route: { screen } });
  });

  it.each([
    ['o', false, { kind: 'open-bundle' }],
    ['O', true, { kind: 'connect-registry' }],
    ['e', false, { kind: 'verification', request: 'export' }],
    [',', false, { kind: 'navigate', route: { screen: 'settings' } }],
  ] as const)('runs the File and View menu command for Ctrl+%s (Shift: %s)', (k, _shift, action) => {
    expect(press([key(k, { ctrlKey: true })])).toEqual([action]);
    expect(press([key(k, { metaKey: true })])).toEqual([action]);
  });

  it('leaves Ctrl+letter to a field it is typed in (an editing key on macOS), but not Ctrl+digit', () => {
    expect(press([key('e', { ctrlKey: true, inField: true }), key('o', { ctrlKey: true, inField: true })])).toEqual([]);
    expect(press([key(',', { ctrlKey: true, inField: true })])).toEqual([{ kind: 'navigate', route: { screen: 'settings' } }]);
  });

  it('opens the help with ?', () => {
    expect(press([key('?')])).toEqual([{ kind: 'help' }]);
  });

  describe('when the keys should not act', () => {
    it('ignores letters typed in a field', () => {
      expect(press([key('g', { inField: true }), key('o', { inField: true }), key('?', { inField: true })])).toEqual([]);
    });

    it('ignores a section key after the sequence timed out', () => {
      expect(press([key('g'), key('o', { timeMs: SEQUENCE_TIMEOUT_MS + 1 })])).toEqual([]);
    });

    it('ignores a section key without g, and g then another key resets the sequence', () => {
      expect(press([key('o'), key('g'), key('x'), key('o')])).toEqual([]);
    });

    it('ignores Ctrl+6 and beyond, Alt+digits and Ctrl+g', () => {
      expect(press([key('6', { ctrlKey: true }), key('1', { ctrlKey: true, altKey: true }), key('g', { ctrlKey: true }), key('o')])).toEqual([]);
    });

    it('does not take Ctrl+g as the start of a g sequence', () => {
      expect(press([key('g', { ctrlKey: true }), key('o')])).toEqual([]);
    });
  });
});
