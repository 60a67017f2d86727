import { useEffect } from 'react';
import { useUiStore } from '../store/ui-store.ts';
import { performAction } from './perform-action.ts';
import { feedShortcut, initialShortcutState, type ShortcutState } from './shortcuts.ts';

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(target.type);
  return false;
}

/** Window-wide keyboard shortcuts (shortcuts.ts); off while a modal dialog is open. */
export function useShortcuts(): void {
  useEffect(() => {
    let state: ShortcutState = initialShortcutState;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || document.querySelector('dialog[open]') !== null) return;
      const out = feedShortcut(state, {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inField: isField(event.target),
        timeMs: event.timeStamp,
      });
      state = out.state;
      if (out.action === null) return;
      event.preventDefault();
      if (out.action.kind === 'help') useUiStore.getState().setShortcutsOpen(true);
      else performAction(out.action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
