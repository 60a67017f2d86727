import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../../src/core/encoding/index.ts';
import { parseEntry } from '../../../src/core/log/entry.ts';
import { verifyConsistency } from '../../../src/core/merkle/consistency.ts';
import { verifyInclusion } from '../../../src/core/merkle/inclusion.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { foldEntries } from '../../../src/core/registry/fold.ts';
import { nativeEd25519Backend } from '../../../src/node/crypto/native-ed25519.ts';
import { nativeHasher } from '../../../src/node/merkle/native-hasher.ts';
import { base64UrlToBytes } from '../../../src/core/encoding/index.ts';
import { delegate, registerRoot } from '../helpers/agents.ts';
import { signed } from '../helpers/keys.ts';
import { startTestRegistry, type TestRegistry } from '../helpers/registry-fixture.ts';
import { downloadTiledLog } from '../helpers/tile-client.ts';

describe('the log served as tiles', () => {
  let reg: TestRegistry;

  beforeAll(async () => {
    // A short checkpoint interval gives several checkpoints to compare.
    reg = await startTestRegistry({ checkpointIntervalMs: 20 });
    for (let round = 0; round < 6; round++) {
      const root = await registerRoot(reg, { scopes: ['dataset:read', 'receipt:create'] });
      const child = await delegate(reg, root, ['dataset:read']);
      const batch = Array.from({ length: 60 }, (_, i) =>
        signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, child.id, { version: `${round}.${i}` }, [child.key.as('agent')]),
      );
      expect((await reg.call('POST', '/v1/statements', { statements: batch })).status).toBe(201);
      await reg.operator('POST', `/v1/agents/${root.id}/trust-signals`, {
        factors: { behavioral_compliance: 10 * round, scope_adherence: 50, anomaly_score: 20, peer_attestations: 40, session_hygiene: 30 },
      });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    reg.server.sequencer.checkpointNow();
  });

  afterAll(async () => {
    expect(reg.errors).toEqual([]);
    await reg.close();
  });

  it('rebuilds, from the tiles alone, exactly the state the server holds', async () => {
    const log = await downloadTiledLog(reg.server.url, reg.server.logVerifierKey);
    expect(log.entries.length).toBe(reg.server.sequencer.size);
    expect(log.entries.length).toBeGreaterThan(256);
    const config = { origin: reg.server.origin, registryKey: reg.server.registryKey };
    const folded = foldEntries(config, log.entries.map((bytes) => parseEntry(bytes)), { backend: nativeEd25519Backend });
    expect(folded).toEqual(reg.server.sequencer.state);
  });

  it('signs every checkpoint with the printed key, and every pair is consistent (proofs from the tiles)', async () => {
    const log = await downloadTiledLog(reg.server.url, reg.server.logVerifierKey);
    const listed = await reg.call('GET', '/v1/checkpoints?limit=1000');
    const checkpoints = listed.json.checkpoints.map((c: { note: string }) => openCheckpoint(c.note, reg.server.logVerifierKey).checkpoint);
    expect(checkpoints.length).toBeGreaterThan(4);
    const failures: string[] = [];
    for (const a of checkpoints) {
      for (const b of checkpoints) {
        if (a.size === 0n || a.size > b.size) continue;
        try {
          verifyConsistency(a.size, b.size, a.rootHash, b.rootHash, log.tree.consistencyProof(a.size, b.size), nativeHasher);
        } catch (error) {
          failures.push(`${a.size}→${b.size}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves consistency and inclusion proofs that verify against the checkpoints', async () => {
    const listed = await reg.call('GET', '/v1/checkpoints?limit=1000');
    const nonEmpty = (listed.json.checkpoints as { size: string; root_hash: string }[]).filter((c) => c.size !== '0');
    const first = nonEmpty[0];
    const last = nonEmpty[nonEmpty.length - 1];
    if (first === undefined || last === undefined) throw new Error('too few checkpoints');
    const proof = await reg.call('GET', `/v1/proofs/consistency?first=${first.size}&second=${last.size}`);
    expect(proof.status).toBe(200);
    expect(() =>
      verifyConsistency(BigInt(first.size), BigInt(last.size), base64ToBytes(first.root_hash), base64ToBytes(last.root_hash), proof.json.proof.map((h: string) => base64UrlToBytes(h))),
    ).not.toThrow();
    const index = Math.floor(Number(last.size) / 2);
    const inclusion = await reg.call('GET', `/v1/proofs/inclusion?index=${index}&size=${last.size}`);
    expect(inclusion.status).toBe(200);
    expect(() =>
      verifyInclusion(BigInt(index), BigInt(last.size), base64UrlToBytes(inclusion.json.leaf_hash), inclusion.json.proof.map((h: string) => base64UrlToBytes(h)), base64ToBytes(last.root_hash)),
    ).not.toThrow();
  });

  it('answers 404 for tiles beyond the checkpoint and marks full tiles immutable', async () => {
    const size = reg.server.sequencer.checkpoint?.size ?? 0;
    const beyond = await reg.call('GET', `/tile/entries/${String(Math.floor(size / 256) + 1).padStart(3, '0')}`);
    expect(beyond.status).toBe(404);
    const full = await fetch(`${reg.server.url}/tile/0/000`);
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toContain('immutable');
    const head = await fetch(`${reg.server.url}/tile/entries/000`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(256);
    const tooWide = await reg.call('GET', `/tile/0/001.p/${(size % 256) + 1}`);
    expect(tooWide.status).toBe(404);
  });
});
