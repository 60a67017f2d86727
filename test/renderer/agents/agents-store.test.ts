import { describe, expect, it } from 'vitest';
import { createAgentsStore } from '../../../src/renderer/agents/agents-store.ts';

interface Pending {
  method: string;
  args: Record<string, unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

// A fake app API whose answers the test releases one by one (to play slow and stale responses).
function fakeApi() {
  const calls: Pending[] = [];
  const api = (method: string, args: Record<string, unknown>) =>
    new Promise((resolve, reject) => {
      calls.push({ method, args, resolve, reject });
    });
  return { api: api as never, calls };
}

const rows = (offset: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `agent-${offset + i}`, displayName: `Agent ${offset + i}` }));
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createAgentsStore', () => {
  it('loads the first page and the facets when a replica opens', async () => {
    const { api, calls } = fakeApi();
    const store = createAgentsStore(api);
    store.getState().open(7);
    expect(calls.map((c) => c.method).sort()).toEqual(['agents.facets', 'agents.query']);
    const query = calls.find((c) => c.method === 'agents.query')!;
    expect(query.args).toMatchObject({ originId: 7, offset: 0, limit: 200, filter: {} });
    query.resolve({ total: 1000, offset: 0, rows: rows(0, 200) });
    await flush();
    expect(store.getState().total).toBe(1000);
    expect(store.getState().status).toBe('ready');
    expect(store.getState().pages[0]).toHaveLength(200);
  });

  it('fetches each missing page once as rows scroll into view', async () => {
    const { api, calls } = fakeApi();
    const store = createAgentsStore(api);
    store.getState().open(1);
    calls.find((c) => c.method === 'agents.query')!.resolve({ total: 1000, offset: 0, rows: rows(0, 200) });
    await flush();
    store.getState().ensureRange(150, 450);
    store.getState().ensureRange(160, 460);
    const offsets = calls.filter((c) => c.method === 'agents.query').map((c) => c.args.offset);
    expect(offsets).toEqual([0, 200, 400]);
  });

  describe('when a filter changes while an older page is on its way', () => {
    it('ignores the stale answer', async () => {
      const { api, calls } = fakeApi();
      const store = createAgentsStore(api);
      store.getState().open(1);
      const stale = calls.find((c) => c.method === 'agents.query')!;
      store.getState().setFilter({ status: 'revoked' });
      const fresh = calls.filter((c) => c.method === 'agents.query')[1]!;
      expect(fresh.args.filter).toEqual({ status: 'revoked' });
      fresh.resolve({ total: 3, offset: 0, rows: rows(0, 3) });
      stale.resolve({ total: 1000, offset: 0, rows: rows(0, 200) });
      await flush();
      expect(store.getState().total).toBe(3);
      expect(store.getState().pages[0]).toHaveLength(3);
    });
  });

  it('resets the cache and flips the sort when a header is clicked twice', async () => {
    const { api, calls } = fakeApi();
    const store = createAgentsStore(api);
    store.getState().open(1);
    store.getState().toggleSort('trustScore');
    store.getState().toggleSort('trustScore');
    const last = calls.filter((c) => c.method === 'agents.query').at(-1)!;
    expect(last.args.sort).toEqual({ column: 'trustScore', direction: 'asc' });
    expect(store.getState().pages).toEqual({});
  });

  describe('when the query fails', () => {
    it('keeps the code and message, then retries from the first page', async () => {
      const { api, calls } = fakeApi();
      const store = createAgentsStore(api);
      store.getState().open(1);
      calls.find((c) => c.method === 'agents.query')!.reject(Object.assign(new Error('db locked'), { code: 'X' }));
      await flush();
      expect(store.getState().status).toBe('failed');
      expect(store.getState().error).toEqual({ code: 'API_INTERNAL', message: 'db locked' });
      store.getState().retry();
      expect(store.getState().status).toBe('loading');
      expect(calls.filter((c) => c.method === 'agents.query')).toHaveLength(2);
    });
  });

  it('sends the trimmed search with the other filters', () => {
    const { api, calls } = fakeApi();
    const store = createAgentsStore(api);
    store.getState().open(1);
    store.getState().setFilter({ hasFinding: true });
    store.getState().setSearch('  ops ');
    expect(calls.filter((c) => c.method === 'agents.query').at(-1)!.args.filter).toEqual({ search: 'ops', hasFinding: true });
  });

  it('shows and hides columns, keeping at least one', () => {
    const { api } = fakeApi();
    const store = createAgentsStore(api);
    store.getState().setColumnShown('id', true);
    expect(store.getState().columns[0]).toBe('id');
    for (const c of [...store.getState().columns]) store.getState().setColumnShown(c, false);
    expect(store.getState().columns).toHaveLength(1);
  });

  describe('when the same replica opens again', () => {
    it('keeps the query and fetches the rows again', async () => {
      const { api, calls } = fakeApi();
      const store = createAgentsStore(api);
      store.getState().open(1);
      store.getState().setFilter({ status: 'suspended' });
      calls.filter((c) => c.method === 'agents.query').at(-1)!.resolve({ total: 2, offset: 0, rows: rows(0, 2) });
      await flush();
      store.getState().open(1);
      const last = calls.filter((c) => c.method === 'agents.query').at(-1)!;
      expect(last.args.filter).toEqual({ status: 'suspended' });
      expect(calls.filter((c) => c.method === 'agents.query')).toHaveLength(3);
    });
  });

  describe('when another replica opens', () => {
    it('starts with no filter', () => {
      const { api, calls } = fakeApi();
      const store = createAgentsStore(api);
      store.getState().open(1);
      store.getState().setFilter({ status: 'suspended' });
      store.getState().open(2);
      expect(calls.filter((c) => c.method === 'agents.query').at(-1)!.args).toMatchObject({ originId: 2, filter: {} });
    });
  });

  describe('when agents.facets fails', () => {
    it('keeps its error apart from the table, and loads again on demand', async () => {
      const { api, calls } = fakeApi();
      const store = createAgentsStore(api);
      store.getState().open(1);
      calls.find((c) => c.method === 'agents.facets')!.reject(new Error('slow disk'));
      await flush();
      expect(store.getState().facetsError?.code).toBe('API_INTERNAL');
      expect(store.getState().status).toBe('loading');
      store.getState().loadFacets();
      calls.filter((c) => c.method === 'agents.facets').at(-1)!.resolve({ tenants: [], owners: ['a'] });
      await flush();
      expect(store.getState().facetsError).toBeNull();
      expect(store.getState().facets?.owners).toEqual(['a']);
    });
  });
});
