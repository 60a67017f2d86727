import { useEffect } from 'react';
import { call } from '../api.ts';
import { commandAction, runCommandLoop } from './commands.ts';
import { performAction } from './perform-action.ts';

/**
 * Listens for the native menu's commands (app.commands long poll) while the window is open and acts
 * on them: open a bundle or connect (the Start screen's flows), verify or export (the Verification
 * screen), or go to a section. Stops when the frame unmounts.
 */
export function useCommandLoop(): void {
  useEffect(() => {
    const controller = new AbortController();
    void runCommandLoop({
      signal: controller.signal,
      fetchCommands: (after) => call('app.commands', { after }),
      onCommand: ({ command }) => performAction(commandAction(command)),
    });
    return () => controller.abort();
  }, []);
}
