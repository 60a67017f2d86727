/**
 * Every `warden` command, registered in this one table. To add one, write
 * `commands/<group>-<name>.ts` exporting a CliCommand and append it here.
 */
import type { CliCommand } from './command.ts';
import { bundleExportCommand } from './commands/bundle-export.ts';
import { bundleImportCommand } from './commands/bundle-import.ts';
import { checkpointVerifyCommand } from './commands/checkpoint-verify.ts';
import { verifyCommand } from './commands/verify.ts';
import { dbCheckCommand } from './commands/db-check.ts';
import { forkShowCommand } from './commands/fork-show.ts';
import { syncCommand } from './commands/sync.ts';
import { registryInfoCommand } from './commands/registry-info.ts';
import { registryServeCommand } from './commands/registry-serve.ts';
import { registrySimulateCommand } from './commands/registry-simulate.ts';
import { uiCommand } from './commands/ui.ts';

export const GROUP_SUMMARIES: Readonly<Record<string, string>> = {
  bundle: 'Evidence bundles (one zip file: tiles, checkpoints, manifest)',
  checkpoint: 'Signed checkpoints (C2SP tlog-checkpoint)',
  db: 'The local replica database',
  fork: 'Fork and rollback evidence',
  registry: 'The reference registry server',
};

export const COMMANDS: readonly CliCommand[] = [checkpointVerifyCommand, verifyCommand, registryServeCommand, registryInfoCommand, registrySimulateCommand, syncCommand, dbCheckCommand, forkShowCommand, bundleExportCommand, bundleImportCommand, uiCommand];
