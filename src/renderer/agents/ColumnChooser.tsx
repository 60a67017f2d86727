import { useEffect, useId, useRef, useState } from 'react';
import { AGENT_COLUMNS } from '../../core/api/schemas/agents.ts';
import { agentsSelectors } from './agents-selectors.ts';
import { useAgentsStore } from './agents-store.ts';
import { COLUMN_SPECS } from './agent-columns.tsx';

/**
 * Which columns the Agents table shows (remembered on this computer); at least one stays shown.
 * A disclosure button: Escape or a click elsewhere closes it, focus returns to the button. The
 * check boxes exist only while it is open, so they never compete with the filters for names like
 * "Status".
 */
export function ColumnChooser() {
  const columns = useAgentsStore(agentsSelectors.columns);
  const setColumnShown = useAgentsStore(agentsSelectors.setColumnShown);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const onPointer = (event: MouseEvent) => {
      if (!(event.target instanceof Node) || !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  return (
    <div
      className="column-chooser"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button ref={buttonRef} type="button" className="button button-quiet" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((v) => !v)}>
        Columns
      </button>
      {open && (
        <fieldset id={panelId} className="column-panel">
          <legend>Shown columns</legend>
          {AGENT_COLUMNS.map((column) => {
            const shown = columns.includes(column);
            return (
              <label key={column} className="check">
                <input
                  type="checkbox"
                  checked={shown}
                  disabled={shown && columns.length === 1}
                  onChange={(e) => setColumnShown(column, e.target.checked)}
                  aria-label={`${COLUMN_SPECS[column].label} column`}
                />
                {COLUMN_SPECS[column].label}
              </label>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}
