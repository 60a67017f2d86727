/**
 * Files the window hands over (a drop, an <input type=file>) in chunks, or that the native dialog
 * chose (Electron: the path stays in main). The window never sends a path.
 *
 * Policy (every argument is attacker-controlled, already bounded by the contract):
 * - chunks strictly in order: `offset` must equal the bytes received (APP_UPLOAD_OFFSET);
 * - data is strict padded base64 of at most MAX_UPLOAD_CHUNK_BYTES (APP_UPLOAD_BAD_DATA);
 * - never more than the size announced (APP_UPLOAD_TOO_LARGE), and `finish` needs exactly it
 *   (APP_UPLOAD_INCOMPLETE); finish computes the SHA-256;
 * - at most MAX_OPEN_UPLOADS unfinished uploads at once (APP_UPLOAD_LIMIT);
 * - the file is stored as `uploads/<random id>/data`: the name is sanitised for display only and
 *   never becomes part of a path; a discarded (or, at close, every) upload is deleted.
 * Writes are synchronous so that the offset check and the write are one step of the event loop:
 * two concurrent chunks cannot both pass the check.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/api/errors.ts';
import { MAX_UPLOAD_CHUNK_BYTES } from '../../core/api/schemas/sources.ts';
import { base64ToBytes } from '../../core/encoding/base64.ts';
import type { DialogFile } from './app-context.ts';

export const MAX_OPEN_UPLOADS = 4;
const MAX_NAME = 120;

export interface ChosenFile {
  readonly fileId: string;
  /** Sanitised, for display and for the replica's `bundle:<name>` source. */
  readonly name: string;
  readonly size: number;
}

interface Upload extends ChosenFile {
  readonly path: string;
  /** Deleted on discard/close (false for a file the native dialog chose). */
  readonly owned: boolean;
  fd: number | undefined;
  received: number;
  finished: boolean;
  sha256: string | undefined;
}

export class UploadStore {
  readonly #dir: string;
  readonly #uploads = new Map<string, Upload>();

  constructor(dir: string) {
    this.#dir = dir;
    // Leftovers of a previous run are never reused.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  /** Starts an upload of `size` bytes. Throws APP_UPLOAD_LIMIT. */
  begin(name: string, size: number): ChosenFile {
    const open = [...this.#uploads.values()].filter((u) => !u.finished).length;
    if (open >= MAX_OPEN_UPLOADS) throw new AppError('APP_UPLOAD_LIMIT', `at most ${MAX_OPEN_UPLOADS} files can be handed over at once`);
    const fileId = randomBytes(16).toString('base64url');
    const dir = path.join(this.#dir, fileId);
    mkdirSync(dir);
    const file = path.join(dir, 'data');
    const upload: Upload = { fileId, name: sanitiseFileName(name), size, path: file, owned: true, fd: openSync(file, 'wx', 0o600), received: 0, finished: false, sha256: undefined };
    this.#uploads.set(fileId, upload);
    return describe(upload);
  }

  /** Registers a file the native dialog chose (its path never leaves main). */
  adopt(file: DialogFile): ChosenFile {
    const fileId = randomBytes(16).toString('base64url');
    const upload: Upload = { fileId, name: sanitiseFileName(file.name), size: file.size, path: file.path, owned: false, fd: undefined, received: file.size, finished: true, sha256: undefined };
    this.#uploads.set(fileId, upload);
    return describe(upload);
  }

  /** Appends one chunk at `offset`. Throws APP_UPLOAD_UNKNOWN, APP_UPLOAD_OFFSET, APP_UPLOAD_BAD_DATA, APP_UPLOAD_TOO_LARGE. */
  chunk(fileId: string, offset: number, data: string): number {
    const upload = this.#open(fileId);
    if (offset !== upload.received) throw new AppError('APP_UPLOAD_OFFSET', `the chunk starts at ${offset}; ${upload.received} bytes were received`);
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(data);
    } catch (error) {
      throw new AppError('APP_UPLOAD_BAD_DATA', 'the chunk is not padded standard base64', { cause: error });
    }
    if (bytes.length > MAX_UPLOAD_CHUNK_BYTES) throw new AppError('APP_UPLOAD_BAD_DATA', `a chunk holds at most ${MAX_UPLOAD_CHUNK_BYTES} bytes`);
    if (upload.received + bytes.length > upload.size) {
      this.discard(fileId);
      throw new AppError('APP_UPLOAD_TOO_LARGE', `more than the ${upload.size} bytes announced`);
    }
    let written = 0;
    while (written < bytes.length) written += writeSync(upload.fd as number, bytes, written, bytes.length - written);
    upload.received += bytes.length;
    return upload.received;
  }

  /** Completes the upload and hashes it. Throws APP_UPLOAD_UNKNOWN, APP_UPLOAD_INCOMPLETE. */
  async finish(fileId: string): Promise<ChosenFile> {
    const upload = this.#get(fileId);
    if (upload.finished) return describe(upload);
    if (upload.received !== upload.size) throw new AppError('APP_UPLOAD_INCOMPLETE', `${upload.received} of ${upload.size} bytes were received`);
    closeSync(upload.fd as number);
    upload.fd = undefined;
    upload.finished = true;
    upload.sha256 = await hashFile(upload.path);
    return describe(upload);
  }

  /** Forgets the upload and deletes its copy. Throws APP_UPLOAD_UNKNOWN. */
  discard(fileId: string): void {
    const upload = this.#get(fileId);
    this.#uploads.delete(fileId);
    release(upload);
  }

  /** A finished file: its path (for the services only). Throws APP_UPLOAD_UNKNOWN, APP_UPLOAD_INCOMPLETE. */
  finished(fileId: string): ChosenFile & { readonly path: string } {
    const upload = this.#get(fileId);
    if (!upload.finished) throw new AppError('APP_UPLOAD_INCOMPLETE', 'the file is not finished yet');
    return { ...describe(upload), path: upload.path };
  }

  /** SHA-256 (hex) of a finished upload, once computed. */
  sha256(fileId: string): string | undefined {
    return this.#uploads.get(fileId)?.sha256;
  }

  /** Deletes every upload (close). */
  clear(): void {
    for (const upload of this.#uploads.values()) release(upload);
    this.#uploads.clear();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #get(fileId: string): Upload {
    const upload = this.#uploads.get(fileId);
    if (upload === undefined) throw new AppError('APP_UPLOAD_UNKNOWN', 'no file with this id');
    return upload;
  }

  #open(fileId: string): Upload {
    const upload = this.#get(fileId);
    if (upload.finished) throw new AppError('APP_UPLOAD_OFFSET', 'the file is finished: no more chunks');
    return upload;
  }
}

function describe(upload: Upload): ChosenFile {
  return { fileId: upload.fileId, name: upload.name, size: upload.size };
}

function release(upload: Upload): void {
  if (upload.fd !== undefined) closeSync(upload.fd);
  upload.fd = undefined;
  if (upload.owned) rmSync(path.dirname(upload.path), { recursive: true, force: true });
}

/**
 * A name for display: the last path segment, characters outside a safe set replaced by `_`, no
 * leading dots, bounded. Never used as a path.
 */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const safe = base.replace(/[^A-Za-z0-9._ ()+-]/g, '_').replace(/^[.\s]+/, '').trim().slice(0, MAX_NAME);
  return safe === '' ? 'bundle.zip' : safe;
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}
