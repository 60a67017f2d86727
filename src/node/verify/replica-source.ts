/**
 * An EvidenceSource over a local replica (src/node/replica, issue 4): what `warden verify <db>`
 * reads, so that an auditor can re-verify a synced replica independently of the sync that filled it.
 *
 * Policy (evidence-source.ts rules; the replica's own verdicts are never trusted):
 * - one origin per source: the one named by the pinned log key (a replica holds several);
 * - entries [0, synced) are served as entry bundles built from the stored raw bytes; hash tiles as
 *   stored (one width per tile index: the widest the replica kept);
 * - checkpoints: every stored note whose size the synced entries cover, whatever the replica
 *   decided about it, plus every note the replica marked `conflicting` (fork evidence is evidence);
 *   notes the replica `rejected` and that lie beyond its entries are left out (they were never
 *   part of its history). `seenAt` is the replica's first sighting; the last verified checkpoint
 *   is presented as the latest;
 * - the replica keeps no claimed state, so check 5 reports CLAIM_MISSING.
 * The database is opened read-only; a file that is not a replica is EVIDENCE_UNREADABLE.
 */
import path from 'node:path';
import { ProtocolError } from '../../core/errors.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import { encodeEntryBundle } from '../../core/tiles/entry-bundle.ts';
import type { ReplicaStore } from '../replica/replica-store.ts';
import type { EvidenceCheckpoint, EvidenceSource } from './evidence-source.ts';
import type { EvidenceOpener } from './open-evidence.ts';

const WIDTH = 256;

/** A source over `origin` in an open replica `store` (not closed by the source). */
export function createReplicaEvidenceSource(store: ReplicaStore, origin: string, name: string): EvidenceSource {
  const record = store.findOrigin(origin);
  if (record === undefined) throw new ProtocolError('EVIDENCE_UNREADABLE', `the replica holds no log for origin "${origin}"`);
  const originId = record.id;
  const synced = (): number => store.getSyncState(originId).entries;
  return {
    describe: () => ({ kind: 'replica', name, origin }),
    async *listCheckpoints(): AsyncGenerator<EvidenceCheckpoint> {
      const entries = synced();
      const latest = store.getSyncState(originId).verifiedCheckpointId;
      for (const c of store.listCheckpoints(originId)) {
        if (c.size > entries && c.status !== 'conflicting') continue;
        yield {
          note: new TextEncoder().encode(c.note),
          source: `replica:checkpoint/${c.id}`,
          seenAt: formatTimestamp(c.firstSeenMs),
          ...(c.id === latest ? { latest: true } : {}),
        };
      }
    },
    readEntryBundle(index, width) {
      const from = Number(index) * WIDTH;
      if (width < 1 || width > WIDTH || from + width > synced()) return Promise.resolve(undefined);
      const entries = [...store.iterateEntries(originId, from, from + width)].map((e) => e.data);
      return Promise.resolve(entries.length === width ? encodeEntryBundle(entries) : undefined);
    },
    readHashTile(level, index, width) {
      const tile = store.getTile(originId, level, Number(index));
      return Promise.resolve(tile !== undefined && tile.width === width ? tile.hashes : undefined);
    },
    storedWidths(kind, index) {
      if (kind === 'entries') {
        const count = Math.min(WIDTH, synced() - Number(index) * WIDTH);
        return Promise.resolve(count > 0 ? [count] : []);
      }
      const tile = store.getTile(originId, kind, Number(index));
      return Promise.resolve(tile === undefined ? [] : [tile.width]);
    },
    readClaimedState: () => Promise.resolve(undefined),
    inputHashes: () => Promise.resolve([]),
  };
}

const SQLITE_MAGIC = new TextEncoder().encode('SQLite format 3\0');

/** The `warden verify` opener for replica files (registered in open-evidence.ts). */
export const replicaEvidenceOpener: EvidenceOpener = {
  name: 'replica database (SQLite)',
  detect: (head) => SQLITE_MAGIC.every((b, i) => head[i] === b),
  async open(file, options) {
    // Loaded on demand: verifying a directory or a bundle needs no SQLite.
    const { ReplicaStore: Store } = await import('../replica/replica-store.ts');
    let store: ReplicaStore;
    try {
      store = Store.open(file, { readonly: true });
    } catch (error) {
      throw new ProtocolError('EVIDENCE_UNREADABLE', `cannot open the replica ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    try {
      const origins = store.listOrigins().map((o) => o.origin);
      const origin = options.origin ?? (origins.length === 1 ? origins[0] : undefined);
      if (origin === undefined) {
        throw new ProtocolError('EVIDENCE_UNREADABLE', `the replica holds ${origins.length} logs (${origins.join(', ')}); name one`);
      }
      const source = createReplicaEvidenceSource(store, origin, path.basename(file));
      return {
        ...source,
        close: () => {
          store.close();
          return Promise.resolve();
        },
      };
    } catch (error) {
      store.close();
      throw error;
    }
  },
};
