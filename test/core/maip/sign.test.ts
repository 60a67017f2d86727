import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url } from '../../../src/core/encoding/base64.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { publicKeyFromSeed, verifyEd25519 } from '../../../src/core/crypto/ed25519.ts';
import type { MaipDelegation, MaipReceipt } from '../../../src/core/maip/bundle.ts';
import { delegationSigningInput, receiptSigningInput } from '../../../src/core/maip/canonical.ts';
import { signMaipDelegation, signMaipReceipt } from '../../../src/core/maip/sign.ts';

const SEED = new Uint8Array(32).fill(5);
const PUBLIC_KEY = publicKeyFromSeed(SEED);

const RECEIPT: MaipReceipt = {
  receipt_id: 'rcpt_1',
  receipt_type: 'maip_genesis',
  schema_version: '1.0.0',
  issuer_id: 'maip-agent:I',
  subject_id: 's',
  subject_type: 'agent',
  created_at: '2026-01-01T00:00:00Z',
  expires_at: null,
  nonce: bytesToBase64Url(new Uint8Array(32)),
  context: { tenant_id: '', delegation_chain_hash: '', delegation_depth: 0, scopes_used: [] },
  payload: { a: '<&>' },
  previous_receipt_id: null,
  signature: { alg: '', kid: '', value: '' },
};

const DELEGATION: MaipDelegation = {
  delegation_id: 'del_1',
  parent_agent_id: 'maip-agent:P',
  child_agent_id: 'maip-agent:C',
  child_public_key: bytesToBase64Url(PUBLIC_KEY),
  depth: 1,
  scopes: ['a:b'],
  constraints: null,
  not_before: '2026-01-01T00:00:00Z',
  expires_at: '2027-01-01T00:00:00Z',
  issued_at: '2026-01-01T00:00:00Z',
  signature: '',
  signature_algorithm: '',
  status: 'active',
  cross_tenant: false,
  source_tenant: '',
  target_tenant: '',
};

describe('signMaipReceipt', () => {
  it('sets alg, kid (the public key itself, as the reference does) and a signature over the Go input', () => {
    const signed = signMaipReceipt(RECEIPT, SEED);
    expect(signed.signature.alg).toBe('Ed25519');
    expect(signed.signature.kid).toBe(bytesToBase64Url(PUBLIC_KEY));
    const signature = base64UrlToBytes(signed.signature.value, 64);
    expect(verifyEd25519(PUBLIC_KEY, utf8ToBytes(receiptSigningInput(RECEIPT)), signature)).toBe(true);
  });

  it('throws ED25519_BAD_PRIVATE_KEY for a seed that is not 32 bytes', () => {
    expect(() => signMaipReceipt(RECEIPT, new Uint8Array(31))).toThrowWithCode('ED25519_BAD_PRIVATE_KEY');
  });
});

describe('signMaipDelegation', () => {
  it('sets signature_algorithm and a signature over the Go input, leaving status alone', () => {
    const signed = signMaipDelegation(DELEGATION, SEED);
    expect(signed.signature_algorithm).toBe('Ed25519');
    expect(signed.status).toBe('active');
    const signature = base64UrlToBytes(signed.signature, 64);
    expect(verifyEd25519(PUBLIC_KEY, utf8ToBytes(delegationSigningInput(DELEGATION)), signature)).toBe(true);
  });

  it('throws MAIP_MALFORMED for an invalid timestamp', () => {
    expect(() => signMaipDelegation({ ...DELEGATION, not_before: 'now' }, SEED)).toThrowWithCode('MAIP_MALFORMED');
  });
});
