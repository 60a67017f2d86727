import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIXTURE_INDEX = `<!doctype html>
<html lang="en">
  <head>
    <title>Fixture</title>
    <script type="module" crossorigin src="/assets/app.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;

export interface RendererFixture {
  /** The renderer root. */
  dir: string;
  /** A file beside (outside) the root that must never be served. */
  secretFile: string;
  remove(): void;
}

/**
 * A small built-renderer lookalike in a temporary folder: index.html, assets, a dotfile, a
 * sub-folder, a symlink pointing outside the root and a secret beside the root.
 */
export function createRendererFixture(): RendererFixture {
  const base = mkdtempSync(path.join(tmpdir(), 'warden-bridge-'));
  const dir = path.join(base, 'renderer');
  mkdirSync(path.join(dir, 'assets', 'nested'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), FIXTURE_INDEX);
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("app");\n');
  writeFileSync(path.join(dir, 'assets', 'app.css'), 'body { margin: 0 }\n');
  writeFileSync(path.join(dir, 'assets', 'nested', 'data.bin'), new Uint8Array([0, 1, 2]));
  writeFileSync(path.join(dir, '.env'), 'SECRET=1\n');
  const secretFile = path.join(base, 'secret.txt');
  writeFileSync(secretFile, 'top secret\n');
  symlinkSync(secretFile, path.join(dir, 'link-out.txt'));
  return { dir, secretFile, remove: () => rmSync(base, { recursive: true, force: true }) };
}
