/**
 * The log through the JSON API (docs/protocol.md §11.3), beside the static tiles:
 *   GET /v1/entries/:index                 the entry, its leaf hash
 *   GET /v1/entries/:index/receipt         receipt against the first checkpoint that includes it
 *                                          (waits for that checkpoint, at most `checkpointWaitMs`)
 *   GET /v1/checkpoints?from&limit         every signed checkpoint, ascending by size
 *   GET /v1/proofs/inclusion?index&size    RFC 9162 audit path (size defaults to the latest checkpoint)
 *   GET /v1/proofs/consistency?first&second
 * Proof sizes must not exceed the latest published checkpoint (422 SIZE_BEYOND_CHECKPOINT): what a
 * client proves against is always something the log has signed.
 */
import { z } from 'zod';
import { bytesToBase64, bytesToBase64Url } from '../../core/encoding/index.ts';
import { hashLeaf } from '../../core/merkle/hash.ts';
import { HttpError } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import type { RegistryContext } from './context.ts';
import { readQuery } from './request.ts';

const decimal = z.string().regex(/^(0|[1-9][0-9]{0,15})$/, 'a decimal integer').transform(Number);
const indexParam = z.strictObject({ index: decimal });
const checkpointsQuery = z.strictObject({ from: decimal.optional(), limit: decimal.refine((n) => n >= 1 && n <= 1000, '1..1000').optional() });
const inclusionQuery = z.strictObject({ index: decimal, size: decimal.optional() });
const consistencyQuery = z.strictObject({ first: decimal, second: decimal.optional() });

export function logRoutes(context: RegistryContext): Route[] {
  const { sequencer, store, limits } = context;
  const published = (): number => sequencer.checkpoint?.size ?? 0;
  const checkSize = (size: number): void => {
    if (size > published()) {
      throw new HttpError(422, 'SIZE_BEYOND_CHECKPOINT', `size ${size} is beyond the latest checkpoint (${published()})`);
    }
  };
  const entryIndex = (raw: string | undefined): number => {
    const parsed = indexParam.safeParse({ index: raw });
    if (!parsed.success || parsed.data.index >= sequencer.size) throw new HttpError(404, 'ENTRY_NOT_FOUND', 'no such entry');
    return parsed.data.index;
  };
  return [
    {
      method: 'GET',
      path: '/v1/entries/:index',
      handler: (ctx) => {
        const index = entryIndex(ctx.params.index);
        const bytes = sequencer.readEntry(index);
        if (bytes === undefined) throw new HttpError(404, 'ENTRY_NOT_FOUND', 'no such entry');
        return {
          status: 200,
          json: { index: String(index), leaf_hash: bytesToBase64Url(hashLeaf(bytes)), entry: JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1/entries/:index/receipt',
      handler: async (ctx) => ({ status: 200, json: await sequencer.receipt(entryIndex(ctx.params.index), { timeoutMs: limits.checkpointWaitMs }) }),
    },
    {
      method: 'GET',
      path: '/v1/checkpoints',
      handler: (ctx) => {
        const query = readQuery(ctx, checkpointsQuery);
        const rows = store.listCheckpoints(query.from ?? 0, query.limit ?? 100);
        return {
          status: 200,
          json: {
            checkpoints: rows.map((r) => ({ size: String(r.size), root_hash: bytesToBase64(r.root), note: r.note, created_at: new Date(r.createdMs).toISOString() })),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1/proofs/inclusion',
      handler: (ctx) => {
        const query = readQuery(ctx, inclusionQuery);
        const size = query.size ?? published();
        checkSize(size);
        if (query.index >= size) throw new HttpError(422, 'REQUEST_INVALID', `index ${query.index} is not below size ${size}`);
        const bytes = sequencer.readEntry(query.index) as Uint8Array;
        const proof = sequencer.inclusionProof(query.index, size).map((h) => bytesToBase64Url(h));
        return { status: 200, json: { index: String(query.index), size: String(size), leaf_hash: bytesToBase64Url(hashLeaf(bytes)), proof } };
      },
    },
    {
      method: 'GET',
      path: '/v1/proofs/consistency',
      handler: (ctx) => {
        const query = readQuery(ctx, consistencyQuery);
        const second = query.second ?? published();
        checkSize(second);
        if (query.first < 1 || query.first > second) throw new HttpError(422, 'REQUEST_INVALID', 'consistency needs 1 <= first <= second');
        const proof = sequencer.consistencyProof(query.first, second).map((h) => bytesToBase64Url(h));
        return { status: 200, json: { first: String(query.first), second: String(second), proof } };
      },
    },
  ];
}
