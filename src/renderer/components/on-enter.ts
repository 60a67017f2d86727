import type { KeyboardEvent } from 'react';

/**
 * A keydown handler that runs `action` on Enter, for fields that act like a one-line form.
 *
 * Why not <form onSubmit>: the bridge serves the window in a CSP sandbox without `allow-forms`
 * (src/node/bridge/server.ts), where the browser blocks a form submission before its submit event
 * fires (and logs a console error); the CSP's form-action 'none' covers Electron too. So the app
 * uses no forms: buttons act on click, fields on Enter.
 */
export function onEnter(action: () => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };
}
