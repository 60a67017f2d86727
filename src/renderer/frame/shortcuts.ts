import { commandAction, type CommandAction } from './commands.ts';
import { NAV_SECTIONS } from './nav.ts';

/**
 * Keyboard shortcuts, as a pure state machine fed with key presses (tested in Node):
 * - `g` then a section key (o, a, l, v, s) within 1.5 s goes to that section;
 * - Ctrl+1..5 (⌘ on macOS) goes to the n-th section, Ctrl+, to Settings (as the View menu);
 * - Ctrl+O opens a bundle, Ctrl+Shift+O connects to a registry, Ctrl+E exports (as the File menu,
 *   so the browser window behaves like the desktop one; in Electron the page handles them first and
 *   the menu does not fire twice);
 * - `?` opens the shortcuts dialog. Letter keys never act while typing in a field.
 */
export type ShortcutAction = CommandAction | { readonly kind: 'help' };

export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** Focus is in a text field, select or editable element. */
  readonly inField: boolean;
  readonly timeMs: number;
}

export interface ShortcutState {
  /** When `g` was pressed, or null. */
  readonly pendingSinceMs: number | null;
}

export const SEQUENCE_TIMEOUT_MS = 1500;
export const initialShortcutState: ShortcutState = { pendingSinceMs: null };

/** The shortcuts as the help dialog lists them (`keys` pressed in sequence; `+` joins keys pressed together). */
export const SHORTCUT_HELP: readonly { readonly keys: readonly string[]; readonly action: string }[] = [
  ...NAV_SECTIONS.map((section, i) => ({
    keys: ['g', section.key] as const,
    action: `Go to ${section.label} (also Ctrl+${i + 1}${section.key === 's' ? ' or Ctrl+,' : ''})`,
  })),
  { keys: ['Ctrl+O'], action: 'Open an evidence bundle' },
  { keys: ['Ctrl+Shift+O'], action: 'Connect to a registry' },
  { keys: ['Ctrl+E'], action: 'Export the verification record' },
  { keys: ['?'], action: 'Show keyboard shortcuts' },
  { keys: ['Tab'], action: 'Move to the next control (Shift+Tab: previous)' },
  { keys: ['Esc'], action: 'Close a dialog' },
];

/** Feeds one key press; returns the next state and the action to take, if any. */
export function feedShortcut(state: ShortcutState, input: KeyInput): { state: ShortcutState; action: ShortcutAction | null } {
  const none = { state: initialShortcutState, action: null };
  if ((input.ctrlKey || input.metaKey) && !input.altKey) {
    // In a field, Ctrl+letter may be an editing key (macOS: Ctrl+O, Ctrl+E): only digits and comma act there.
    if (input.inField && !/^[1-9,]$/.test(input.key)) return none;
    const command = modifiedCommand(input.key);
    return command === null ? none : { state: initialShortcutState, action: command };
  }
  if (input.inField || input.altKey) return none;
  const pending = state.pendingSinceMs !== null && input.timeMs - state.pendingSinceMs <= SEQUENCE_TIMEOUT_MS;
  if (pending) {
    const section = NAV_SECTIONS.find((s) => s.key === input.key.toLowerCase());
    if (section !== undefined) return { state: initialShortcutState, action: { kind: 'navigate', route: section.route } };
  }
  if (input.key === 'g' || input.key === 'G') return { state: { pendingSinceMs: input.timeMs }, action: null };
  if (input.key === '?') return { state: initialShortcutState, action: { kind: 'help' } };
  return none;
}

/** Ctrl/⌘ + `key` (Shift already applied to `key`: `O` is Ctrl+Shift+O). */
function modifiedCommand(key: string): CommandAction | null {
  if (/^[1-9]$/.test(key)) {
    const section = NAV_SECTIONS[Number(key) - 1];
    return section === undefined ? null : { kind: 'navigate', route: section.route };
  }
  switch (key) {
    case ',':
      return commandAction('go-settings');
    case 'o':
      return commandAction('open-bundle');
    case 'O':
      return commandAction('connect-registry');
    case 'e':
      return commandAction('export');
    default:
      return null;
  }
}
