import { afterEach, describe, expect, it } from 'vitest';
import { isReplicaError } from '../../../src/node/replica/replica-error.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { checkForkEvidence, parseForkEvidence } from '../../../src/node/sync/fork-evidence.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { verifyPastCheckpoint } from '../../../src/node/sync/past-checkpoint.ts';
import { syncReplica } from '../../../src/node/sync/sync-replica.ts';
import { tempReplica } from './helpers/replica-fixture.ts';
import { ServedLog, seedFrom } from './helpers/served-log.ts';
import { TileServer } from './helpers/tile-server.ts';

const ORIGIN = 'registry.example/past';
const log = new ServedLog(ORIGIN, seedFrom('past'), Array.from({ length: 700 }, (_, i) => new TextEncoder().encode(`entry-${i}`)));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function synced(size = 600): Promise<ReplicaStore> {
  const server = await TileServer.start({ log, size });
  cleanups.push(() => server.close());
  const temp = tempReplica();
  cleanups.push(() => temp.cleanup());
  const store = temp.open();
  await syncReplica({ db: store, source: new HttpLogSource(server.url()), logKey: log.verifierKey });
  return store;
}

describe('verifyPastCheckpoint', () => {
  it.each([1, 100, 256, 512, 600])('records an older checkpoint of size %i as verified from the stored tiles', async (size) => {
    const store = await synced();
    const record = await verifyPastCheckpoint({ db: store, origin: ORIGIN, note: log.checkpoint(size), source: 'bundle:test.zip' });
    expect(record).toMatchObject({ size, status: 'verified', source: size === 600 ? expect.any(String) : 'bundle:test.zip' });
  });

  it('only records a larger checkpoint as seen', async () => {
    const store = await synced();
    expect(await verifyPastCheckpoint({ db: store, origin: ORIGIN, note: log.checkpoint(700), source: 'bundle:x' })).toMatchObject({ status: 'seen' });
  });

  it('refuses a checkpoint of another history with fork evidence proven from our tiles', async () => {
    const store = await synced();
    const other = new ServedLog(ORIGIN, seedFrom('past'), [...log.entries.slice(0, 50), ...Array.from({ length: 250 }, (_, i) => new Uint8Array([i]))]);
    const error = await verifyPastCheckpoint({ db: store, origin: ORIGIN, note: other.checkpoint(300), source: 'bundle:x' }).catch((e: unknown) => e);
    expect(isReplicaError(error) && error.code).toBe('SYNC_FORK');
    const doc = parseForkEvidence(String((error as { details: { document: string } }).details.document));
    expect(doc.proof).toMatchObject({ size1: '300', size2: '600' });
    expect(checkForkEvidence(doc, log.verifierKey).verdict).toBe('fork-proven');
  });

  it('refuses a checkpoint signed by another key', async () => {
    const store = await synced();
    const impostor = new ServedLog(ORIGIN, seedFrom('impostor'), log.entries.slice(0, 100));
    await expect(verifyPastCheckpoint({ db: store, origin: ORIGIN, note: impostor.checkpoint(), source: 'bundle:x' })).toRejectWithCode('SYNC_CHECKPOINT_INVALID');
  });

  it('refuses an origin that is not pinned', async () => {
    const store = await synced();
    await expect(verifyPastCheckpoint({ db: store, origin: 'other.example', note: log.checkpoint(1), source: 'x' })).toRejectWithCode('REPLICA_ORIGIN_UNKNOWN');
  });
});
