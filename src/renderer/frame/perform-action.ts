import { navigate } from '../router.ts';
import { useUiStore } from '../store/ui-store.ts';
import type { CommandAction } from './commands.ts';

/** Does what a menu command or its keyboard shortcut asks: navigate, or ask a screen to start a flow. */
export function performAction(action: CommandAction): void {
  const ui = useUiStore.getState();
  switch (action.kind) {
    case 'navigate':
      navigate(action.route);
      break;
    case 'open-bundle':
    case 'connect-registry':
      ui.requestSource({ kind: action.kind });
      navigate({ screen: 'start' });
      break;
    case 'verification':
      ui.requestVerification(action.request);
      navigate({ screen: 'verification' });
      break;
  }
}
