/**
 * The Electron security scan (issue 6): @doyensec/electronegativity over the shell's sources
 * (src/main, src/preload), the built shell (out/main, out/preload) and the built renderer
 * (out/renderer: index.html with its CSP, and the bundle), with package.json for the Electron
 * version. test/main/electronegativity.test.ts runs it on every `npm test` and fails on any HIGH
 * finding and on any finding not reviewed in electronegativity-review.ts.
 *
 * Run it alone for the full report: `npx node scripts/electronegativity.ts` (exit 1 when it would
 * fail the test).
 *
 * How it is fed: the scanner reads .js/.ts/.html files from one directory, so the inputs are copied
 * into a temporary one under their repository paths. Built JavaScript is copied with a `.ts` name:
 * the scanner's JavaScript parser (an old Babel) cannot walk class private fields, which the
 * bundles contain, while its TypeScript parser can; `.cjs` is not read at all otherwise. Findings
 * are reported under the original paths. The scanner's check of Electron releases for security
 * fixes (AvailableSecurityFixesGlobalCheck) is excluded: it downloads the release list from
 * GitHub, which CI cannot reach; the Electron version is pinned in package.json and raised on
 * purpose.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reviewFinding, type Finding } from './electronegativity-review.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What is scanned: sources always, the build when it exists (`npm run build`). */
export const SCANNED_SOURCES = ['src/main', 'src/preload'] as const;
export const SCANNED_BUILD = ['out/main', 'out/preload', 'out/renderer'] as const;
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SCANNED_EXTENSIONS = /\.(?:ts|tsx|js|cjs|mjs|html)$/;

export interface ScanResult {
  /** Repository-relative paths of the files scanned. */
  readonly files: readonly string[];
  readonly checks: number;
  /** Files the scanner could not parse (each one is a file not checked). */
  readonly errors: readonly { file: string; message: string }[];
  readonly findings: readonly Finding[];
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
  description: string;
}

type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string }[];
  issues: RawIssue[];
}>;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : SCANNED_EXTENSIONS.test(entry.name) ? [path] : [];
  });
}

/** Copies the inputs into `scanDir`; returns scan path → repository path. */
function stageInputs(root: string, scanDir: string, includeBuild: boolean): Map<string, string> {
  const staged = new Map<string, string>();
  const stage = (file: string, built: boolean) => {
    const original = relative(root, file);
    const name = built && /\.(?:js|cjs|mjs)$/.test(original) ? `${original}.ts` : original;
    const target = join(scanDir, name);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    staged.set(name, original);
  };
  stage(join(root, 'package.json'), false);
  for (const dir of SCANNED_SOURCES) for (const file of listFiles(join(root, dir))) stage(file, false);
  if (includeBuild) for (const dir of SCANNED_BUILD) for (const file of listFiles(join(root, dir))) stage(file, true);
  return staged;
}

/** Whether the built app exists (out/main, out/preload and out/renderer/index.html). */
export function buildExists(root: string = REPO_ROOT): boolean {
  return existsSync(join(root, 'out', 'main')) && existsSync(join(root, 'out', 'preload')) && existsSync(join(root, 'out', 'renderer', 'index.html'));
}

/** Runs the scanner (see the module comment). Rejects only when the scanner itself fails. */
export async function scanElectronApp(options: { root?: string; includeBuild: boolean }): Promise<ScanResult> {
  const root = options.root ?? REPO_ROOT;
  const scanDir = mkdtempSync(join(tmpdir(), 'warden-electronegativity-'));
  try {
    const staged = stageInputs(root, scanDir, options.includeBuild);
    const loaded = createRequire(import.meta.url)('@doyensec/electronegativity') as Runner | { default: Runner };
    const run = typeof loaded === 'function' ? loaded : loaded.default;
    const result = await run({ input: scanDir, isRelative: true, excludeFromScan: EXCLUDED_CHECKS }, false);
    const original = (file: string) => staged.get(relative(scanDir, file)) ?? staged.get(file) ?? file;
    return {
      files: [...staged.values()],
      checks: result.globalChecks + result.atomicChecks,
      errors: result.errors.map((error) => ({ file: original(error.file), message: error.message })),
      findings: result.issues.map((issue) => ({
        id: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: original(issue.file),
        line: issue.location.line,
        manualReview: issue.manualReview === true,
        description: issue.description,
      })),
    };
  } finally {
    rmSync(scanDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const includeBuild = buildExists();
  if (!includeBuild) console.error('out/ is incomplete: scanning the sources only (run npm run build for the full scan)');
  const result = await scanElectronApp({ includeBuild });
  console.log(`${result.files.length} files, ${result.checks} checks`);
  for (const error of result.errors) console.log(`NOT SCANNED ${error.file}: ${error.message}`);
  let failed = result.errors.length > 0;
  for (const finding of result.findings) {
    const review = reviewFinding(finding);
    failed ||= finding.severity === 'HIGH' || review === undefined;
    console.log(`${finding.severity} ${finding.confidence} ${finding.id} ${finding.file}:${finding.line}`);
    console.log(`  ${review === undefined ? 'NOT REVIEWED: ' + finding.description : `${review.disposition}: ${review.reason}`}`);
  }
  return failed ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
