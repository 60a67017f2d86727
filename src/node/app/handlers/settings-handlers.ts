/** settings.get, settings.update and app.commands (the native menu's commands for the window). */
import type { AppState } from '../app-state.ts';
import { requireOrigin } from '../app-state.ts';
import type { HandlerSlice } from './handler-types.ts';

export function createSettingsHandlers(state: AppState): HandlerSlice<'settings.get' | 'settings.update' | 'app.commands'> {
  return {
    'settings.get': () => state.settings.get(),
    'settings.update': (update) => {
      // The active replica must exist: APP_NOT_FOUND otherwise.
      if (update.activeOriginId !== undefined && update.activeOriginId !== null) requireOrigin(state, update.activeOriginId);
      return state.settings.update(update);
    },
    'app.commands': async ({ after }) => ({ commands: await state.commands.next(after) }),
  };
}
