import { describe, expect, it } from 'vitest';
import { bytesToBase64Url, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { publicKeyFromSeed } from '../../../src/core/crypto/ed25519.ts';
import { seedSigner } from '../../../src/core/log/signature.ts';
import { createSetSigner, verifySecurityEventToken } from '../../../src/server/events/security-event-token.ts';

const SEED = new Uint8Array(32).fill(0x01);
const signer = createSetSigner(seedSigner('registry', SEED));
const publicKey = publicKeyFromSeed(SEED);
const claims = { iss: 'registry.example/warden', jti: '3-0', iat: 1772449201, txn: '3', events: { 'https://example/e': { a: 1 } } };

/** A token with the registry's real signature over arbitrary header and payload bytes. */
function forge(header: string, payload: string): string {
  const input = `${bytesToBase64Url(utf8ToBytes(header))}.${bytesToBase64Url(utf8ToBytes(payload))}`;
  return `${input}.${bytesToBase64Url(seedSigner('registry', SEED).sign(utf8ToBytes(input)))}`;
}

describe('verifySecurityEventToken', () => {
  it('returns the header and claims of a token the registry signed', () => {
    const token = signer.sign(claims);
    const { header, claims: read } = verifySecurityEventToken(token, publicKey);
    expect(header).toEqual({ alg: 'EdDSA', kid: signer.kid, typ: 'secevent+jwt' });
    expect(read).toEqual(claims);
  });

  it('signs the same claims to the same token, whatever their member order', () => {
    const reordered = { txn: '3', events: claims.events, jti: '3-0', iat: claims.iat, iss: claims.iss };
    expect(signer.sign(reordered)).toBe(signer.sign(claims));
  });

  it('throws SECURITY_EVENT_BAD_SIGNATURE for a changed payload or another key', () => {
    const [header, , signature] = signer.sign(claims).split('.') as [string, string, string];
    const payload = bytesToBase64Url(utf8ToBytes(JSON.stringify({ ...claims, txn: '4' })));
    expect(() => verifySecurityEventToken(`${header}.${payload}.${signature}`, publicKey)).toThrowWithCode('SECURITY_EVENT_BAD_SIGNATURE');
    expect(() => verifySecurityEventToken(signer.sign(claims), publicKeyFromSeed(new Uint8Array(32).fill(2)))).toThrowWithCode('SECURITY_EVENT_BAD_SIGNATURE');
  });

  it('throws SECURITY_EVENT_MALFORMED for a header other than {alg: EdDSA, kid, typ: secevent+jwt}, even when signed', () => {
    const payload = JSON.stringify(claims);
    for (const header of [
      '{"alg":"none","kid":"k","typ":"secevent+jwt"}',
      '{"alg":"EdDSA","kid":"k","typ":"JWT"}',
      '{"alg":"EdDSA","kid":"k","typ":"secevent+jwt","crit":["b64"]}',
      '{"alg":"EdDSA","typ":"secevent+jwt"}',
      '{"alg":"EdDSA","kid":"k","kid":"k","typ":"secevent+jwt"}',
      '[]',
    ]) {
      expect(() => verifySecurityEventToken(forge(header, payload), publicKey), header).toThrowWithCode('SECURITY_EVENT_MALFORMED');
    }
  });

  it('throws SECURITY_EVENT_MALFORMED for a payload that is not a JSON object', () => {
    const header = '{"alg":"EdDSA","kid":"k","typ":"secevent+jwt"}';
    for (const payload of ['[1]', '"text"', '{"a":1,"a":2}', '{"a":']) {
      expect(() => verifySecurityEventToken(forge(header, payload), publicKey), payload).toThrowWithCode('SECURITY_EVENT_MALFORMED');
    }
  });

  it('throws SECURITY_EVENT_MALFORMED, never another error, for hostile text', () => {
    const token = signer.sign(claims);
    const cases = ['', '.', '..', 'a.b', 'a.b.c.d', `${token}.`, token.replace(/.$/, '*'), `${token.slice(0, -1)}`, '€.€.€', 'x'.repeat(70_000)];
    const failures = cases.filter((text) => {
      try {
        verifySecurityEventToken(text, publicKey);
        return true;
      } catch (error) {
        return (error as { code?: string }).code !== 'SECURITY_EVENT_MALFORMED' && (error as { code?: string }).code !== 'SECURITY_EVENT_BAD_SIGNATURE';
      }
    });
    expect(failures).toEqual([]);
  });
});
