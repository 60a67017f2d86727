/** `warden registry serve` as a child process (for crash tests): spawn, read its three lines, kill. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WARDEN = fileURLToPath(new URL('../../../bin/warden.js', import.meta.url));

export interface ChildRegistry {
  readonly child: ChildProcess;
  readonly url: string;
  readonly origin: string;
  readonly logKey: string;
  /** stderr so far (for failure messages). */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
}

/** Starts `warden registry serve --db <dbPath> [...extra]` and waits for its three lines. */
export function spawnRegistry(dbPath: string, extra: readonly string[] = [], timeoutMs = 30_000): Promise<ChildRegistry> {
  const child = spawn(process.execPath, [WARDEN, 'registry', 'serve', '--db', dbPath, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`registry did not start in ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = Object.fromEntries(
        out
          .split('\n')
          .filter((line) => line.includes(': '))
          .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
      );
      if (lines['log-key'] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: lines.listening as string, origin: lines.origin as string, logKey: lines['log-key'] as string, stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`registry exited with ${String(code)} before starting: ${err}`));
    });
  });
}
