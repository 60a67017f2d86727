import { Field } from './Field.tsx';
import { useEffect, useId, useState } from 'react';
import { AGENT_STATUSES } from '../../core/api/schemas/common.ts';
import type { AgentFilter } from '../../core/api/schemas/agents.ts';
import { TRUST_BAND_LABELS } from '../../core/chart/trust-bands.ts';
import { TRUST_BANDS } from '../../core/trust/score.ts';
import { activeFilterCount } from './agents-query.ts';
import { agentsSelectors } from './agents-selectors.ts';
import { useAgentsStore } from './agents-store.ts';

export const SEARCH_DEBOUNCE_MS = 150;

type Tri = '' | 'yes' | 'no';
const triOf = (value: boolean | undefined): Tri => (value === undefined ? '' : value ? 'yes' : 'no');
const boolOf = (value: string): boolean | undefined => (value === 'yes' ? true : value === 'no' ? false : undefined);

/** Search (debounced) and the filters of the Agents table; each change resets the view to the top. */
export function AgentsFilters() {
  const search = useAgentsStore(agentsSelectors.search);
  const filter = useAgentsStore(agentsSelectors.filter);
  const facets = useAgentsStore(agentsSelectors.facets);
  const setSearch = useAgentsStore(agentsSelectors.setSearch);
  const setFilter = useAgentsStore(agentsSelectors.setFilter);
  const clearFilters = useAgentsStore(agentsSelectors.clearFilters);
  const [text, setText] = useState(search);
  const [owner, setOwner] = useState(filter.owner ?? '');
  const ownersId = useId();

  // The store may change the search (Clear filters): follow it.
  useEffect(() => setText(search), [search]);
  useEffect(() => setOwner(filter.owner ?? ''), [filter.owner]);

  useEffect(() => {
    if (text === search) return;
    const timer = setTimeout(() => setSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search, setSearch]);

  useEffect(() => {
    if (owner === (filter.owner ?? '')) return;
    const timer = setTimeout(() => setFilter({ owner: owner === '' ? undefined : owner }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [owner, filter.owner, setFilter]);

  const active = activeFilterCount(search, filter as AgentFilter);

  return (
    // No <form>: the bridge's CSP sandbox blocks form submission (components/on-enter.ts); filters apply as they change.
    <div className="filters" role="search" aria-label="Filter agents">
      <Field label="Search" grow>
        {(id) => (
          <input id={id} type="search" value={text} placeholder="Name, id or owner" onChange={(e) => setText(e.target.value)} maxLength={200} />
        )}
      </Field>
      <Field label="Tenant">
        {(id) => (
          <>
            <select id={id} value={filter.tenant ?? ''} onChange={(e) => setFilter({ tenant: e.target.value === '' ? undefined : e.target.value })}>
              <option value="">All tenants</option>
              {facets?.tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.agents})
                </option>
              ))}
            </select>
          </>
        )}
      </Field>
      <Field label="Owner">
        {(id) => (
          <>
            <input id={id} type="text" list={ownersId} value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} />
            <datalist id={ownersId}>
              {facets?.owners.map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Status">
        {(id) => (
          <>
            <select id={id} value={filter.status ?? ''} onChange={(e) => setFilter({ status: (e.target.value || undefined) as AgentFilter['status'] })}>
              <option value="">Any status</option>
              {AGENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s[0]?.toUpperCase() + s.slice(1)}
                </option>
              ))}
            </select>
          </>
        )}
      </Field>
      <Field label="Score band">
        {(id) => (
          <>
            <select id={id} value={filter.scoreBand ?? ''} onChange={(e) => setFilter({ scoreBand: (e.target.value || undefined) as AgentFilter['scoreBand'] })}>
              <option value="">Any score</option>
              {TRUST_BANDS.map((b) => (
                <option key={b} value={b}>
                  {TRUST_BAND_LABELS[b]}
                </option>
              ))}
              <option value="unscored">Unscored</option>
            </select>
          </>
        )}
      </Field>
      <Field label="Findings">
        {(id) => (
          <>
            <select id={id} value={triOf(filter.hasFinding)} onChange={(e) => setFilter({ hasFinding: boolOf(e.target.value) })}>
              <option value="">Any</option>
              <option value="yes">With findings</option>
              <option value="no">Without findings</option>
            </select>
          </>
        )}
      </Field>
      <Field label="Dormant">
        {(id) => (
          <>
            <select id={id} value={triOf(filter.dormant)} onChange={(e) => setFilter({ dormant: boolOf(e.target.value) })}>
              <option value="">Any</option>
              <option value="yes">Dormant only</option>
              <option value="no">Active recently</option>
            </select>
          </>
        )}
      </Field>
      <button type="button" className="button button-quiet" disabled={active === 0} onClick={clearFilters}>
        Clear filters{active > 0 ? ` (${active})` : ''}
      </button>
    </div>
  );
}
