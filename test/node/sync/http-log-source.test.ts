import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../src/core/note/vkey.ts';
import { HttpLogSource } from '../../../src/node/sync/http-log-source.ts';
import { logKeyFingerprint } from '../../../src/node/sync/key-fingerprint.ts';
import { ServedLog, seedFrom } from './helpers/served-log.ts';
import { TileServer } from './helpers/tile-server.ts';

describe('HttpLogSource', () => {
  it.each([['not a url'], ['ftp://example.com/log'], ['https://user:pw@example.com/log'], ['https://example.com/log?x=1']])(
    'refuses %s with SYNC_NETWORK',
    (url) => {
      expect(() => new HttpLogSource(url)).toThrowWithCode('SYNC_NETWORK');
    },
  );

  it('reads the checkpoint, tiles and bundles under a URL prefix', async () => {
    const log = new ServedLog('registry.example/prefix', seedFrom('prefix'), [new Uint8Array([1]), new Uint8Array([2, 3])]);
    const server = await TileServer.start();
    server.route('logs/one', { log });
    try {
      const source = new HttpLogSource(`${server.url('logs/one')}/`);
      expect(source.location).toBe(server.url('logs/one'));
      expect(await source.fetchCheckpoint()).toBe(log.checkpoint());
      expect(await source.fetchTile(0, 0n, 2)).toEqual(log.tile(0, 0, 2));
      expect(await source.fetchEntryBundle(0n, 2)).toEqual(log.bundle(0, 2));
      expect(server.requests).toEqual(['/logs/one/checkpoint', '/logs/one/tile/0/000.p/2', '/logs/one/tile/entries/000.p/2']);
    } finally {
      await server.close();
    }
  });

  it('refuses a checkpoint that is not UTF-8 with SYNC_BAD_RESPONSE', async () => {
    const log = new ServedLog('registry.example/utf8', seedFrom('utf8'));
    const server = await TileServer.start({ log });
    server.fault = () => ({ kind: 'garbage' });
    try {
      await expect(new HttpLogSource(server.url()).fetchCheckpoint()).toRejectWithCode('SYNC_BAD_RESPONSE');
    } finally {
      await server.close();
    }
  });
});

describe('logKeyFingerprint', () => {
  it('is SHA256: and the unpadded base64 of SHA-256(type || public key), whatever the key name', () => {
    const a = new ServedLog('registry.example/a', seedFrom('same key')).verifierKey;
    const b = new ServedLog('registry.example/b', seedFrom('same key')).verifierKey;
    const key = parseVerifierKey(a);
    const expected = createHash('sha256').update(Uint8Array.of(1)).update(key.publicKey).digest('base64').replace(/=+$/, '');
    expect(logKeyFingerprint(a)).toBe(`SHA256:${expected}`);
    expect(logKeyFingerprint(b)).toBe(logKeyFingerprint(a));
  });
});
