import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { base64UrlToBytes, hexToBytes } from '../../../src/core/encoding/index.ts';
import { publicKeyFromDidKey } from '../../../src/core/identity/did-key.ts';
import { adminCommandSigningBytes } from '../../../src/core/log/admin-command.ts';
import { statementSigningBytes } from '../../../src/core/log/statement.ts';
import { nativePublicKeyFromSeed } from '../../../src/server/demo/native-signers.ts';
import { DEMO_ADMIN_KEY_FORMAT, createDemoAdminSigner, demoAdminKeyFileName, writeDemoAdminKeys, type DemoAdminKeyFile } from '../../../src/server/demo/index.ts';
import { DEMO_ORIGIN, cachedDemo } from './demo-fixture.ts';

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('writeDemoAdminKeys', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warden-demo-keys-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('writes one mode-0600 file per admin and a README that warns these are demo keys', () => {
    const { log } = cachedDemo('keys', 0.02);
    const dir = join(root, 'demo-admin-keys');
    const paths = writeDemoAdminKeys(dir, log.adminKeys, DEMO_ORIGIN);
    expect(paths).toHaveLength(6);
    expect(readdirSync(dir).sort()).toEqual([...log.adminKeys.map(demoAdminKeyFileName), 'README.txt'].sort());
    for (const path of paths) expect(mode(path)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    const readme = readFileSync(join(dir, 'README.txt'), 'utf8');
    expect(readme).toContain('DEMO KEYS');
    expect(readme).toContain('NEVER USE THEM IN PRODUCTION');
    expect(readme).toContain('warden keys import <file>');
    expect(readme).toContain(DEMO_ORIGIN);
    for (const key of log.adminKeys) expect(readme).toContain(demoAdminKeyFileName(key));
    for (const key of log.adminKeys) expect(demoAdminKeyFileName(key)).toMatch(/^[a-z0-9-]+--[a-z0-9-]+\.json$/);
    // Accents are folded to ASCII: "Lucía Fernández (IT Operations)" of Meridian Freight.
    expect(readdirSync(dir)).toContain('meridian-freight--lucia-fernandez.json');
  });

  it('writes keys that verify the admins\' signatures in the log', () => {
    const { log, parsed } = cachedDemo('keys', 0.02);
    const paths = writeDemoAdminKeys(root, log.adminKeys, DEMO_ORIGIN);
    const unverified: string[] = [];
    let commandSignatures = 0;
    for (const path of paths) {
      const file = JSON.parse(readFileSync(path, 'utf8')) as DemoAdminKeyFile;
      expect(file.format).toBe(DEMO_ADMIN_KEY_FORMAT);
      expect(file.warning).toMatch(/DEMO KEY/);
      expect(file.origin).toBe(DEMO_ORIGIN);
      const publicKey = nativePublicKeyFromSeed(hexToBytes(file.signer_seed_hex, 32));
      expect(publicKey).toEqual(publicKeyFromDidKey(file.admin_did));
      const signer = createDemoAdminSigner({ adminDid: file.admin_did, signerSeedHex: file.signer_seed_hex });
      expect(signer.key).toBe(file.admin_did);
      for (const entry of parsed) {
        if (entry.tenant !== file.tenant) continue;
        for (const sig of entry.signatures) {
          if (sig.key === file.admin_did && !verifyEd25519(publicKey, statementSigningBytes(entry), base64UrlToBytes(sig.sig))) unverified.push(`${entry.type} entry`);
        }
        if ((entry.type === 'agent.revoked' || entry.type === 'agent.suspended' || entry.type === 'agent.reinstated') && entry.body.by === 'admin') {
          for (const sig of entry.body.command.signatures) {
            if (sig.key !== file.admin_did) continue;
            commandSignatures++;
            if (!verifyEd25519(publicKey, adminCommandSigningBytes(entry.body.command), base64UrlToBytes(sig.sig))) unverified.push('command');
          }
        }
      }
    }
    expect(unverified).toEqual([]);
    expect(commandSignatures).toBeGreaterThan(0);
  });

  it('resets the mode of a key file that already exists with wider permissions', () => {
    const { log } = cachedDemo('keys', 0.02);
    const first = log.adminKeys[0];
    if (first === undefined) throw new Error('no admin keys');
    const path = join(root, demoAdminKeyFileName(first));
    writeFileSync(path, 'old', { mode: 0o644 });
    writeDemoAdminKeys(root, log.adminKeys, DEMO_ORIGIN);
    expect(mode(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain(first.adminDid);
  });

  it('throws INVALID_ARGUMENT for two admins that would share a file name', () => {
    const { log } = cachedDemo('keys', 0.02);
    const first = log.adminKeys[0];
    if (first === undefined) throw new Error('no admin keys');
    expect(() => writeDemoAdminKeys(root, [first, { ...first }], DEMO_ORIGIN)).toThrowWithCode('INVALID_ARGUMENT');
    expect(readdirSync(root)).toEqual([]);
  });
});
