import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { createDemoAdminSigner, deriveDemoAdminSeed } from '../../../src/server/demo/index.ts';
import { cachedDemo } from './demo-fixture.ts';

describe('deriveDemoAdminSeed', () => {
  it('recreates the seeds of the admins buildDemoLog enrolled', () => {
    const { log } = cachedDemo('derive', 0.01);
    const derived = [0, 1, 2].flatMap((t) => [0, 1].map((a) => bytesToHex(deriveDemoAdminSeed('derive', t, a))));
    expect(log.adminKeys.map((k) => k.signerSeedHex)).toEqual(derived);
  });

  it('gives distinct seeds per seed, tenant and admin', () => {
    const seeds = new Set([
      bytesToHex(deriveDemoAdminSeed('a', 0, 0)),
      bytesToHex(deriveDemoAdminSeed('a', 0, 1)),
      bytesToHex(deriveDemoAdminSeed('a', 1, 0)),
      bytesToHex(deriveDemoAdminSeed('b', 0, 0)),
    ]);
    expect(seeds.size).toBe(4);
  });

  it('throws INVALID_ARGUMENT for a negative or fractional index', () => {
    expect(() => deriveDemoAdminSeed('a', -1, 0)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => deriveDemoAdminSeed('a', 0, 0.5)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('createDemoAdminSigner', () => {
  it('makes an admin signer for a demo admin key', () => {
    const { log } = cachedDemo('derive', 0.01);
    const key = log.adminKeys[3];
    if (key === undefined) throw new Error('no admin key');
    const signer = createDemoAdminSigner(key);
    expect(signer.role).toBe('admin');
    expect(signer.key).toBe(key.adminDid);
    expect(signer.sign(new Uint8Array(4))).toHaveLength(64);
  });

  it('throws INVALID_ARGUMENT when the seed does not match the did:key', () => {
    const { log } = cachedDemo('derive', 0.01);
    const [a, b] = log.adminKeys;
    if (a === undefined || b === undefined) throw new Error('no admin keys');
    expect(() => createDemoAdminSigner({ adminDid: a.adminDid, signerSeedHex: b.signerSeedHex })).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('throws ENCODING_INVALID_HEX for a seed that is not hex', () => {
    expect(() => createDemoAdminSigner({ adminDid: 'did:key:z6Mk', signerSeedHex: 'zz' })).toThrowWithCode('ENCODING_INVALID_HEX');
  });
});
