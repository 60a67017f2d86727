/**
 * `npm run bench [-- name…]`: runs every `bench/<name>.bench.ts` (or the named ones) one after the
 * other in this process, prints the machine and a table of figures, and writes them as JSON to
 * `test-artifacts/bench.json`. Each module measures its own reference in the same run, so ratios
 * are meaningful on whatever machine runs them. BENCHMARKS.md records a run.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  openssl: process.versions.openssl,
  platform: `${os.platform()} ${os.release()}`,
  date: new Date().toISOString(),
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, OpenSSL ${machine.openssl}`);

const rows: BenchRow[] = [];
for (const name of modules) {
  console.log(`\n## ${name}`);
  const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as BenchModule;
  globalThis.gc?.();
  await mod.run((row) => {
    rows.push(row);
    const value = Number.isInteger(row.value) ? row.value.toLocaleString('en-US') : row.value.toPrecision(4);
    console.log(`  ${row.name.padEnd(60)} ${value.padStart(14)} ${row.unit}${row.note ? `  (${row.note})` : ''}`);
  });
}

const outDir = path.join(here, '..', 'test-artifacts');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, 'bench.json'))}`);
