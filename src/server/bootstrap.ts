/**
 * What a new registry logs before it serves anything, in ONE submission (so a crash leaves either
 * nothing or all of it, and the `setup` meta row is written in the same transaction):
 * - normally, a default tenant and its first admin, enrolled on the registry's signature: the
 *   "admin bootstrap key", whose private seed is written beside the database (mode 0600) before the
 *   entries are logged;
 * - with `--demo`, the demo organisation (src/server/demo), through the normal validation path
 *   (strict parse, every signature verified, every state rule folded) as one large batch; the demo
 *   admins' keys go to `demo-admin-keys/` beside the database.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { bytesToHex } from '../core/encoding/index.ts';
import { STATEMENT_FORMAT } from '../core/log/statement.ts';
import { formatTimestamp } from '../core/log/time.ts';
import { buildDemoLog, nativePublicKeyFromSeed, nativeSignEd25519, writeDemoAdminKeys } from './demo/index.ts';
import { writeSecretFile } from './keys/key-files.ts';
import { nativeStatementSigner } from './keys/native-signer.ts';
import type { RegistryKeys } from './keys/registry-keys.ts';
import { prepareEntryBytes, prepareSigned } from './log/prepared-entry.ts';
import type { Sequencer } from './log/sequencer.ts';
import type { RegistryDatabase } from './store/database.ts';
import { writeKeyMetadata, writeMeta } from './store/meta-store.ts';

export const BOOTSTRAP_ADMIN_FILE = 'bootstrap-admin.json';
export const ADMIN_KEY_FORMAT = 'warden.admin-key/v1';
export const DEMO_ADMIN_KEYS_DIR = 'demo-admin-keys';
export const DEFAULT_DEMO_SEED = 'agent-warden-demo';

export interface DemoOptions {
  readonly seed?: string;
  readonly scale?: number;
}

export interface BootstrapOptions {
  readonly db: RegistryDatabase;
  readonly dbPath: string;
  readonly keysDir: string;
  readonly keys: RegistryKeys;
  readonly sequencer: Sequencer;
  readonly now: () => number;
  readonly demo?: DemoOptions;
  readonly tenantName?: string;
}

/** Logs the first entries of a new registry (see the module comment). */
export async function bootstrapRegistry(options: BootstrapOptions): Promise<void> {
  if (options.demo !== undefined) await importDemo(options, options.demo);
  else await bootstrapTenant(options);
}

async function bootstrapTenant(options: BootstrapOptions): Promise<void> {
  const { keys, now, db } = options;
  const tenant = randomUUID();
  const tenantName = options.tenantName ?? 'Default tenant';
  const seed = new Uint8Array(randomBytes(32));
  const admin = nativeStatementSigner('new_key', seed);
  const file = {
    format: ADMIN_KEY_FORMAT,
    origin: keys.origin,
    tenant,
    tenant_name: tenantName,
    name: 'Bootstrap admin',
    admin_did: admin.key,
    signer_seed_hex: bytesToHex(seed),
  };
  writeSecretFile(options.keysDir, BOOTSTRAP_ADMIN_FILE, `${JSON.stringify(file, null, 2)}\n`);
  const time = formatTimestamp(now());
  const envelope = { format: STATEMENT_FORMAT, origin: keys.origin, tenant, time } as const;
  const created = prepareSigned({ ...envelope, type: 'tenant.created', subject: tenant, body: { name: tenantName } }, [keys.registrySigner]);
  const enrolled = prepareSigned({ ...envelope, type: 'admin.enrolled', subject: admin.key, body: { seq: 1, name: 'Bootstrap admin' } }, [
    admin,
    keys.registrySigner,
  ]);
  await options.sequencer.appendEntries([created, enrolled], {
    inTransaction: () => {
      writeKeyMetadata(db, { name: 'bootstrap-admin', kind: 'admin', public: admin.key, file: BOOTSTRAP_ADMIN_FILE, createdMs: now() });
      writeMeta(db, 'bootstrap_tenant', tenant);
      writeMeta(db, 'setup', 'done');
    },
  });
}

async function importDemo(options: BootstrapOptions, demo: DemoOptions): Promise<void> {
  const { keys, db } = options;
  const seed = demo.seed ?? DEFAULT_DEMO_SEED;
  const log = buildDemoLog({
    seed,
    origin: keys.origin,
    registrySigner: keys.registrySigner,
    now: new Date(options.now()),
    sign: nativeSignEd25519,
    publicKey: nativePublicKeyFromSeed,
    ...(demo.scale === undefined ? {} : { scale: demo.scale }),
  });
  writeDemoAdminKeys(join(dirname(options.dbPath), DEMO_ADMIN_KEYS_DIR), log.adminKeys, keys.origin);
  const prepared = log.entries.map((bytes) => prepareEntryBytes(bytes));
  await options.sequencer.appendEntries(prepared, {
    inTransaction: () => {
      writeMeta(db, 'demo_seed', seed);
      writeMeta(db, 'setup', 'done');
    },
  });
}
