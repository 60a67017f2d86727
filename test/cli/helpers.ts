import { spawn } from 'node:child_process';
import path from 'node:path';
import { CliError } from '../../src/cli/cli-error.ts';
import { createProcessIo, type CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { repoRoot } from '../helpers/vectors.ts';

export const BIN = path.join(repoRoot, 'bin', 'warden.js');

export interface CapturedIo extends CliIo {
  out: string;
  err: string;
}

/** A CliIo that records stdout and stderr; input comes from the real files unless `noInput`. */
export function captureIo(options: { noInput?: boolean } = {}): CapturedIo {
  const io: CapturedIo = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readInput: options.noInput ? () => Promise.reject(new CliError('INPUT_UNREADABLE', 'no files here')) : createProcessIo().readInput,
  };
  return io;
}

/** Runs `warden …argv` in this process through the real command table. */
export async function wardenInProcess(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

export interface SpawnedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the real CLI (`process.execPath` is the Node 22 running vitest), optionally with stdin. */
export function spawnWarden(args: readonly string[], stdin?: string): Promise<SpawnedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
