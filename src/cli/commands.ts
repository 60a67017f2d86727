/**
 * Every `warden` command, registered in this one table. To add one, write
 * `commands/<group>-<name>.ts` exporting a CliCommand and append it here.
 */
import type { CliCommand } from './command.ts';
import { checkpointVerifyCommand } from './commands/checkpoint-verify.ts';

export const GROUP_SUMMARIES: Readonly<Record<string, string>> = {
  checkpoint: 'Signed checkpoints (C2SP tlog-checkpoint)',
};

export const COMMANDS: readonly CliCommand[] = [checkpointVerifyCommand];
