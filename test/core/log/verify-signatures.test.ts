import { describe, expect, it } from 'vitest';
import { bytesToBase64Url, base64UrlToBytes } from '../../../src/core/encoding/base64.ts';
import { signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';
import { statementSigningBytes, type LogEntry } from '../../../src/core/log/statement.ts';
import {
  assertEntrySignatures,
  collectSignatureChecks,
  verifyEntrySignatures,
} from '../../../src/core/log/verify-signatures.ts';
import { adminCommandSigningBytes } from '../../../src/core/log/admin-command.ts';

const example = buildProtocolExample();
const registered = example.entries[2] as LogEntry;
const revoked = example.entries[3] as LogEntry;

function flipSig(sig: string): string {
  const bytes = base64UrlToBytes(sig, 64);
  bytes[10] = (bytes[10] as number) ^ 1;
  return bytesToBase64Url(bytes);
}

describe('verifyEntrySignatures', () => {
  it('verifies every signature of every example entry', () => {
    for (const entry of example.entries) expect(verifyEntrySignatures(entry).every((r) => r.valid)).toBe(true);
  });

  it('reports which signature failed when one is flipped', () => {
    const entry = structuredClone(registered);
    entry.signatures[1]!.sig = flipSig(entry.signatures[1]!.sig);
    expect(verifyEntrySignatures(entry).map((r) => [r.role, r.valid])).toEqual([
      ['admin', true],
      ['agent', false],
    ]);
    expect(() => assertEntrySignatures(entry)).toThrowWithCode('ENTRY_BAD_SIGNATURE');
  });

  it('fails every signature when a signed field changes', () => {
    const entry = structuredClone(registered);
    (entry.body as { display_name: string }).display_name = 'invoice-triage-2';
    expect(verifyEntrySignatures(entry).some((r) => r.valid)).toBe(false);
  });

  it('fails a signature made by another key than the one named', () => {
    const entry = structuredClone(registered);
    // A valid Ed25519 signature by the admin key, labelled as the agent's.
    entry.signatures[1]!.sig = bytesToBase64Url(signEd25519(new Uint8Array(32).fill(2), statementSigningBytes(registered)));
    expect(verifyEntrySignatures(entry)[1]!.valid).toBe(false);
  });

  it('does not cover the role label (the fold checks roles against state)', () => {
    const entry = structuredClone(registered);
    entry.signatures[0]!.role = 'registry';
    expect(verifyEntrySignatures(entry).every((r) => r.valid)).toBe(true);
  });

  it('verifies the admin signatures of a logged command over the command bytes', () => {
    const results = verifyEntrySignatures(revoked);
    expect(results.map((r) => [r.where, r.role, r.valid])).toEqual([
      ['entry', 'registry', true],
      ['command', 'admin', true],
    ]);
    const tampered = structuredClone(revoked);
    const body = tampered.body as { command: { signatures: { sig: string }[]; cascade: boolean } };
    body.command.signatures[0]!.sig = flipSig(body.command.signatures[0]!.sig);
    expect(verifyEntrySignatures(tampered).map((r) => r.valid)).toEqual([false, false]);
    expect(() => assertEntrySignatures(tampered)).toThrowWithCode('ENTRY_BAD_SIGNATURE');
  });
});

describe('collectSignatureChecks', () => {
  it('lists entry checks then command checks with the bytes each covers', () => {
    const checks = collectSignatureChecks(revoked);
    expect(checks).toHaveLength(2);
    expect(checks[0]!.message).toEqual(statementSigningBytes(revoked));
    expect(checks[1]!.message).toEqual(adminCommandSigningBytes(example.command));
    expect(checks.every((c) => c.publicKey.length === 32 && c.signature.length === 64)).toBe(true);
  });
});
