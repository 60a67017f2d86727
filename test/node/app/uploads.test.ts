/** Handing files over (files.*): the window is untrusted, so every hostile sequence is refused with a code. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_CHUNK_BYTES } from '../../../src/core/api/schemas/sources.ts';
import { MAX_OPEN_UPLOADS, sanitiseFileName } from '../../../src/node/app/upload-store.ts';
import { b64, openTestApp, type TestApp } from './helpers.ts';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
});
afterEach(() => app.close());

const bytes = (n: number, fill = 7): Uint8Array => new Uint8Array(n).fill(fill);
const uploadsDir = (): string => join(app.dir, 'uploads');

describe('files.chunk', () => {
  it('accepts chunks in order and finishes at exactly the declared size', async () => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 10 });
    await expect(app.call('files.chunk', { fileId, offset: 0, data: b64(bytes(4)) })).resolves.toEqual({ received: 4 });
    await expect(app.call('files.chunk', { fileId, offset: 4, data: b64(bytes(6)) })).resolves.toEqual({ received: 10 });
    await expect(app.call('files.finish', { fileId })).resolves.toEqual({ fileId, name: 'a.zip', size: 10 });
  });

  it.each([
    ['a gap', 5],
    ['a repeat', 0],
  ])('refuses %s with APP_UPLOAD_OFFSET', async (_what, offset) => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 10 });
    await app.call('files.chunk', { fileId, offset: 0, data: b64(bytes(2)) });
    await expect(app.call('files.chunk', { fileId, offset, data: b64(bytes(2)) })).rejects.toMatchObject({ code: 'APP_UPLOAD_OFFSET' });
  });

  it.each(['AAA', 'AA=A', '!!!!', 'AAAA\n', 'AA-_'])('refuses data %j that is not strict padded base64 (APP_UPLOAD_BAD_DATA)', async (data) => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 10 });
    await expect(app.call('files.chunk', { fileId, offset: 0, data })).rejects.toMatchObject({ code: 'APP_UPLOAD_BAD_DATA' });
  });

  it('refuses a chunk larger than the contract allows before a handler sees it (API_BAD_ARGUMENTS)', async () => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: MAX_UPLOAD_CHUNK_BYTES * 2 });
    await expect(app.call('files.chunk', { fileId, offset: 0, data: b64(bytes(MAX_UPLOAD_CHUNK_BYTES + 3)) })).rejects.toMatchObject({ code: 'API_BAD_ARGUMENTS' });
  });

  it('refuses more bytes than declared (APP_UPLOAD_TOO_LARGE) and forgets the file', async () => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 3 });
    await expect(app.call('files.chunk', { fileId, offset: 0, data: b64(bytes(4)) })).rejects.toMatchObject({ code: 'APP_UPLOAD_TOO_LARGE' });
    await expect(app.call('files.finish', { fileId })).rejects.toMatchObject({ code: 'APP_UPLOAD_UNKNOWN' });
    expect(readdirSync(uploadsDir())).toEqual([]);
  });

  it('refuses to finish short of the declared size (APP_UPLOAD_INCOMPLETE), and to inspect an unfinished file', async () => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 3 });
    await app.call('files.chunk', { fileId, offset: 0, data: b64(bytes(2)) });
    await expect(app.call('files.finish', { fileId })).rejects.toMatchObject({ code: 'APP_UPLOAD_INCOMPLETE' });
    await expect(app.call('bundle.inspect', { fileId })).rejects.toMatchObject({ code: 'APP_UPLOAD_INCOMPLETE' });
  });

  it('refuses chunks after finish', async () => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 1 });
    await app.call('files.chunk', { fileId, offset: 0, data: b64(bytes(1)) });
    await app.call('files.finish', { fileId });
    await expect(app.call('files.chunk', { fileId, offset: 1, data: b64(bytes(1)) })).rejects.toMatchObject({ code: 'APP_UPLOAD_OFFSET' });
  });

  it.each(['files.chunk', 'files.finish', 'files.discard', 'bundle.inspect'] as const)('answers %s on an unknown id with APP_UPLOAD_UNKNOWN', async (method) => {
    const fileId = 'AAAAAAAAAAAAAAAAAAAAAA';
    const args = method === 'files.chunk' ? { fileId, offset: 0, data: '' } : { fileId };
    await expect(app.call(method, args as never)).rejects.toMatchObject({ code: 'APP_UPLOAD_UNKNOWN' });
  });

  it('refuses a malformed id before a handler sees it', async () => {
    await expect(app.call('files.finish', { fileId: '../../etc/passwd' })).rejects.toMatchObject({ code: 'API_BAD_ARGUMENTS' });
  });
});

describe('files.begin', () => {
  it(`keeps at most ${MAX_OPEN_UPLOADS} unfinished uploads (APP_UPLOAD_LIMIT)`, async () => {
    for (let i = 0; i < MAX_OPEN_UPLOADS; i++) await app.call('files.begin', { name: `f${i}.zip`, size: 1 });
    await expect(app.call('files.begin', { name: 'one-more.zip', size: 1 })).rejects.toMatchObject({ code: 'APP_UPLOAD_LIMIT' });
  });

  it('never uses the name as a path', async () => {
    const { fileId, name } = await app.call('files.begin', { name: '../../../etc/passwd', size: 0 });
    expect(name).toBe('passwd');
    expect(readdirSync(uploadsDir())).toEqual([fileId]);
    expect(readdirSync(join(uploadsDir(), fileId))).toEqual(['data']);
  });
});

describe('files.discard', () => {
  it('deletes the copy', async () => {
    const { fileId } = await app.call('files.begin', { name: 'a.zip', size: 1 });
    expect(existsSync(join(uploadsDir(), fileId))).toBe(true);
    await expect(app.call('files.discard', { fileId })).resolves.toEqual({});
    expect(existsSync(join(uploadsDir(), fileId))).toBe(false);
  });
});

describe('files.openDialog', () => {
  it('is APP_UNSUPPORTED without a native dialog (the browser)', async () => {
    await expect(app.call('files.openDialog', {})).rejects.toMatchObject({ code: 'APP_UNSUPPORTED' });
  });

  it('registers the chosen file without copying or deleting it', async () => {
    const dialogApp = await openTestApp({ chooseBundleFile: () => Promise.resolve({ path: '/nonexistent/chosen.zip', name: 'chosen.zip', size: 5 }) });
    try {
      const { file } = await dialogApp.call('files.openDialog', {});
      expect(file).toMatchObject({ name: 'chosen.zip', size: 5 });
      await expect(dialogApp.call('files.discard', { fileId: file?.fileId ?? '' })).resolves.toEqual({});
    } finally {
      await dialogApp.close();
    }
  });

  it('never shows the data directory’s path in a failure message', async () => {
    const dialogApp = await openTestApp({ chooseBundleFile: () => Promise.resolve({ path: join(dialogApp.dir, 'gone.zip'), name: 'gone.zip', size: 5 }) });
    try {
      const { file } = await dialogApp.call('files.openDialog', {});
      const failure = await dialogApp.call('bundle.inspect', { fileId: file?.fileId ?? '' }).catch((error: unknown) => error as { code: string; message: string });
      expect(failure).toMatchObject({ code: 'BUNDLE_UNREADABLE' });
      expect((failure as { message: string }).message).toContain('<app data>');
      expect((failure as { message: string }).message).not.toContain(dialogApp.dir);
    } finally {
      await dialogApp.close();
    }
  });

  it('answers null when the person cancels the dialog', async () => {
    const dialogApp = await openTestApp({ chooseBundleFile: () => Promise.resolve(null) });
    try {
      await expect(dialogApp.call('files.openDialog', {})).resolves.toEqual({ file: null });
    } finally {
      await dialogApp.close();
    }
  });
});

describe('sanitiseFileName', () => {
  it.each([
    ['evidence.zip', 'evidence.zip'],
    ['C:\\Users\\x\\b.zip', 'b.zip'],
    ['.hidden', 'hidden'],
    ['', 'bundle.zip'],
    ['..', 'bundle.zip'],
    ['a\u0000b<>.zip', 'a_b__.zip'],
    ['x'.repeat(300), 'x'.repeat(120)],
  ])('%j → %j', (input, output) => {
    expect(sanitiseFileName(input)).toBe(output);
  });
});
