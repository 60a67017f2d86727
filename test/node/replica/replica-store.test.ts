import { afterEach, describe, expect, it } from 'vitest';
import { didKeyFromPublicKey } from '../../../src/core/identity/did-key.ts';
import { parseVerifierKey } from '../../../src/core/note/vkey.ts';
import { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { tempReplica, type TempReplica } from '../sync/helpers/replica-fixture.ts';
import { ServedLog, seedFrom } from '../sync/helpers/served-log.ts';

const temps: TempReplica[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

function store(): ReplicaStore {
  const t = tempReplica();
  temps.push(t);
  return t.open();
}

const log = new ServedLog('registry.example/store', seedFrom('store'), [new Uint8Array([1]), new Uint8Array([2])]);

describe('ReplicaStore', () => {
  describe('pinOrigin', () => {
    it('pins the key under its name with empty sync and fold state, and binds the registry key', () => {
      const s = store();
      const origin = s.pinOrigin({ logKey: log.verifierKey, witnesses: ['w'], source: 'http://x' });
      const registryKey = didKeyFromPublicKey(parseVerifierKey(log.verifierKey).publicKey);
      expect(origin).toMatchObject({ origin: 'registry.example/store', logKey: log.verifierKey, registryKey, witnesses: ['w'], source: 'http://x' });
      expect(s.getSyncState(origin.id)).toMatchObject({ entries: 0, verifiedCheckpointId: null, targetCheckpointId: null });
      expect(s.db.prepare('SELECT kind FROM key_owners WHERE key = ?').get(registryKey)).toEqual({ kind: 'registry' });
      expect(s.findOrigin('registry.example/store')?.id).toBe(origin.id);
    });

    it('throws VKEY_MALFORMED for a bad key and pins nothing', () => {
      const s = store();
      expect(() => s.pinOrigin({ logKey: 'nope' })).toThrowWithCode('VKEY_MALFORMED');
      expect(s.listOrigins()).toEqual([]);
    });
  });

  describe('recordCheckpoint', () => {
    it('stores a note once and only refreshes when it is seen again', () => {
      let now = 1_000;
      const timed = new ReplicaStore(store().db, () => now);
      const origin = timed.pinOrigin({ logKey: log.verifierKey });
      const input = { note: log.checkpoint(), size: 2, root: log.root(), cosignatures: [], source: 'http://x', status: 'seen' as const };
      const first = timed.recordCheckpoint(origin.id, input);
      now = 2_000;
      const again = timed.recordCheckpoint(origin.id, { ...input, status: 'rejected' });
      expect(again).toMatchObject({ id: first.id, status: 'seen', firstSeenMs: 1_000, lastSeenMs: 2_000 });
      expect(timed.listCheckpoints(origin.id)).toHaveLength(1);
    });

    it('sets the verified flag with the verified status only', () => {
      const s = store();
      const origin = s.pinOrigin({ logKey: log.verifierKey });
      const c = s.recordCheckpoint(origin.id, { note: log.checkpoint(), size: 2, root: log.root(), cosignatures: [], source: 's', status: 'seen' });
      s.setCheckpointStatus(c.id, 'verified');
      expect(s.getCheckpoint(c.id)).toMatchObject({ status: 'verified', verified: true });
      s.setCheckpointStatus(c.id, 'conflicting', 'SYNC_FORK');
      expect(s.getCheckpoint(c.id)).toMatchObject({ status: 'conflicting', verified: false, problem: 'SYNC_FORK' });
    });
  });

  describe('advanceCursor', () => {
    it('moves the cursor only from where the caller saw it', () => {
      const s = store();
      const origin = s.pinOrigin({ logKey: log.verifierKey });
      s.advanceCursor(origin.id, 0, 256);
      expect(s.getSyncState(origin.id).entries).toBe(256);
      expect(() => s.advanceCursor(origin.id, 0, 512)).toThrowWithCode('REPLICA_CONCURRENT_WRITE');
      expect(s.getSyncState(origin.id).entries).toBe(256);
    });
  });

  describe('putTile', () => {
    it('keeps the widest version of a tile', () => {
      const s = store();
      const origin = s.pinOrigin({ logKey: log.verifierKey });
      s.putTile(origin.id, 0, 3, 2, new Uint8Array(64).fill(1));
      s.putTile(origin.id, 0, 3, 5, new Uint8Array(160).fill(2));
      s.putTile(origin.id, 0, 3, 4, new Uint8Array(128).fill(3));
      expect(s.getTile(origin.id, 0, 3)).toEqual({ width: 5, hashes: new Uint8Array(160).fill(2) });
      expect(s.getTile(origin.id, 1, 3)).toBeUndefined();
    });
  });

  describe('transaction', () => {
    it('applies all or nothing', () => {
      const s = store();
      const origin = s.pinOrigin({ logKey: log.verifierKey });
      expect(() =>
        s.transaction(() => {
          s.insertEntry(origin.id, 0, new Uint8Array([1]), { type: null, tenant: null, subject: null, time: null });
          s.advanceCursor(origin.id, 5, 6);
        }),
      ).toThrowWithCode('REPLICA_CONCURRENT_WRITE');
      expect(s.getEntry(origin.id, 0)).toBeUndefined();
    });
  });
});
