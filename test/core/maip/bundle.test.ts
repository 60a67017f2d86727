import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAIP_MAX_BUNDLE_BYTES, parseMaipBundle } from '../../../src/core/maip/bundle.ts';
import { describeVectors, vectorPath } from '../../helpers/vectors.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fixtureText(name: string): string {
  return readFileSync(vectorPath('maip-reference', `${name}.json`), 'utf8');
}

/** The fixture as a plain object, edited by `edit`, back to JSON text. */
function edited(name: string, edit: (bundle: Json) => void): string {
  const bundle = JSON.parse(fixtureText(name)) as Json;
  edit(bundle);
  return JSON.stringify(bundle);
}

describeVectors('parseMaipBundle', () => {
  it('reads every reference fixture with strict types', () => {
    const bundle = parseMaipBundle(fixtureText('valid_delegation_chain'));
    expect(bundle.maip_bundle_version).toBe('1.0.0');
    expect(bundle.receipt.receipt_type).toBe('maip_action');
    expect(bundle.receipt.context.delegation_depth).toBe(2);
    expect(bundle.receipt.previous_receipt_id).toBeNull();
    expect(bundle.delegation_chain).toHaveLength(2);
    expect(bundle.delegation_chain[0]?.constraints).toEqual({
      max_sub_delegations: 2,
      allowed_environments: ['production', 'staging'],
      rate_limit_per_hour: 500,
    });
    expect(bundle.delegation_chain[1]?.constraints).toBeNull();
    expect(bundle.delegation_chain[0]?.cross_tenant).toBe(false);
    expect(bundle.public_keys).toHaveLength(3);
    expect(bundle.metadata).toEqual({ bundler_id: 'maip:a1b2c3d4:01M8AY3QVTC970JBKT72CAWN25', purpose: 'fixture: valid 2-hop delegation chain' });
    const cross = parseMaipBundle(fixtureText('valid_cross_tenant'));
    expect(cross.delegation_chain[0]).toMatchObject({ cross_tenant: true, source_tenant: 'a1b2c3d4', target_tenant: 'f9e8d7c6' });
    expect(cross.metadata).toBeNull();
  });

  it('keeps timestamps as the given strings', () => {
    const text = edited('valid_registered_agent', (b) => {
      b.receipt.created_at = '2026-11-26T03:24:14.074709910Z';
    });
    expect(parseMaipBundle(text).receipt.created_at).toBe('2026-11-26T03:24:14.074709910Z');
  });

  it('reads UTF-8 bytes like text', () => {
    const text = fixtureText('valid_cross_tenant');
    expect(parseMaipBundle(new TextEncoder().encode(text))).toEqual(parseMaipBundle(text));
  });

  it('accepts the members Go may leave out or null', () => {
    const bundle = parseMaipBundle(
      edited('valid_registered_agent', (b) => {
        delete b.metadata;
        b.delegation_chain = null;
        delete b.receipt.expires_at;
        b.receipt.previous_receipt_id = null;
        b.receipt.context.scopes_used = null;
        b.receipt.payload = null;
      }),
    );
    expect(bundle.delegation_chain).toEqual([]);
    expect(bundle.metadata).toBeNull();
    expect(bundle.receipt.expires_at).toBeNull();
    expect(bundle.receipt.context.scopes_used).toBeNull();
    expect(bundle.receipt.payload).toBeNull();
  });

  it('reads an integer written -0 as the Go int 0', () => {
    const text = fixtureText('valid_registered_agent').replace('"delegation_depth": 0', '"delegation_depth": -0');
    expect(Object.is(parseMaipBundle(text).receipt.context.delegation_depth, 0)).toBe(true);
  });

  describe('when the JSON is not strict', () => {
    it.each([
      ['a duplicate member name', (t: string) => t.replace('"depth": 1,', '"depth": 1, "depth": 1,'), 'JSON_DUPLICATE_KEY'],
      ['truncated text', (t: string) => t.slice(0, 500), 'JSON_MALFORMED'],
      ['a trailing comma', (t: string) => t.replace(/\n}\s*$/, ',\n}'), 'JSON_MALFORMED'],
      ['a lone surrogate', (t: string) => t.replace('"subject_type": "model"', '"subject_type": "\\ud800"'), 'JCS_LONE_SURROGATE'],
      ['a number beyond a double', (t: string) => t.replace('"instance_count": 3', '"instance_count": 1e400'), 'JCS_NON_FINITE_NUMBER'],
    ])('throws for %s', (_name, mutate, code) => {
      expect(() => parseMaipBundle(mutate(fixtureText('valid_delegation_chain')))).toThrowWithCode(code);
    });

    it('throws JSON_TOO_LARGE above 256 KiB unless the limit is raised', () => {
      const text = edited('valid_registered_agent', (b) => {
        b.receipt.payload = { blob: 'x'.repeat(MAIP_MAX_BUNDLE_BYTES) };
      });
      expect(() => parseMaipBundle(text)).toThrowWithCode('JSON_TOO_LARGE');
      expect(parseMaipBundle(text, { maxBytes: 2 * MAIP_MAX_BUNDLE_BYTES }).receipt.payload).toEqual({ blob: 'x'.repeat(MAIP_MAX_BUNDLE_BYTES) });
    });

    it('throws JSON_TOO_DEEP for deep nesting', () => {
      const text = fixtureText('valid_registered_agent').replace('"duration_ms": 42', `"duration_ms": ${'['.repeat(100)}${']'.repeat(100)}`);
      expect(() => parseMaipBundle(text)).toThrowWithCode('JSON_TOO_DEEP');
    });

    it('throws ENCODING_INVALID_UTF8 for bytes that are not UTF-8', () => {
      const bytes = new TextEncoder().encode(fixtureText('valid_registered_agent'));
      bytes[bytes.indexOf(0x6d)] = 0xff; // the first "m"
      expect(() => parseMaipBundle(bytes)).toThrowWithCode('ENCODING_INVALID_UTF8');
    });

    it('throws INVALID_ARGUMENT for input that is neither text nor bytes', () => {
      expect(() => parseMaipBundle(42 as unknown as string)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });

  describe('when the structure is not the reference bundle', () => {
    it.each<[string, (b: Json) => void]>([
      ['no receipt (the Go verifier panics)', (b) => delete b.receipt],
      ['a null receipt', (b) => (b.receipt = null)],
      ['no public_keys', (b) => delete b.public_keys],
      ['no delegation_chain', (b) => delete b.delegation_chain],
      ['a receipt that is an array', (b) => (b.receipt = [])],
      ['an unknown top-level member', (b) => (b.transparency_log = {})],
      ['an unknown receipt member (unsigned)', (b) => (b.receipt.audience = 'x')],
      ['an unknown context member', (b) => (b.receipt.context.extra = 1)],
      ['an unknown signature member', (b) => (b.receipt.signature.crit = [])],
      ['an unknown delegation member', (b) => (b.delegation_chain[0].transparency_log_index = 7)],
      ['an unknown constraints member', (b) => (b.delegation_chain[0].constraints.time_window = {})],
      ['an unknown public key member', (b) => (b.public_keys[0].kid = 'k')],
      ['an unknown metadata member', (b) => (b.metadata.extra = 'x')],
      ['a wrong-case top-level name (Go matches it)', (b) => ((b.Receipt = b.receipt), delete b.receipt)],
      ['a wrong-case delegation name', (b) => ((b.delegation_chain[0].Depth = 1), delete b.delegation_chain[0].depth)],
      // Go folds names with Unicode simple folding: KELVIN SIGN matches "k", LONG S matches "s".
      ['a name with the Kelvin sign (Go matches public_keys)', (b) => ((b['public_\u212aeys'] = b.public_keys), delete b.public_keys)],
      ['a name with a long s (Go matches scopes)', (b) => ((b.delegation_chain[0]['\u017fcopes'] = []), delete b.delegation_chain[0].scopes)],
      ['a missing delegation member', (b) => delete b.delegation_chain[1].child_public_key],
      ['a missing receipt member', (b) => delete b.receipt.nonce],
      ['a missing context', (b) => delete b.receipt.context],
      ['a missing payload', (b) => delete b.receipt.payload],
      ['another bundle version', (b) => (b.maip_bundle_version = '2.0.0')],
      ['another schema version', (b) => (b.receipt.schema_version = '1.0')],
      ['an unknown receipt type', (b) => (b.receipt.receipt_type = 'action_receipt')],
      ['an unknown status', (b) => (b.delegation_chain[0].status = 'suspended')],
      ['a padded nonce', (b) => (b.receipt.nonce = `${b.receipt.nonce}=`)],
      ['a hex nonce of 16 bytes', (b) => (b.receipt.nonce = '00112233445566778899aabbccddeeff')],
      ['an empty issuer_id', (b) => (b.receipt.issuer_id = '')],
      ['an empty agent_id', (b) => (b.public_keys[0].agent_id = '')],
      ['a depth given as a string', (b) => (b.delegation_chain[0].depth = '1')],
      ['a depth beyond 2^53', (b) => (b.delegation_chain[0].depth = 2 ** 60)],
      ['a fractional delegation_depth', (b) => (b.receipt.context.delegation_depth = 1.5)],
      ['cross_tenant given as a string', (b) => (b.delegation_chain[0].cross_tenant = 'true')],
      ['a scope that is not a string', (b) => (b.delegation_chain[0].scopes = [1])],
      ['scopes given as an object', (b) => (b.delegation_chain[0].scopes = {})],
      ['public_keys given as null', (b) => (b.public_keys = null)],
      ['a timestamp without zone', (b) => (b.receipt.created_at = '2026-11-26T03:24:14')],
      ['a delegation expires_at of null', (b) => (b.delegation_chain[0].expires_at = null)],
      ['a bundle created_at in another format', (b) => (b.created_at = 'Thu, 26 Nov 2026 03:24:14 GMT')],
      ['a metadata member that is not a string', (b) => (b.metadata.notes = 5)],
    ])('throws MAIP_MALFORMED for %s', (_name, edit) => {
      expect(() => parseMaipBundle(edited('valid_delegation_chain', edit))).toThrowWithCode('MAIP_MALFORMED');
    });

    it.each(['[]', 'null', '"bundle"', '42'])('throws MAIP_MALFORMED for the top-level value %s', (text) => {
      expect(() => parseMaipBundle(text)).toThrowWithCode('MAIP_MALFORMED');
    });

    it.each([
      ['1.0', '"depth": 1.0,'],
      ['1e0', '"depth": 1e0,'],
      ['10e-1', '"depth": 10e-1,'],
    ])('throws MAIP_MALFORMED for an integer field written %s (Go rejects it too)', (_name, replacement) => {
      const text = fixtureText('valid_delegation_chain').replace('"depth": 1,', replacement);
      expect(() => parseMaipBundle(text)).toThrowWithCode('MAIP_MALFORMED');
    });

    it('names the offending member by JSON Pointer and hints at case-insensitive matches', () => {
      let message = '';
      try {
        parseMaipBundle(edited('valid_delegation_chain', (b) => ((b.delegation_chain[1].Status = 'active'), delete b.delegation_chain[1].status)));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('/delegation_chain/1/Status');
      expect(message).toContain('case-sensitive');
    });

    it('accepts a number written 3.0 or 3e0 in the free-form payload', () => {
      const text = fixtureText('valid_delegation_chain').replace('"instance_count": 3', '"instance_count": 3.0e0');
      expect(parseMaipBundle(text).receipt.payload).toMatchObject({ instance_count: 3 });
    });
  });
});
