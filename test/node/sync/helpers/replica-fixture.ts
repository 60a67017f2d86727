/** Temporary replica files for tests: a fresh directory per test, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplicaStore } from '../../../../src/node/replica/replica-store.ts';

export interface TempReplica {
  readonly dir: string;
  readonly path: string;
  open(): ReplicaStore;
  cleanup(): void;
}

export function tempReplica(name = 'replica.db'): TempReplica {
  const dir = mkdtempSync(join(tmpdir(), 'warden-replica-'));
  const path = join(dir, name);
  const opened: ReplicaStore[] = [];
  return {
    dir,
    path,
    open() {
      const store = ReplicaStore.open(path);
      opened.push(store);
      return store;
    },
    cleanup() {
      for (const store of opened) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
