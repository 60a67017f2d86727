import { describe, expect, it } from 'vitest';
import { buildProtocolExample, EXAMPLE_ORIGIN } from '../../../src/core/log/protocol-example.ts';
import { timestampMs, formatTimestamp } from '../../../src/core/log/time.ts';
import { ADMIN_CLOCK_SKEW_MS, checkCommandFreshness, checkCommandOrigin, validateCommandBody, verifyCommandSignatures } from '../../../src/server/admin/command-checks.ts';

const MINUTE = 60_000;

describe('admin command checks', () => {
  const { command } = buildProtocolExample();
  const issued = timestampMs(command.issued_at);
  const at = (issuedAt: number, expiresAt: number) => ({ ...command, issued_at: formatTimestamp(issuedAt), expires_at: formatTimestamp(expiresAt) });

  describe('checkCommandFreshness', () => {
    it('accepts a command inside its window, up to the last millisecond', () => {
      expect(() => checkCommandFreshness(command, issued)).not.toThrow();
      expect(() => checkCommandFreshness(command, timestampMs(command.expires_at) - 1)).not.toThrow();
    });

    it('throws ADMIN_COMMAND_EXPIRED from its expiry on', () => {
      expect(() => checkCommandFreshness(command, timestampMs(command.expires_at))).toThrowWithCode('ADMIN_COMMAND_EXPIRED');
    });

    it('allows the clock skew for a command issued ahead of the registry clock, not more', () => {
      const now = issued - ADMIN_CLOCK_SKEW_MS;
      expect(() => checkCommandFreshness(command, now)).not.toThrow();
      expect(() => checkCommandFreshness(command, now - 1)).toThrowWithCode('ADMIN_COMMAND_NOT_YET_VALID');
    });

    it('throws ADMIN_COMMAND_EXPIRY_TOO_FAR for a window over 10 minutes or an empty one', () => {
      expect(() => checkCommandFreshness(at(issued, issued + 10 * MINUTE), issued)).not.toThrow();
      expect(() => checkCommandFreshness(at(issued, issued + 10 * MINUTE + 1), issued)).toThrowWithCode('ADMIN_COMMAND_EXPIRY_TOO_FAR');
      expect(() => checkCommandFreshness(at(issued + 30_000, issued + 30_000), issued)).toThrowWithCode('ADMIN_COMMAND_EXPIRY_TOO_FAR');
    });

    it('throws ADMIN_COMMAND_EXPIRY_TOO_FAR for an expiry more than 10 minutes (plus skew) from now', () => {
      const later = at(issued + ADMIN_CLOCK_SKEW_MS, issued + ADMIN_CLOCK_SKEW_MS + 10 * MINUTE);
      expect(() => checkCommandFreshness(later, issued)).not.toThrow();
      expect(() => checkCommandFreshness(later, issued - 1)).toThrowWithCode('ADMIN_COMMAND_EXPIRY_TOO_FAR');
    });
  });

  describe('validateCommandBody', () => {
    it('returns the command it was given', () => {
      expect(validateCommandBody(structuredClone(command))).toEqual(command);
    });

    it('throws ADMIN_COMMAND_MALFORMED for schema violations and signer roles other than admin', () => {
      expect(() => validateCommandBody({ ...command, action: 'delete' })).toThrowWithCode('ADMIN_COMMAND_MALFORMED');
      expect(() => validateCommandBody({ ...command, signatures: [] })).toThrowWithCode('ADMIN_COMMAND_MALFORMED');
      expect(() => validateCommandBody(null)).toThrowWithCode('ADMIN_COMMAND_MALFORMED');
      expect(() => validateCommandBody({ ...command, signatures: command.signatures.map((s) => ({ ...s, role: 'agent' })) })).toThrowWithCode('ADMIN_COMMAND_MALFORMED');
    });

    it("throws ADMIN_UNKNOWN_TARGET for a target of another tenant's prefix", () => {
      expect(() => validateCommandBody({ ...command, targets: ['maip:00000000:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A'] })).toThrowWithCode('ADMIN_UNKNOWN_TARGET');
    });
  });

  describe('verifyCommandSignatures and checkCommandOrigin', () => {
    it('accepts the worked example and refuses it altered', () => {
      expect(() => verifyCommandSignatures(command)).not.toThrow();
      expect(() => checkCommandOrigin(command, EXAMPLE_ORIGIN)).not.toThrow();
      expect(() => verifyCommandSignatures({ ...command, cascade: false })).toThrowWithCode('ADMIN_BAD_SIGNATURE');
      expect(() => checkCommandOrigin(command, 'registry.example/other')).toThrowWithCode('ADMIN_WRONG_ORIGIN');
    });
  });
});
