import { useEffect, useRef } from 'react';
import { uiSelectors, useUiStore } from '../store/ui-store.ts';
import { SHORTCUT_HELP } from './shortcuts.ts';

/** The keyboard shortcuts, in a modal dialog (native <dialog>: focus is trapped and Esc closes it). */
export function ShortcutsDialog() {
  const open = useUiStore(uiSelectors.shortcutsOpen);
  const setOpen = useUiStore(uiSelectors.setShortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts-table">
        <caption className="visually-hidden">Keys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUT_HELP.map((item) => (
            <tr key={item.action}>
              <td>
                {item.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && ' then '}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{item.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Letter shortcuts do not act while you type in a field. The File and View menus offer the same actions.</p>
      {/* A button, not <form method="dialog">: the CSP's form-action 'none' covers forms. */}
      <button type="button" className="button" autoFocus onClick={() => setOpen(false)}>
        Close
      </button>
    </dialog>
  );
}
