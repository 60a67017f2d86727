/**
 * Writes the demo admins' keys to a folder (by the server: `demo-admin-keys/` beside the database)
 * so that a newcomer can try the kill switch at once (issue 3).
 *
 * Policy: one JSON file per admin, mode 0600 (set explicitly, whatever the umask or a previous
 * file's mode), in a folder created with mode 0700; a README.txt (mode 0644) says in plain words that
 * these are DEMO keys, never for production, and how they are meant to be imported. Files are
 * replaced whole; other files in the folder are left alone. Key material is never logged.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProtocolError } from '../../core/errors.ts';
import type { DemoAdminKey } from './types.ts';

export const DEMO_ADMIN_KEY_FORMAT = 'warden.demo-admin-key/v1';
export const DEMO_KEYS_README = 'README.txt';

/** The JSON document of one demo admin key file. */
export interface DemoAdminKeyFile {
  readonly format: typeof DEMO_ADMIN_KEY_FORMAT;
  readonly warning: string;
  readonly origin: string;
  readonly tenant: string;
  readonly tenant_name: string;
  readonly name: string;
  readonly admin_did: string;
  /** The admin's 32-byte Ed25519 seed, lowercase hex. */
  readonly signer_seed_hex: string;
}

const WARNING = 'DEMO KEY: generated from a public demo seed. Anyone may know it. Never use it to protect anything real.';

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .toLowerCase()
      .replace(/\(.*?\)/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'admin'
  );
}

/** The file name of a demo admin's key: `<tenant>--<admin>.json`, ASCII. */
export function demoAdminKeyFileName(key: DemoAdminKey): string {
  return `${slug(key.tenantName)}--${slug(key.name)}.json`;
}

function readme(adminKeys: readonly DemoAdminKey[], origin: string): string {
  const lines = [
    'AGENT WARDEN DEMO ADMIN KEYS -- FOR THE DEMO ONLY',
    '=================================================',
    '',
    'These files hold the PRIVATE signing keys of the demo tenants\' admins of the demo registry',
    `"${origin}". They were generated from the demo seed, so anyone who knows that seed knows them.`,
    '',
    'THESE ARE DEMO KEYS. NEVER USE THEM IN PRODUCTION, never enrol them in a real registry, and',
    'never use them to protect anything. Delete this folder when you are done with the demo.',
    '',
    'What they are for: trying the kill switch at once. Import an admin\'s key into Agent Warden',
    'with',
    '',
    '    warden keys import <file>',
    '',
    'and use it to suspend, reinstate or revoke agents of that admin\'s tenant. Northbridge Bank has',
    'a 2-of-2 policy: revoking or reinstating one of its agents needs both of its admins\' keys.',
    '',
    'Files (mode 0600):',
    ...adminKeys.map((k) => `    ${demoAdminKeyFileName(k)}  ${k.tenantName}: ${k.name}`),
    '',
  ];
  return lines.join('\n');
}

function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  // `mode` applies only when the file is created, and the umask may narrow it: set it exactly.
  chmodSync(path, 0o600);
}

/**
 * Writes one key file per admin (mode 0600) and README.txt into `dir` (created with mode 0700 if
 * needed) and returns the key files' paths. Throws INVALID_ARGUMENT for two admins with the same
 * file name; file-system errors (EACCES, ENOSPC…) propagate as they are.
 */
export function writeDemoAdminKeys(dir: string, adminKeys: readonly DemoAdminKey[], origin: string): string[] {
  const names = adminKeys.map(demoAdminKeyFileName);
  if (new Set(names).size !== names.length) throw new ProtocolError('INVALID_ARGUMENT', 'two demo admins would share a key file name');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = adminKeys.map((key, i) => {
    const file: DemoAdminKeyFile = {
      format: DEMO_ADMIN_KEY_FORMAT,
      warning: WARNING,
      origin,
      tenant: key.tenant,
      tenant_name: key.tenantName,
      name: key.name,
      admin_did: key.adminDid,
      signer_seed_hex: key.signerSeedHex,
    };
    const path = join(dir, names[i] as string);
    writeSecret(path, `${JSON.stringify(file, null, 2)}\n`);
    return path;
  });
  const readmePath = join(dir, DEMO_KEYS_README);
  writeFileSync(readmePath, readme(adminKeys, origin), { mode: 0o644 });
  chmodSync(readmePath, 0o644);
  return paths;
}
