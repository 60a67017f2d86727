import { describe, expect, it } from 'vitest';
import { publicKeyFromSeed } from '../../../src/core/crypto/ed25519.ts';
import { base58btcToBytes, bytesToBase58btc } from '../../../src/core/encoding/base58.ts';
import { base64UrlToBytes } from '../../../src/core/encoding/base64.ts';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/hex.ts';
import { didKeyFromPublicKey, isEd25519DidKey, publicKeyFromDidKey } from '../../../src/core/identity/did-key.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

// did-method-key spec example (index.html) and its key.
const SPEC_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const SPEC_KEY_HEX = '2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6';

function didOfMulticodec(bytes: number[]): string {
  return `did:key:z${bytesToBase58btc(Uint8Array.from(bytes))}`;
}

describe('didKeyFromPublicKey', () => {
  it('encodes 0xed 0x01 || key in base58btc after "did:key:z"', () => {
    expect(didKeyFromPublicKey(hexToBytes(SPEC_KEY_HEX))).toBe(SPEC_DID);
    const key = new Uint8Array(32).fill(7);
    expect(didKeyFromPublicKey(key)).toBe(didOfMulticodec([0xed, 0x01, ...key]));
    expect(didKeyFromPublicKey(key)).toMatch(/^did:key:z6Mk/);
  });

  it.each([0, 31, 33, 64])('throws ED25519_BAD_PUBLIC_KEY for a %i-byte key', (length) => {
    expect(() => didKeyFromPublicKey(new Uint8Array(length))).toThrowWithCode('ED25519_BAD_PUBLIC_KEY');
  });

  it('throws ED25519_BAD_PUBLIC_KEY for something other than bytes', () => {
    expect(() => didKeyFromPublicKey('a'.repeat(32) as unknown as Uint8Array)).toThrowWithCode('ED25519_BAD_PUBLIC_KEY');
  });
});

describe('publicKeyFromDidKey', () => {
  it('returns the 32 key bytes', () => {
    expect(bytesToHex(publicKeyFromDidKey(SPEC_DID))).toBe(SPEC_KEY_HEX);
  });

  it('round-trips keys with leading zero bytes and extreme values', () => {
    for (const key of [new Uint8Array(32), new Uint8Array(32).fill(255), Uint8Array.from({ length: 32 }, (_, i) => (i < 3 ? 0 : i))]) {
      expect(publicKeyFromDidKey(didKeyFromPublicKey(key))).toEqual(key);
    }
  });

  describe('when the DID is not a bare Ed25519 did:key', () => {
    const body = SPEC_DID.slice('did:key:'.length);
    it.each([
      ['an empty string', ''],
      ['the prefix alone', 'did:key:'],
      ['an empty multibase value', 'did:key:z'],
      ['an upper-case scheme', `DID:key:${body}`],
      ['an upper-case method', `did:KEY:${body}`],
      ['another method', `did:web:${body}`],
      ['a version segment', `did:key:1:${body}`],
      ['a fragment', `${SPEC_DID}#${body}`],
      ['a query', `${SPEC_DID}?service=x`],
      ['a path', `${SPEC_DID}/path`],
      ['leading whitespace', ` ${SPEC_DID}`],
      ['trailing whitespace', `${SPEC_DID} `],
      ['a trailing newline', `${SPEC_DID}\n`],
      ['multibase base58flickr (Z)', `did:key:Z${body.slice(1)}`],
      ['multibase base64url (u)', `did:key:u${body.slice(1)}`],
      ['a non-alphabet character', `${SPEC_DID.slice(0, -1)}l`],
      ['a non-ASCII character', `${SPEC_DID.slice(0, -1)}é`],
      ['an over-long value', `did:key:z${'6Mk'.repeat(1000)}`],
      ['ed25519-pub with no key', didOfMulticodec([0xed, 0x01])],
      ['ed25519-pub with 32 bytes but a non-minimal varint', didOfMulticodec([0xed, 0x81, 0x00, ...new Uint8Array(32).fill(1)])],
      ['x25519-pub (0xec)', didOfMulticodec([0xec, 0x01, ...new Uint8Array(32).fill(1)])],
      ['secp256k1-pub (0xe7)', didOfMulticodec([0xe7, 0x01, ...new Uint8Array(33).fill(2)])],
      ['a bare 32-byte key without multicodec', didOfMulticodec([...new Uint8Array(32).fill(9)])],
      ['a 0x00-prefixed multicodec', didOfMulticodec([0x00, 0xed, 0x01, ...new Uint8Array(32).fill(1)])],
    ])('throws DID_KEY_INVALID for %s', (_name, did) => {
      expect(() => publicKeyFromDidKey(did)).toThrowWithCode('DID_KEY_INVALID');
      expect(isEd25519DidKey(did)).toBe(false);
    });

    it('throws DID_KEY_INVALID for a non-string', () => {
      expect(() => publicKeyFromDidKey(undefined as unknown as string)).toThrowWithCode('DID_KEY_INVALID');
      expect(isEd25519DidKey(42)).toBe(false);
    });

    it('refuses every truncation and every one-character extension of a valid DID', () => {
      const accepted: string[] = [];
      for (let end = 0; end < SPEC_DID.length; end++) {
        if (isEd25519DidKey(SPEC_DID.slice(0, end))) accepted.push(SPEC_DID.slice(0, end));
      }
      for (const extra of '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz') {
        if (isEd25519DidKey(SPEC_DID + extra)) accepted.push(SPEC_DID + extra);
        if (isEd25519DidKey(`did:key:z${extra}${body.slice(1)}`)) accepted.push(`did:key:z${extra}${body.slice(1)}`);
      }
      expect(accepted).toEqual([]);
    });
  });
});

interface DidKeyCase {
  source: string;
  seedHex?: string;
  publicKeyHex: string;
  did: string;
}
interface NegativeCase {
  desc: string;
  did: string;
}

describeVectors('did:key vectors (did-key-ed25519.json)', () => {
  const vectors = readVectorJson<{ cases: DidKeyCase[]; negativeCases: NegativeCase[] }>('did-key', 'did-key-ed25519.json');

  it('has 7 positive and 6 negative cases', () => {
    expect(vectors.cases).toHaveLength(7);
    expect(vectors.negativeCases).toHaveLength(6);
  });

  it.each(vectors.cases.map((entry) => [entry.did, entry] as const))('accepts %s', (_did, entry) => {
    if (entry.seedHex !== undefined) {
      const publicKey = publicKeyFromSeed(hexToBytes(entry.seedHex, 32));
      expect(bytesToHex(publicKey)).toBe(entry.publicKeyHex);
      expect(didKeyFromPublicKey(publicKey)).toBe(entry.did);
    }
    expect(didKeyFromPublicKey(hexToBytes(entry.publicKeyHex))).toBe(entry.did);
    expect(bytesToHex(publicKeyFromDidKey(entry.did))).toBe(entry.publicKeyHex);
  });

  it.each(vectors.negativeCases.map((entry) => [entry.desc, entry] as const))('rejects: %s', (_desc, entry) => {
    expect(() => publicKeyFromDidKey(entry.did)).toThrowWithCode('DID_KEY_INVALID');
  });
});

interface W3cKeyPair {
  id: string;
  type: string;
  publicKeyBase58?: string;
  publicKeyJwk?: { crv: string; x: string };
}
interface W3cEntry {
  seed: string;
  verificationKeyPair: W3cKeyPair;
  keyAgreementKeyPair: W3cKeyPair;
  didDocument: { id: string };
}

/** The raw public key of a key pair entry, whichever way the upstream file writes it. */
function rawPublicKey(pair: W3cKeyPair): Uint8Array {
  if (pair.publicKeyBase58 !== undefined) return base58btcToBytes(pair.publicKeyBase58, { expectedLength: 32 });
  return base64UrlToBytes(pair.publicKeyJwk?.x as string, 32);
}

/** The did:key-style multibase value a key pair id ends with ('#z6Mk…' or 'did:key:…#z6LS…'). */
function fragmentOf(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

describeVectors('did:key vectors (w3c-ccg-ed25519-x25519.json)', () => {
  const upstream = readVectorJson<Record<string, W3cEntry>>('did-key', 'w3c-ccg-ed25519-x25519.json');
  const entries = Object.entries(upstream);

  it('has the 5 upstream DIDs', () => {
    expect(entries).toHaveLength(5);
  });

  it.each(entries)('round-trips the Ed25519 DID %s', (did, entry) => {
    const publicKey = publicKeyFromSeed(hexToBytes(entry.seed, 32));
    expect(didKeyFromPublicKey(publicKey)).toBe(did);
    expect(entry.didDocument.id).toBe(did);
    expect(publicKeyFromDidKey(did)).toEqual(publicKey);
    expect(publicKeyFromDidKey(did)).toEqual(rawPublicKey(entry.verificationKeyPair));
    expect(`did:key:${fragmentOf(entry.verificationKeyPair.id)}`).toBe(did);
  });

  it.each(entries)('rejects the X25519 key-agreement key of %s (multicodec 0xec)', (_did, entry) => {
    const x25519Did = `did:key:${fragmentOf(entry.keyAgreementKeyPair.id)}`;
    expect(x25519Did).toMatch(/^did:key:z6LS/);
    // It is a well-formed x25519-pub did:key: 0xec 0x01 || the 32-byte X25519 key.
    const decoded = base58btcToBytes(x25519Did.slice('did:key:z'.length));
    expect([...decoded.slice(0, 2)]).toEqual([0xec, 0x01]);
    expect(decoded.slice(2)).toEqual(rawPublicKey(entry.keyAgreementKeyPair));
    expect(() => publicKeyFromDidKey(x25519Did)).toThrowWithCode('DID_KEY_INVALID');
  });
});
