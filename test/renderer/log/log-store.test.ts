import { describe, expect, it } from 'vitest';
import { createLogStore, listArgs } from '../../../src/renderer/log/log-store.ts';

function fakeApi(answers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const api = async (method: string, args: Record<string, unknown>) => {
    calls.push({ method, args });
    const answer = answers[method];
    if (answer === undefined) throw new Error(`unexpected ${method}`);
    return answer(args);
  };
  return { api: api as never, calls };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const row = (index: number) => ({ index, type: 'agent.registered', tenant: 't', subject: 's', time: null, rejection: null });

describe('listArgs', () => {
  it('drops empty text filters and passes the cursor', () => {
    expect(listArgs(3, { type: ' ', subject: ' a ', direction: 'asc' }, 10)).toMatchObject({ originId: 3, type: undefined, subject: 'a', fromIndex: 10, direction: 'asc' });
  });
});

describe('createLogStore', () => {
  it('pages with the `next` cursor and appends rows', async () => {
    const { api, calls } = fakeApi({
      'log.types': () => ({ types: [{ type: 'agent.registered', count: 5 }] }),
      'log.list': (args) =>
        args.fromIndex === undefined ? { entries: 5, total: 5, rows: [row(4), row(3)], next: 2 } : { entries: 5, total: 5, rows: [row(2), row(1), row(0)], next: null },
    });
    const store = createLogStore(api);
    store.getState().open(1);
    await flush();
    expect(store.getState().rows.map((r) => r.index)).toEqual([4, 3]);
    expect(store.getState().types).toHaveLength(1);
    await store.getState().loadMore();
    expect(store.getState().rows.map((r) => r.index)).toEqual([4, 3, 2, 1, 0]);
    expect(store.getState().next).toBeNull();
    expect(calls.filter((c) => c.method === 'log.list').at(-1)!.args.fromIndex).toBe(2);
  });

  it('restarts the list when a filter changes', async () => {
    const { api, calls } = fakeApi({ 'log.types': () => ({ types: [] }), 'log.list': () => ({ entries: 5, total: 1, rows: [row(3)], next: null }) });
    const store = createLogStore(api);
    store.getState().open(1);
    await flush();
    store.getState().setQuery({ type: 'key.rotated' });
    expect(store.getState().rows).toEqual([]);
    await flush();
    expect(calls.filter((c) => c.method === 'log.list').at(-1)!.args.type).toBe('key.rotated');
  });

  it('loads the selected entry and keeps its error for a retry', async () => {
    let fail = true;
    const { api } = fakeApi({
      'log.types': () => ({ types: [] }),
      'log.list': () => ({ entries: 1, total: 1, rows: [row(0)], next: null }),
      'log.entry': (args) => {
        if (fail) throw new Error('gone');
        return { index: args.index };
      },
    });
    const store = createLogStore(api);
    store.getState().open(1);
    store.getState().selectEntry(0);
    await flush();
    expect(store.getState().entryStatus).toBe('failed');
    expect(store.getState().entryError?.code).toBe('API_INTERNAL');
    fail = false;
    store.getState().selectEntry(0);
    await flush();
    expect(store.getState().entry).toEqual({ index: 0 });
  });

  describe('when log.types fails', () => {
    it('keeps its error and still lists entries', async () => {
      const { api } = fakeApi({
        'log.types': () => {
          throw new Error('no types');
        },
        'log.list': () => ({ entries: 1, total: 1, rows: [row(0)], next: null }),
      });
      const store = createLogStore(api);
      store.getState().open(1);
      await flush();
      expect(store.getState().typesError?.code).toBe('API_INTERNAL');
      expect(store.getState().rows).toHaveLength(1);
    });
  });
});
