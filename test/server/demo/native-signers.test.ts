import { describe, expect, it } from 'vitest';
import { publicKeyFromSeed, signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { didKeyFromPublicKey } from '../../../src/core/identity/did-key.ts';
import { SeededRandom } from '../../../src/core/log/prng.ts';
import { nativePublicKeyFromSeed, nativeSeedSigner, nativeSignEd25519 } from '../../../src/server/demo/native-signers.ts';

describe('nativeSignEd25519', () => {
  it('gives the same signatures and public keys as the portable signer', () => {
    const random = new SeededRandom('native-parity');
    const mismatches: number[] = [];
    for (let i = 0; i < 40; i++) {
      const seed = random.bytes(32);
      const message = random.bytes(random.int(0, 300));
      if (!equal(nativeSignEd25519(seed, message), signEd25519(seed, message))) mismatches.push(i);
      if (!equal(nativePublicKeyFromSeed(seed), publicKeyFromSeed(seed))) mismatches.push(-i - 1);
    }
    expect(mismatches).toEqual([]);
  });

  it('throws ED25519_BAD_PRIVATE_KEY for a seed that is not 32 bytes', () => {
    expect(() => nativeSignEd25519(new Uint8Array(31), new Uint8Array(1))).toThrowWithCode('ED25519_BAD_PRIVATE_KEY');
    expect(() => nativePublicKeyFromSeed(new Uint8Array(33))).toThrowWithCode('ED25519_BAD_PRIVATE_KEY');
  });

  it('throws INVALID_ARGUMENT for a message that is not bytes', () => {
    expect(() => nativeSignEd25519(new Uint8Array(32), 'text' as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('nativeSeedSigner', () => {
  it('signs in its role under the did:key of its seed', () => {
    const seed = new Uint8Array(32).fill(7);
    const signer = nativeSeedSigner('registry', seed);
    expect(signer.role).toBe('registry');
    expect(signer.key).toBe(didKeyFromPublicKey(publicKeyFromSeed(seed)));
    expect(signer.sign(Uint8Array.of(1, 2, 3))).toEqual(signEd25519(seed, Uint8Array.of(1, 2, 3)));
  });
});

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
