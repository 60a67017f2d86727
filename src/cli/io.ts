/**
 * What a command may touch: two output streams and input files. Commands get it as an argument so
 * that tests can run them in-process; `main.ts` passes the real process streams and file system.
 */
import { readFile, stat } from 'node:fs/promises';
import { concatBytes } from '../core/encoding/bytes.ts';
import { CliError } from './cli-error.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a whole input file ("-" = stdin). Throws CliError INPUT_UNREADABLE / INPUT_TOO_LARGE. */
  readInput(path: string, maxBytes: number): Promise<Uint8Array>;
}

/** The real process streams and file system. */
export function createProcessIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readInput: (path, maxBytes) => (path === '-' ? readStdin(maxBytes) : readFileLimited(path, maxBytes)),
  };
}

async function readFileLimited(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError('INPUT_UNREADABLE', `cannot read ${path}: not a regular file`);
    if (info.size > maxBytes) throw new CliError('INPUT_TOO_LARGE', `${path} is ${info.size} bytes; the limit is ${maxBytes}`);
    const bytes = new Uint8Array(await readFile(path));
    if (bytes.length > maxBytes) throw new CliError('INPUT_TOO_LARGE', `${path} is larger than ${maxBytes} bytes`);
    return bytes;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new CliError('INPUT_UNREADABLE', `cannot read ${path}: ${reason}`, { cause: error });
  }
}

async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new CliError('INPUT_TOO_LARGE', `stdin is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return concatBytes(...chunks);
}
