import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url } from '../../../src/core/encoding/base64.ts';
import { parseMaipBundle } from '../../../src/core/maip/bundle.ts';
import { delegationSigningInput, receiptSigningInput } from '../../../src/core/maip/canonical.ts';
import { MAIP_REASON_VERDICTS, MAIP_VERDICTS, type MaipReasonCode, type MaipVerdict } from '../../../src/core/maip/verdict.ts';
import { MAIP_MAX_REASONS, verifyMaipBundle, type MaipVerifyOptions } from '../../../src/core/maip/verify.ts';
import { describeVectors, vectorPath } from '../../helpers/vectors.ts';

/**
 * Mutations of the valid reference fixtures, each with its exact verdict and first reason code.
 * Where our verdict differs from the Go maip-verifier's, the case name says what Go returns.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mutation = (text: string) => string;

const NOW = new Date('2026-11-26T12:00:00Z'); // the generation day, see verify.test.ts
const CHAIN = 'valid_delegation_chain';
const ROOT_KEY = 'EhsK5UWrfBaQ2hnFoASMxt082ZndDOxiwBb7Qpbe0XM';
const MIDDLE_KEY = 'MfCwkObS1OlzQyAo7-yp5jK6gAzmUOmSBxvvIHnFNT0';

function fixtureText(name: string): string {
  return readFileSync(vectorPath('maip-reference', `${name}.json`), 'utf8');
}

/** A structural edit of the bundle object. */
function edit(change: (bundle: Json) => void): Mutation {
  return (text) => {
    const bundle = JSON.parse(text) as Json;
    change(bundle);
    return JSON.stringify(bundle, null, 2);
  };
}

/** A textual edit; fails loudly if the pattern is not there, so a case cannot silently test nothing. */
function replace(from: string | RegExp, to: string): Mutation {
  return (text) => {
    const out = text.replace(from, to);
    if (out === text) throw new Error(`mutation did not apply: ${String(from)}`);
    return out;
  };
}

/** Replaces the character at `index` with another one of the base64url alphabet. */
function flip(value: string, index: number): string {
  const i = index < 0 ? value.length + index : index;
  const c = value[i] === 'A' ? 'B' : 'A';
  return value.slice(0, i) + c + value.slice(i + 1);
}

/** Verifies and checks that nothing escapes: a thrown exception fails the case. */
function verify(text: string | Uint8Array, options?: MaipVerifyOptions, now: Date | bigint = NOW) {
  let result: ReturnType<typeof verifyMaipBundle> | undefined;
  expect(() => {
    result = verifyMaipBundle(text, now, options);
  }).not.toThrow();
  if (result === undefined) throw new Error('no result');
  expect(MAIP_VERDICTS).toContain(result.verdict);
  return result;
}

function firstCode(reasons: readonly string[]): string | undefined {
  return reasons[0]?.split(':')[0];
}

type Case = [name: string, fixture: string, mutation: Mutation, verdict: MaipVerdict, code: string];

const CASES: Case[] = [
  // Signatures: one character of each.
  ['receipt signature, first char', CHAIN, edit((b) => (b.receipt.signature.value = flip(b.receipt.signature.value, 0))), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['receipt signature, middle char', CHAIN, edit((b) => (b.receipt.signature.value = flip(b.receipt.signature.value, 40))), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['receipt signature, last char (non-zero trailing bits)', CHAIN, edit((b) => (b.receipt.signature.value = flip(b.receipt.signature.value, -1))), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['root delegation signature (Go: key_mismatch, 6)', CHAIN, edit((b) => (b.delegation_chain[0].signature = flip(b.delegation_chain[0].signature, 10))), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['leaf delegation signature (Go: key_mismatch, 6)', CHAIN, edit((b) => (b.delegation_chain[1].signature = flip(b.delegation_chain[1].signature, 10))), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['cross-tenant delegation signature', 'valid_cross_tenant', edit((b) => (b.delegation_chain[0].signature = flip(b.delegation_chain[0].signature, 20))), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['chainless receipt signature', 'valid_registered_agent', edit((b) => (b.receipt.signature.value = flip(b.receipt.signature.value, 5))), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['signature truncated to 63 bytes', CHAIN, edit((b) => (b.receipt.signature.value = b.receipt.signature.value.slice(0, 84))), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['signature.kid (Go: 0, unsigned and unchecked)', CHAIN, edit((b) => (b.receipt.signature.kid = flip(b.receipt.signature.kid, 3))), 'KEY_MISMATCH', 'KID_MISMATCH'],

  // Signed content.
  ['payload value', CHAIN, replace('"instance_count": 3', '"instance_count": 4'), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['payload member added', CHAIN, edit((b) => (b.receipt.payload.extra = true)), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['payload string with an HTML character', CHAIN, replace('"model_version": "3.2.1"', '"model_version": "3.2.1<"'), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['subject_id', CHAIN, edit((b) => (b.receipt.subject_id = 'llm-summarizer-v4')), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['nonce replaced by another 32-byte nonce', CHAIN, edit((b) => (b.receipt.nonce = flip(b.receipt.nonce, 0))), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['created_at moved by one nanosecond', CHAIN, replace('14.075300041Z', '14.075300042Z'), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['receipt expires_at moved into the past (signature is checked first)', CHAIN, replace('"expires_at": "2031-11-25T03:24:14.07344841Z"', '"expires_at": "2026-11-26T04:00:00Z"'), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['receipt context.tenant_id', CHAIN, edit((b) => (b.receipt.context.tenant_id = 'f9e8d7c6')), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['previous_receipt_id added', CHAIN, edit((b) => (b.receipt.previous_receipt_id = 'rcpt_01M8AY3QVV0G4VWWD0S8JGK94Q')), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],

  // Scopes.
  ['first delegation scopes widened', CHAIN, edit((b) => b.delegation_chain[0].scopes.push('admin:kill_switch')), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['leaf delegation scopes widened (signature precedes the scope check)', CHAIN, edit((b) => b.delegation_chain[1].scopes.push('admin:kill_switch')), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['first delegation scopes narrowed', CHAIN, edit((b) => b.delegation_chain[0].scopes.pop()), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['scopes_used not granted by the leaf (checked before the receipt signature)', CHAIN, edit((b) => (b.receipt.context.scopes_used = ['model:train'])), 'SCOPE_VIOLATION', 'RECEIPT_SCOPE'],
  ['scopes_used malformed', CHAIN, edit((b) => (b.receipt.context.scopes_used = ['inference'])), 'SCOPE_VIOLATION', 'RECEIPT_SCOPE'],
  ['scopes_used granted but edited', CHAIN, edit((b) => (b.receipt.context.scopes_used = ['receipt:create'])), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['scopes_used emptied', CHAIN, edit((b) => (b.receipt.context.scopes_used = [])), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['chainless scopes_used malformed (Go: 0, unchecked without a chain)', 'valid_registered_agent', edit((b) => (b.receipt.context.scopes_used = ['data.read'])), 'SCOPE_VIOLATION', 'SCOPE_SYNTAX'],

  // Chain structure.
  ['delegations swapped', CHAIN, edit((b) => b.delegation_chain.reverse()), 'CHAIN_BROKEN', 'DEPTH_MISMATCH'],
  ['root delegation removed', CHAIN, edit((b) => b.delegation_chain.shift()), 'CHAIN_BROKEN', 'DEPTH_MISMATCH'],
  ['leaf delegation removed', CHAIN, edit((b) => b.delegation_chain.pop()), 'CHAIN_BROKEN', 'ISSUER_NOT_LEAF'],
  ['whole chain removed (Go: 0, a chainless issuer)', CHAIN, edit((b) => (b.delegation_chain = [])), 'CHAIN_BROKEN', 'CONTEXT_DEPTH'],
  ['chain set to null (Go: 0)', CHAIN, edit((b) => (b.delegation_chain = null)), 'CHAIN_BROKEN', 'CONTEXT_DEPTH'],
  ['delegation duplicated', CHAIN, edit((b) => b.delegation_chain.push(b.delegation_chain[1])), 'CHAIN_BROKEN', 'DEPTH_MISMATCH'],
  ['depth edited', CHAIN, edit((b) => (b.delegation_chain[0].depth = 2)), 'CHAIN_BROKEN', 'DEPTH_MISMATCH'],
  ['leaf parent_agent_id edited', CHAIN, edit((b) => (b.delegation_chain[1].parent_agent_id = b.delegation_chain[0].parent_agent_id)), 'CHAIN_BROKEN', 'CHAIN_GAP'],
  ['receipt issuer_id changed to the root', CHAIN, edit((b) => (b.receipt.issuer_id = b.delegation_chain[0].parent_agent_id)), 'CHAIN_BROKEN', 'ISSUER_NOT_LEAF'],
  ['receipt issuer_id changed to an unlisted agent', 'valid_registered_agent', edit((b) => (b.receipt.issuer_id = 'maip:a1b2c3d4:01M8AY3QVS3XJTHGM7AZMPJ4NX')), 'KEY_MISMATCH', 'KEY_MISSING'],

  // Keys.
  ['leaf child_public_key changed (signed)', CHAIN, edit((b) => (b.delegation_chain[1].child_public_key = ROOT_KEY)), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['root child_public_key changed (signed)', CHAIN, edit((b) => (b.delegation_chain[0].child_public_key = ROOT_KEY)), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['issuer key swapped for another valid key (Go: signature_invalid, 5)', CHAIN, edit((b) => (b.public_keys[2].public_key = ROOT_KEY)), 'KEY_MISMATCH', 'KEY_BINDING'],
  ['middle agent key swapped (Go: key_mismatch via the signature)', CHAIN, edit((b) => (b.public_keys[1].public_key = ROOT_KEY)), 'KEY_MISMATCH', 'KEY_BINDING'],
  ['issuer key removed', CHAIN, edit((b) => b.public_keys.pop()), 'KEY_MISMATCH', 'KEY_MISSING'],
  ['root key removed', CHAIN, edit((b) => b.public_keys.shift()), 'KEY_MISMATCH', 'KEY_MISSING'],
  ['public key padded with "=" (Go: key_mismatch)', CHAIN, edit((b) => (b.public_keys[0].public_key += '=')), 'KEY_MISMATCH', 'KEY_ENCODING'],
  ['public key in the standard alphabet', CHAIN, replace(`"public_key": "${MIDDLE_KEY}"`, `"public_key": "${MIDDLE_KEY.replace('-', '+')}"`), 'KEY_MISMATCH', 'KEY_ENCODING'],
  ['public key of 31 bytes (Go: panics, exit 2)', CHAIN, edit((b) => (b.public_keys[2].public_key = bytesToBase64Url(base64UrlToBytes(b.public_keys[2].public_key).slice(0, 31)))), 'KEY_MISMATCH', 'KEY_ENCODING'],
  ['public key of 33 bytes', CHAIN, edit((b) => (b.public_keys[0].public_key = bytesToBase64Url(new Uint8Array(33)))), 'KEY_MISMATCH', 'KEY_ENCODING'],
  ['public key algorithm edited (Go: 0, never read)', CHAIN, edit((b) => (b.public_keys[0].algorithm = 'X25519')), 'KEY_MISMATCH', 'KEY_ALGORITHM'],
  ['receipt signature padded', CHAIN, edit((b) => (b.receipt.signature.value += '==')), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['delegation signature padded', CHAIN, edit((b) => (b.delegation_chain[0].signature += '==')), 'INVALID_SIGNATURE', 'DELEGATION_SIGNATURE'],
  ['kid padded', CHAIN, edit((b) => (b.receipt.signature.kid += '=')), 'KEY_MISMATCH', 'KID_MISMATCH'],
  ['nonce padded', CHAIN, edit((b) => (b.receipt.nonce += '=')), 'MALFORMED', 'PARSE'],
  ['an agent listed twice with the same key (Go: last wins)', CHAIN, edit((b) => b.public_keys.push(b.public_keys[0])), 'MALFORMED', 'KEY_DUPLICATE'],
  ['an agent listed twice with another key', CHAIN, edit((b) => b.public_keys.push({ ...b.public_keys[0], public_key: MIDDLE_KEY })), 'MALFORMED', 'KEY_DUPLICATE'],

  // Unsigned members.
  ['signature_algorithm edited (Go: 0)', CHAIN, edit((b) => (b.delegation_chain[0].signature_algorithm = 'RS256')), 'INVALID_SIGNATURE', 'SIG_ALGORITHM'],
  ['signature.alg edited (Go: 0)', CHAIN, edit((b) => (b.receipt.signature.alg = 'none')), 'INVALID_SIGNATURE', 'SIG_ALGORITHM'],
  ['leaf status set to revoked', CHAIN, edit((b) => (b.delegation_chain[1].status = 'revoked')), 'REVOKED', 'REVOKED'],
  ['root status set to revoked', CHAIN, edit((b) => (b.delegation_chain[0].status = 'revoked')), 'REVOKED', 'REVOKED'],
  ['status set to expired (Go: 0, ignores it)', CHAIN, edit((b) => (b.delegation_chain[1].status = 'expired')), 'EXPIRED', 'STATUS_EXPIRED'],
  ['status set to an unknown value', CHAIN, edit((b) => (b.delegation_chain[1].status = 'Active')), 'MALFORMED', 'PARSE'],

  // Times.
  ['root delegation expires_at moved before now (checked before its signature)', CHAIN, edit((b) => (b.delegation_chain[0].expires_at = '2026-11-26T06:00:00Z')), 'EXPIRED', 'DELEGATION_EXPIRED'],
  ['leaf not_before moved after now', CHAIN, edit((b) => (b.delegation_chain[1].not_before = '2026-11-27T00:00:00Z')), 'EXPIRED', 'NOT_YET_VALID'],
  ['timestamp written with a trailing zero (same signed text)', CHAIN, replace('14.07344841Z', '14.073448410Z'), 'VALID', ''],
  ['timestamp written with +00:00 (Go signs it as Z)', CHAIN, replace('14.07344841Z', '14.07344841+00:00'), 'VALID', ''],
  ['timestamp moved to another zone, same instant (Go signs the offset)', CHAIN, replace('2031-11-25T03:24:14.07344841Z', '2031-11-25T04:24:14.07344841+01:00'), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['timestamp with a comma fraction (Go parses it)', CHAIN, replace('14.07344841Z', '14,07344841Z'), 'MALFORMED', 'PARSE'],

  // Unknown, duplicate and wrong-case members.
  ['unknown top-level member (Go: ignored)', CHAIN, edit((b) => (b.trust_registry_snapshot = {})), 'MALFORMED', 'PARSE'],
  ['unknown receipt member (Go: 0, unsigned)', CHAIN, edit((b) => (b.receipt.audience = 'verifier')), 'MALFORMED', 'PARSE'],
  ['unknown delegation member', CHAIN, edit((b) => (b.delegation_chain[0].transparency_log_proof = null)), 'MALFORMED', 'PARSE'],
  ['unknown context member', CHAIN, edit((b) => (b.receipt.context.purpose = 'x')), 'MALFORMED', 'PARSE'],
  ['unknown member inside the payload (signed)', CHAIN, edit((b) => (b.receipt.payload.audience = 'verifier')), 'INVALID_SIGNATURE', 'RECEIPT_SIGNATURE'],
  ['duplicate member name (Go: last wins)', CHAIN, replace('"status": "active"', '"status": "revoked", "status": "active"'), 'MALFORMED', 'PARSE'],
  ['duplicate member name inside the payload', CHAIN, replace('"instance_count": 3', '"instance_count": 4, "instance_count": 3'), 'MALFORMED', 'PARSE'],
  ['wrong-case member name (Go: matched)', CHAIN, replace('"receipt":', '"Receipt":'), 'MALFORMED', 'PARSE'],
  ['wrong-case nested member name', CHAIN, replace('"scopes_used":', '"Scopes_Used":'), 'MALFORMED', 'PARSE'],

  // Broken JSON and limits.
  ['JSON truncated in the middle', CHAIN, (t) => t.slice(0, Math.floor(t.length / 2)), 'MALFORMED', 'PARSE'],
  ['JSON truncated by one byte', CHAIN, (t) => t.trimEnd().slice(0, -1), 'MALFORMED', 'PARSE'],
  ['receipt removed (Go: nil-pointer panic, exit 2)', CHAIN, edit((b) => delete b.receipt), 'MALFORMED', 'PARSE'],
  ['depth written 1.0 (Go: parse error, exit 10)', CHAIN, replace('"depth": 1,', '"depth": 1.0,'), 'MALFORMED', 'PARSE'],
  ['lone surrogate escape (Go: signs U+FFFD)', CHAIN, replace('"subject_type": "model"', '"subject_type": "\\udc00"'), 'MALFORMED', 'PARSE'],
  ['payload nested 100 deep', CHAIN, edit((b) => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    b.receipt.payload.deep = deep;
  }), 'MALFORMED', 'PARSE'],
  ['bundle above 256 KiB', CHAIN, edit((b) => (b.metadata.notes = 'n'.repeat(300_000))), 'MALFORMED', 'PARSE'],
];

describeVectors('verifyMaipBundle on mutated reference bundles', () => {
  it.each(CASES)('%s → %s', (_name, fixture, mutation, verdict, code) => {
    const result = verify(mutation(fixtureText(fixture)));
    expect(result.verdict).toBe(verdict);
    expect(firstCode(result.reasons) ?? '').toBe(code);
    if (code !== '') expect(MAIP_REASON_VERDICTS[code as MaipReasonCode]).toBe(verdict);
  });

  it('caps the reason list of a bundle that fails once per entry', () => {
    const text = edit((b) => {
      b.delegation_chain = Array.from({ length: 200 }, (_, i) => ({ ...b.delegation_chain[0], parent_agent_id: `maip-agent:unknown-${i}` }));
    })(fixtureText(CHAIN));
    const result = verify(text);
    expect(result.verdict).toBe('KEY_MISMATCH');
    expect(result.reasons).toHaveLength(MAIP_MAX_REASONS + 1);
    expect(result.reasons.at(-1)).toMatch(/^TRUNCATED: \d+ more$/);
  });

  it('accepts edits that do not change what Go signs: whitespace, payload member order, 3 vs 3.0, metadata', () => {
    const text = fixtureText(CHAIN);
    const reordered = edit((b) => {
      const { action, ...rest } = b.receipt.payload;
      b.receipt.payload = { ...rest, action };
      b.metadata.purpose = 'edited: unsigned';
    })(text);
    for (const variant of [JSON.stringify(JSON.parse(text)), reordered, text.replace('"instance_count": 3', '"instance_count": 3.0')]) {
      expect(verify(variant)).toEqual({ verdict: 'VALID', reasons: [] });
    }
  });

  describe('when the status flag is edited back to active', () => {
    const unrevoked = replace('"status": "revoked"', '"status": "active"')(fixtureText('revoked_agent'));

    it('cannot tell from the bundle alone (the flag is unsigned, like in Go)', () => {
      expect(verify(unrevoked).verdict).toBe('VALID');
    });

    it('reports REVOKED given a trusted revocation list', () => {
      const result = verify(unrevoked, { revokedDelegationIds: new Set(['del_01M8AY3QVX3Q1KGHH9HWWPBHS5']) });
      expect(result.verdict).toBe('REVOKED');
      expect(firstCode(result.reasons)).toBe('REVOKED_EXTERNAL');
    });
  });

  it('lists later failures after the one that decided the verdict', () => {
    const text = edit((b) => {
      b.delegation_chain[0].expires_at = '2026-11-26T06:00:00Z';
      b.receipt.payload.instance_count = 9;
    })(fixtureText(CHAIN));
    const codes = verify(text).reasons.map((reason) => reason.split(':')[0]);
    // The shortened root window also no longer contains its child's (R-DEL-007).
    expect(codes).toEqual(['DELEGATION_EXPIRED', 'DELEGATION_SIGNATURE', 'VALIDITY_WINDOW', 'RECEIPT_SIGNATURE']);
  });

  it('verifies a large bundle when the size limit is raised (and the signature still fails)', () => {
    const text = edit((b) => (b.receipt.payload.blob = 'x'.repeat(300_000)))(fixtureText(CHAIN));
    expect(verify(text).verdict).toBe('MALFORMED');
    expect(verify(text, { maxBytes: 1 << 20 }).verdict).toBe('INVALID_SIGNATURE');
  });

  it('takes UTF-8 bytes, and reports bytes that are not UTF-8 as MALFORMED', () => {
    const bytes = new TextEncoder().encode(fixtureText(CHAIN));
    expect(verify(bytes).verdict).toBe('VALID');
    const broken = bytes.slice();
    broken[broken.indexOf(0x6d)] = 0xc3; // an "m" becomes a truncated two-byte sequence
    expect(verify(broken).reasons[0]).toMatch(/^PARSE: ENCODING_INVALID_UTF8/);
  });

  describe('when the input is not a bundle at all', () => {
    it.each(['', ' ', 'null', '[]', '{}', '"bundle"', '{"receipt":{}}', '\ufeff{}', 'not json', '{'.repeat(10_000)])(
      'reports %j as MALFORMED',
      (text) => {
        expect(verify(text).verdict).toBe('MALFORMED');
      },
    );

    it('reports a non-string, non-bytes input as MALFORMED', () => {
      expect(verify(42 as unknown as string).verdict).toBe('MALFORMED');
      expect(verify(null as unknown as string).verdict).toBe('MALFORMED');
    });
  });

  describe('when the arguments are bad', () => {
    it('reports an invalid time or option as MALFORMED with an ARGUMENT reason', () => {
      const text = fixtureText(CHAIN);
      expect(firstCode(verify(text, {}, new Date(Number.NaN)).reasons)).toBe('ARGUMENT');
      expect(firstCode(verify(text, {}, 12 as unknown as bigint).reasons)).toBe('ARGUMENT');
      expect(firstCode(verify(text, { maxDepth: -1 }).reasons)).toBe('ARGUMENT');
      expect(firstCode(verify(text, { clockSkewSeconds: 1.5 }).reasons)).toBe('ARGUMENT');
      expect(firstCode(verify(text, { maxBytes: -1 }).reasons)).toBe('ARGUMENT');
      expect(firstCode(verify(text, { escapes: 'go1.20' as 'go1.21' }).reasons)).toBe('ARGUMENT');
      expect(firstCode(verify(text, null as unknown as MaipVerifyOptions).reasons)).toBe('ARGUMENT');
    });
  });

  it('never throws on random one-character edits, and VALID only when the signed content is unchanged', () => {
    const text = fixtureText(CHAIN);
    const original = parseMaipBundle(text);
    const signedInputs = (bundle: typeof original) => [
      receiptSigningInput(bundle.receipt),
      ...bundle.delegation_chain.map((d) => delegationSigningInput(d)),
      JSON.stringify(bundle.public_keys),
    ];
    const expected = signedInputs(original);
    const alphabet = 'AZaz09-_:,."{}[] \\eE+1/=';
    fc.assert(
      fc.property(
        fc.nat({ max: text.length - 1 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: alphabet.length - 1 }),
        (at, kind, pick) => {
          const c = alphabet[pick] as string;
          const mutated = kind === 0 ? text.slice(0, at) + text.slice(at + 1) : kind === 1 ? text.slice(0, at) + c + text.slice(at + 1) : text.slice(0, at) + c + text.slice(at);
          const result = verify(mutated);
          if (result.verdict === 'VALID') expect(signedInputs(parseMaipBundle(mutated))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifyMaipBundle on arbitrary text', () => {
  it('still never throws on garbage', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(verify(text).verdict).toBe('MALFORMED');
      }),
      { numRuns: 300 },
    );
  });
});
