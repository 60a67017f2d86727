import { afterEach, describe, expect, it } from 'vitest';
import { applySyncPragmas, SYNC_CACHE_KIB, SYNC_WAL_PAGES } from '../../../src/node/sync/sync-pragmas.ts';
import { tempReplica, type TempReplica } from './helpers/replica-fixture.ts';

let temp: TempReplica | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

function openDb() {
  temp = tempReplica();
  return temp.open().db;
}

const setting = (db: ReturnType<typeof openDb>, name: string): number => db.pragma(name, { simple: true }) as number;

describe('applySyncPragmas', () => {
  it('widens the WAL window and shrinks the page cache during the sync, and restores both after', () => {
    const db = openDb();
    const window = setting(db, 'wal_autocheckpoint');
    const cache = setting(db, 'cache_size');
    // The defaults this policy is about: a narrower window and a larger cache than the sync's.
    expect(window).toBeLessThan(SYNC_WAL_PAGES);
    expect(-cache).toBeGreaterThan(SYNC_CACHE_KIB);

    const restore = applySyncPragmas(db);
    expect(setting(db, 'wal_autocheckpoint')).toBe(SYNC_WAL_PAGES);
    expect(setting(db, 'cache_size')).toBe(-SYNC_CACHE_KIB);

    restore();
    expect(setting(db, 'wal_autocheckpoint')).toBe(window);
    expect(setting(db, 'cache_size')).toBe(cache);
  });

  it('leaves a wider window and a smaller cache as they are', () => {
    const db = openDb();
    db.pragma(`wal_autocheckpoint = ${SYNC_WAL_PAGES * 2}`);
    db.pragma('cache_size = 100'); // pages: 400 KiB
    const restore = applySyncPragmas(db);
    expect(setting(db, 'wal_autocheckpoint')).toBe(SYNC_WAL_PAGES * 2);
    expect(setting(db, 'cache_size')).toBe(100);
    restore();
    expect(setting(db, 'wal_autocheckpoint')).toBe(SYNC_WAL_PAGES * 2);
    expect(setting(db, 'cache_size')).toBe(100);
  });

  it('restores nothing, without throwing, once the database is closed', () => {
    temp = tempReplica();
    const store = temp.open();
    const restore = applySyncPragmas(store.db);
    store.close();
    expect(() => restore()).not.toThrow();
  });
});
