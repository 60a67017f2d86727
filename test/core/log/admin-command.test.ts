import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { canonicalize } from '../../../src/core/jcs.ts';
import {
  adminCommandSigningBytes,
  MAX_ADMIN_COMMAND_BYTES,
  parseAdminCommand,
  signAdminCommand,
  validateAdminCommand,
  type AdminCommand,
} from '../../../src/core/log/admin-command.ts';
import { seedSigner } from '../../../src/core/log/signature.ts';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';
import { verifyEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { publicKeyFromDidKey } from '../../../src/core/identity/did-key.ts';
import { base64UrlToBytes } from '../../../src/core/encoding/base64.ts';

const { command } = buildProtocolExample();
const admin = seedSigner('admin', new Uint8Array(32).fill(2));

describe('parseAdminCommand', () => {
  it('parses any key order and whitespace (signatures cover the JCS form)', () => {
    const pretty = JSON.stringify(command, null, 2);
    expect(parseAdminCommand(utf8ToBytes(pretty))).toEqual(command);
    expect(parseAdminCommand(utf8ToBytes(canonicalize(command)))).toEqual(command);
  });
  it('throws ENTRY_MALFORMED for oversized, non-JSON, duplicate-key or invalid commands', () => {
    expect(() => parseAdminCommand(new Uint8Array(MAX_ADMIN_COMMAND_BYTES + 1))).toThrowWithCode('ENTRY_MALFORMED');
    expect(() => parseAdminCommand(utf8ToBytes('{"action":'))).toThrowWithCode('ENTRY_MALFORMED');
    const text = canonicalize(command).replace('"cascade":true', '"cascade":true,"cascade":false');
    expect(() => parseAdminCommand(utf8ToBytes(text))).toThrowWithCode('ENTRY_MALFORMED');
    expect(() => parseAdminCommand(utf8ToBytes(canonicalize({ ...command, action: 'delete' })))).toThrowWithCode('ENTRY_MALFORMED');
  });
});

describe('validateAdminCommand', () => {
  it.each([
    ['a validity window over 10 minutes', { expires_at: '2026-03-02T11:10:00.001Z' }, 'COMMAND_VALIDITY_WINDOW'],
    ['an expiry before issue', { expires_at: '2026-03-02T10:59:59.999Z' }, 'COMMAND_VALIDITY_WINDOW'],
    ['a target of another tenant', { targets: ['maip:00000000:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A'] }, 'COMMAND_TARGET_TENANT'],
  ] as const)('throws ENTRY_MALFORMED for %s', (_name, change, rule) => {
    let details: unknown;
    try {
      validateAdminCommand({ ...command, ...change });
    } catch (error) {
      details = (error as { code: string; details: unknown }).details;
      expect((error as { code: string }).code).toBe('ENTRY_MALFORMED');
    }
    expect(details).toMatchObject({ rule });
  });
  it('accepts exactly 10 minutes', () => {
    expect(validateAdminCommand({ ...command, expires_at: '2026-03-02T11:10:00.000Z' }).expires_at).toBe('2026-03-02T11:10:00.000Z');
  });
});

describe('signAdminCommand', () => {
  it('signs the JCS of the command without signatures, verifiable with the admin did:key', () => {
    const { signatures: _s, ...unsigned } = command;
    void _s;
    const signed: AdminCommand = signAdminCommand(unsigned, [admin]);
    expect(signed).toEqual(command);
    const sig = signed.signatures[0]!;
    expect(verifyEd25519(publicKeyFromDidKey(sig.key), adminCommandSigningBytes(unsigned), base64UrlToBytes(sig.sig, 64))).toBe(true);
  });
  it('throws INVALID_ARGUMENT for a signer whose role is not admin', () => {
    const { signatures: _s, ...unsigned } = command;
    void _s;
    expect(() => signAdminCommand(unsigned, [seedSigner('agent', new Uint8Array(32).fill(3))])).toThrowWithCode('INVALID_ARGUMENT');
  });
});
