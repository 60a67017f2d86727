/**
 * Proofs computed from the data (issue 5 §2, §sample): the verifier never takes a proof from storage.
 * It asks src/core/merkle's own proof generator which complete nodes a proof reads (a dry run over
 * a recording node source), captures exactly those nodes while it streams the entries
 * (tree-scan.ts), then runs the generator again over the captured nodes. The proof is therefore the
 * RFC 9162 proof of the recomputed tree, built by the same code the registry uses.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { MerkleNodeSource } from '../../core/merkle/proof-gen.ts';
import { nodeKey, type NodeSink } from './tree-scan.ts';

export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

const ZERO = new Uint8Array(32);

/**
 * The complete nodes `generate` reads from its source, in the order read (duplicates removed).
 * `generate` must only read nodes (a dry run: the hashes it sees are zeros).
 */
export function nodesRead(generate: (source: MerkleNodeSource) => unknown): NodeRef[] {
  const seen = new Set<string>();
  const nodes: NodeRef[] = [];
  generate({
    getNode(level: number, index: bigint): Uint8Array {
      const i = Number(index);
      const key = nodeKey(level, i);
      if (!seen.has(key)) {
        seen.add(key);
        nodes.push({ level, index: i });
      }
      return ZERO;
    },
  });
  return nodes;
}

/** A node source over captured nodes. A node that was not captured is an internal error. */
export function capturedNodes(...sinks: readonly NodeSink[]): MerkleNodeSource {
  return {
    getNode(level: number, index: bigint): Uint8Array {
      const key = nodeKey(level, Number(index));
      for (const sink of sinks) {
        const hash = sink.get(key);
        if (hash !== undefined) return hash;
      }
      throw new ProtocolError('INVALID_ARGUMENT', `node ${key} was not captured`);
    },
  };
}
