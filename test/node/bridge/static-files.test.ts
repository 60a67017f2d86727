import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticFile, staticPathSegments } from '../../../src/node/bridge/static-files.ts';
import { createRendererFixture, type RendererFixture } from './fixture.ts';

// Paths a hostile page or client may request; none may resolve to a file.
const REFUSED_PATHS: readonly string[] = [
  '/../secret.txt',
  '/assets/../../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/assets/%2e%2e/%2e%2e/secret.txt',
  '/..%2fsecret.txt',
  '/assets%2f..%2f..%2fsecret.txt',
  '/..%5csecret.txt',
  '/assets\\..\\..\\secret.txt',
  '/./index.html',
  '/assets/./app.js',
  '//assets/app.js',
  '/assets//app.js',
  '/.env',
  '/%2eenv',
  '/assets/',
  '/assets',
  '/link-out.txt',
  '/index.html%00.js',
  '/index.html\u0000',
  '/C:/Windows/win.ini',
  '/index.html::$DATA',
  '/%E0%A4%A',
  '/missing.js',
  '',
  'index.html',
  'http://127.0.0.1/index.html',
  `/${'a/'.repeat(600)}x`,
];

describe('resolveStaticFile', () => {
  let fixture: RendererFixture;
  beforeAll(() => {
    fixture = createRendererFixture();
  });
  afterAll(() => fixture.remove());

  it('resolves / to index.html and assets to their files', async () => {
    await expect(resolveStaticFile(fixture.dir, '/')).resolves.toBe(path.join(fixture.dir, 'index.html'));
    await expect(resolveStaticFile(fixture.dir, '/assets/app.js')).resolves.toBe(path.join(fixture.dir, 'assets', 'app.js'));
    await expect(resolveStaticFile(fixture.dir, '/assets/nested/data.bin')).resolves.toBe(path.join(fixture.dir, 'assets', 'nested', 'data.bin'));
  });

  it('decodes percent-encoded names', async () => {
    await expect(resolveStaticFile(fixture.dir, '/assets/%61pp.js')).resolves.toBe(path.join(fixture.dir, 'assets', 'app.js'));
  });

  it.each(REFUSED_PATHS)('refuses %j', async (urlPath) => {
    await expect(resolveStaticFile(fixture.dir, urlPath)).resolves.toBeNull();
  });

  it('refuses everything when the root does not exist', async () => {
    await expect(resolveStaticFile(path.join(fixture.dir, 'nope'), '/index.html')).resolves.toBeNull();
  });
});

describe('staticPathSegments', () => {
  it('splits a clean path', () => {
    expect(staticPathSegments('/assets/app.js')).toEqual(['assets', 'app.js']);
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b.JS', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['font.woff2', 'font/woff2'],
    ['data.bin', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
  ])('types %s as %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});
