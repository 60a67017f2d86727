/**
 * `warden registry info --db <file>`: prints the same three lines as `serve` (`listening:` is the
 * URL of the last start) without starting anything; the database is opened read-only, so this works
 * while a server runs. Exit 2 when the database does not exist or was never initialised.
 */
import { existsSync } from 'node:fs';
import { openRegistryDatabase } from '../../server/store/database.ts';
import { readMeta } from '../../server/store/meta-store.ts';
import { StoreError } from '../../server/store/store-error.ts';
import { EXIT_OK } from '../cli-error.ts';
import type { CliCommand } from '../command.ts';
import { formatRegistryLines, reportStoreError } from './registry-serve.ts';

export const registryInfoCommand: CliCommand = {
  group: 'registry',
  name: 'info',
  summary: "Print a registry database's URL, origin and log key without starting it.",
  args: {
    options: [{ name: 'db', kind: 'string', required: true, valueName: '<file>', description: 'The registry database.' }],
    positionals: [],
  },
  async run(args, io) {
    const path = args.string('db') as string;
    try {
      if (!existsSync(path)) throw new StoreError('DB_NOT_INITIALISED', `${path} does not exist; run "warden registry serve --db ${path}" first`);
      const db = openRegistryDatabase(path, { readonly: true });
      try {
        const origin = readMeta(db, 'origin');
        const logKey = readMeta(db, 'log_key');
        if (origin === undefined || logKey === undefined) throw new StoreError('DB_NOT_INITIALISED', `${path} is not an initialised registry database`);
        io.stdout(formatRegistryLines(readMeta(db, 'last_url') ?? '(never started)', origin, logKey));
      } finally {
        db.close();
      }
      return EXIT_OK;
    } catch (error) {
      return reportStoreError(io, error);
    }
  },
};
