/**
 * Inclusion proofs for the Log and Agent detail screens, recomputed from the replica's own hash
 * tiles (c2sp.org/tlog-tiles, stored in hash_tiles by the sync) and checked against a VERIFIED
 * checkpoint's signed root with the core's verifyInclusion (RFC 9162 §2.1.3.2).
 *
 * Policy: the tiles and the entry bytes are data on disk, not trusted; only the checkpoint's root
 * is (its signature and witnesses were verified by the sync). So the proof is computed, then
 * checked, and `verified` is true only if the check passed. A missing, short or altered tile, or
 * altered entry bytes, give `verified: false` (with whatever hashes could be computed), never a
 * throw: the screen shows the failure, which is itself evidence of tampering with the replica.
 */
import type { z } from 'zod';
import type { inclusionProofResultSchema } from '../../../core/api/schemas/agents.ts';
import { bytesToHex } from '../../../core/encoding/index.ts';
import { isProtocolError } from '../../../core/errors.ts';
import { hashLeaf } from '../../../core/merkle/hash.ts';
import { verifyInclusion } from '../../../core/merkle/inclusion.ts';
import { generateInclusionProof, type MerkleNodeSource } from '../../../core/merkle/proof-gen.ts';
import { nativeHasher } from '../../merkle/index.ts';
import type { ReplicaStore } from '../../replica/replica-store.ts';
import { subtreeHash } from '../../sync/tree-tiles.ts';

export type InclusionProofView = z.output<typeof inclusionProofResultSchema>;

const HASH = 32;

/** A tile is missing or too narrow for a node the proof needs. */
class MissingTile extends Error {}

/**
 * Complete-subtree hashes read from the stored tiles of one origin (tree-tiles.ts's layout: node
 * (h, j) with h = 8·L + k is the MTH of 2^k consecutive hashes of tile level L). A stored tile is the
 * widest version verified so far, so it may be wider than the checkpoint needs: a prefix of it is
 * the narrower tile, and proof generation only asks for nodes that are complete below the size.
 */
export class StoredTileSource implements MerkleNodeSource {
  readonly #store: ReplicaStore;
  readonly #originId: number;
  readonly #tiles = new Map<string, Uint8Array | null>();

  constructor(store: ReplicaStore, originId: number) {
    this.#store = store;
    this.#originId = originId;
  }

  getNode(level: number, index: bigint): Uint8Array {
    const tileLevel = level >> 3;
    const inner = level & 7;
    const first = index << BigInt(inner);
    const tileIndex = Number(first >> 8n);
    const offset = Number(first & 255n);
    const count = 1 << inner;
    const tile = this.#tile(tileLevel, tileIndex);
    if (tile === null || (offset + count) * HASH > tile.length) throw new MissingTile(`tile ${tileLevel}/${tileIndex} lacks node ${level}/${index}`);
    return subtreeHash(tile, offset, count, nativeHasher);
  }

  #tile(level: number, index: number): Uint8Array | null {
    const key = `${level}/${index}`;
    let tile = this.#tiles.get(key);
    if (tile === undefined) {
      const stored = this.#store.getTile(this.#originId, level, index);
      // A tile row whose blob disagrees with its width is unusable (storage corruption).
      tile = stored === undefined || stored.hashes.length !== stored.width * HASH ? null : stored.hashes;
      this.#tiles.set(key, tile);
    }
    return tile;
  }
}

export interface ProofCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
}

/**
 * The inclusion proof of entry `index` (stored bytes `entry`) in the tree of `checkpoint`, from the
 * stored tiles, and whether it verifies against the checkpoint's root. Precondition: 0 ≤ index <
 * checkpoint.size (the caller returns no proof for an entry beyond the checkpoint). Never throws for
 * bad data on disk (see the module policy); rethrows anything else (a bug).
 */
export function buildInclusionProof(store: ReplicaStore, originId: number, index: number, entry: Uint8Array, checkpoint: ProofCheckpoint): InclusionProofView {
  const leafHash = hashLeaf(entry, nativeHasher);
  let hashes: Uint8Array[] = [];
  let verified = false;
  try {
    hashes = generateInclusionProof(new StoredTileSource(store, originId), BigInt(index), BigInt(checkpoint.size), nativeHasher);
    // The core's portable verifier, not the native hasher used to build the proof: an independent check.
    verifyInclusion(BigInt(index), BigInt(checkpoint.size), leafHash, hashes, checkpoint.root);
    verified = true;
  } catch (error) {
    if (!(error instanceof MissingTile) && !isProtocolError(error)) throw error;
  }
  return {
    index,
    treeSize: String(checkpoint.size),
    rootHex: bytesToHex(checkpoint.root),
    leafHashHex: bytesToHex(leafHash),
    hashes: hashes.slice(0, 64).map(bytesToHex),
    verified,
  };
}

/**
 * The origin's latest verified checkpoint (the sync state's), or null before the first sync.
 * Every proof on the screens is against it.
 */
export function verifiedCheckpoint(store: ReplicaStore, originId: number): ProofCheckpoint | null {
  const row = store.db
    .prepare('SELECT c.size, c.root FROM sync_state s JOIN checkpoints c ON c.id = s.verified_checkpoint_id WHERE s.origin_id = ?')
    .get(originId) as { size: number; root: Uint8Array } | undefined;
  return row === undefined ? null : { size: row.size, root: new Uint8Array(row.root) };
}

/** The proof of entry `index` against the verified checkpoint: null when there is none or the entry lies beyond it. */
export function proofAgainstVerified(store: ReplicaStore, originId: number, index: number, entry: Uint8Array): InclusionProofView | null {
  const checkpoint = verifiedCheckpoint(store, originId);
  if (checkpoint === null || index >= checkpoint.size) return null;
  return buildInclusionProof(store, originId, index, entry, checkpoint);
}
