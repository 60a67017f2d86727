/**
 * Entry point of the `warden` command (bin/warden.js imports this file; Node ≥ 22.18 runs the
 * TypeScript directly). Sets the exit code instead of calling process.exit so output is flushed.
 */
import { createProcessIo } from './io.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2), createProcessIo());
