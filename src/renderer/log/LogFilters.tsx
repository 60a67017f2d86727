import { Field } from '../agents/Field.tsx';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { onEnter } from '../components/on-enter.ts';
import { navigate } from '../router.ts';
import { localInputToIso, parseIndexInput } from './log-format.ts';
import { logSelectors, useLogStore } from './log-store.ts';

/** Jump to an index, and filter the Log by type, subject, tenant and time (applied on submit). */
export function LogFilters() {
  const query = useLogStore(logSelectors.query);
  const types = useLogStore(logSelectors.types);
  const setQuery = useLogStore(logSelectors.setQuery);
  const clearQuery = useLogStore(logSelectors.clearQuery);
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  const [subject, setSubject] = useState(query.subject ?? '');
  const [tenant, setTenant] = useState(query.tenant ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  // Follow the store when it changes the filters itself ("Show all entries" clears them).
  useEffect(() => setSubject(query.subject ?? ''), [query.subject]);
  useEffect(() => setTenant(query.tenant ?? ''), [query.tenant]);
  useEffect(() => {
    if (query.timeFrom === undefined) setFrom('');
  }, [query.timeFrom]);
  useEffect(() => {
    if (query.timeTo === undefined) setTo('');
  }, [query.timeTo]);

  const onJump = () => {
    const index = parseIndexInput(jump);
    if (index === null) {
      setJumpError('Enter an entry index: a whole number from 0.');
      return;
    }
    setJumpError(null);
    setQuery({ fromIndex: index, direction: 'desc' });
    navigate({ screen: 'log', index });
  };

  const onFilter = () => {
    setQuery({
      subject: subject.trim() || undefined,
      tenant: tenant.trim() || undefined,
      timeFrom: localInputToIso(from) ?? undefined,
      timeTo: localInputToIso(to) ?? undefined,
      fromIndex: undefined,
    });
  };

  const onClear = () => {
    setSubject('');
    setTenant('');
    setFrom('');
    setTo('');
    setJump('');
    clearQuery();
  };

  return (
    <div className="log-controls">
      {/* No <form>: the bridge's CSP sandbox blocks form submission (components/on-enter.ts). */}
      <div className="filters" role="group" aria-label="Jump to entry" onKeyDown={onFieldEnter(onJump)}>
        <Field label="Entry index">
          {(id) => (
            <>
              <input id={id}
                type="text"
                inputMode="numeric"
                value={jump}
                onChange={(e) => setJump(e.target.value)}
                aria-invalid={jumpError !== null}
                aria-describedby={jumpError === null ? undefined : 'log-jump-error'}
              />
            </>
          )}
        </Field>
        <button type="button" className="button" onClick={onJump}>
          Go to entry
        </button>
        {jumpError !== null && (
          <p id="log-jump-error" className="field-error" role="alert">
            {jumpError}
          </p>
        )}
      </div>
      <div className="filters" role="search" aria-label="Filter entries" onKeyDown={onFieldEnter(onFilter)}>
        <Field label="Type">
          {(id) => (
            <>
              <select id={id} value={query.type ?? ''} onChange={(e) => setQuery({ type: e.target.value || undefined, fromIndex: undefined })}>
                <option value="">All types</option>
                {types.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.type} ({t.count})
                  </option>
                ))}
              </select>
            </>
          )}
        </Field>
        <Field label="Subject">
          {(id) => (
            <input id={id} type="text" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} placeholder="Agent, delegation or tenant id" />
          )}
        </Field>
        <Field label="Tenant">
          {(id) => (
            <input id={id} type="text" value={tenant} onChange={(e) => setTenant(e.target.value)} maxLength={200} />
          )}
        </Field>
        <Field label="From (local time)">
          {(id) => (
            <input id={id} type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </Field>
        <Field label="To (local time)">
          {(id) => (
            <input id={id} type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
          )}
        </Field>
        <Field label="Order">
          {(id) => (
            <>
              <select id={id} value={query.direction} onChange={(e) => setQuery({ direction: e.target.value === 'asc' ? 'asc' : 'desc' })}>
                <option value="desc">Newest first</option>
                <option value="asc">Oldest first</option>
              </select>
            </>
          )}
        </Field>
        <button type="button" className="button" onClick={onFilter}>
          Apply filters
        </button>
        <button type="button" className="button button-quiet" onClick={onClear}>
          Clear
        </button>
      </div>
    </div>
  );
}

/** Enter in a text field of the group runs `action` (not on buttons or selects, which handle Enter themselves). */
function onFieldEnter(action: () => void) {
  const run = onEnter(action);
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.target instanceof HTMLInputElement) run(event);
  };
}
