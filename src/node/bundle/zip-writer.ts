/**
 * Writes a bundle file as a zip, streaming, with fflate's `Zip` (APPNOTE: local headers with data
 * descriptors, then the central directory), member by member: memory holds one member at a time.
 *
 * Policy:
 * - deterministic bytes: every member gets the same DOS time (1980-01-01 00:00, the format's
 *   earliest), no comment, no extra field, so that the same content gives the same file;
 * - a compressible member is deflated with node:zlib (RFC 1951, about twice fflate's speed) in one
 *   piece; hash tiles (random bytes) are stored;
 * - the file appears only when complete: it is written as `<out>.partial-<random>`, fsynced, and
 *   renamed over `out`; a failure or `abort()` removes the partial file.
 * Every written member is recorded (size and SHA-256 of its uncompressed bytes) for the manifest.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';
import { isProtocolError } from '../../core/errors.ts';
import { createBundleError } from './bundle-errors.ts';
import type { ManifestMember } from './bundle-format.ts';

/** fflate reads the DOS time from local-time fields, so a local-time Date gives the same bytes in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** A member deflated by node:zlib; pushed once, as a whole (a raw deflate stream per member). */
class DeflatedMember extends ZipPassThrough {
  constructor(name: string) {
    super(name);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    const out = deflateRawSync(chunk, { level: 6 });
    this.ondata(null, new Uint8Array(out.buffer, out.byteOffset, out.length), final);
  }
}

export interface WrittenBundle {
  readonly file: string;
  readonly bytes: number;
  /** Lowercase hex SHA-256 of the file. */
  readonly sha256: string;
}

export class BundleZipWriter {
  readonly #out: string;
  readonly #partial: string;
  readonly #handle: FileHandle;
  readonly #zip: Zip;
  readonly #hash = createHash('sha256');
  readonly #members: ManifestMember[] = [];
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #failure: Error | undefined;
  #closed = false;

  private constructor(out: string, partial: string, handle: FileHandle) {
    this.#out = out;
    this.#partial = partial;
    this.#handle = handle;
    this.#zip = new Zip((error, chunk) => {
      if (error !== null) {
        this.#failure ??= error;
        return;
      }
      this.#chunks.push(chunk);
    });
  }

  /** Starts writing `out` (through a partial file beside it). Throws BUNDLE_WRITE_FAILED. */
  static async create(out: string): Promise<BundleZipWriter> {
    const partial = `${out}.partial-${randomBytes(6).toString('hex')}`;
    try {
      return new BundleZipWriter(out, partial, await open(partial, 'wx'));
    } catch (error) {
      throw createBundleError('BUNDLE_WRITE_FAILED', `cannot create ${partial}: ${errnoOf(error)}`, undefined, error);
    }
  }

  /** The members written so far, in order. */
  get members(): readonly ManifestMember[] {
    return this.#members;
  }

  /** Adds member `name` with `bytes`, deflated unless `store`. Throws BUNDLE_WRITE_FAILED. */
  async add(name: string, bytes: Uint8Array, options: { store?: boolean } = {}): Promise<void> {
    const file = options.store === true ? new ZipPassThrough(name) : new DeflatedMember(name);
    file.mtime = FIXED_MTIME;
    this.#zip.add(file);
    file.push(bytes, true);
    this.#members.push({ name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    await this.#flush();
  }

  /**
   * Adds `lastName` with `lastBytes` (the manifest), ends the zip, syncs and renames the file into
   * place. Throws BUNDLE_WRITE_FAILED (the partial file is removed).
   */
  async finish(lastName: string, lastBytes: Uint8Array): Promise<WrittenBundle> {
    try {
      const file = new DeflatedMember(lastName);
      file.mtime = FIXED_MTIME;
      this.#zip.add(file);
      file.push(lastBytes, true);
      this.#zip.end();
      await this.#flush();
      await this.#handle.sync();
      await this.#handle.close();
      this.#closed = true;
      await rename(this.#partial, this.#out);
    } catch (error) {
      await this.abort();
      if (isProtocolError(error)) throw error;
      throw createBundleError('BUNDLE_WRITE_FAILED', `cannot write ${this.#out}: ${errnoOf(error)}`, undefined, error);
    }
    return { file: this.#out, bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }

  /** Stops and removes the partial file. Never throws. */
  async abort(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => undefined);
    }
    await rm(this.#partial, { force: true }).catch(() => undefined);
  }

  async #flush(): Promise<void> {
    if (this.#failure !== undefined) throw createBundleError('BUNDLE_WRITE_FAILED', `zip writer failed: ${this.#failure.message}`, undefined, this.#failure);
    const chunks = this.#chunks;
    this.#chunks = [];
    try {
      for (const chunk of chunks) {
        this.#hash.update(chunk);
        this.#bytes += chunk.length;
        let done = 0;
        while (done < chunk.length) done += (await this.#handle.write(chunk, done, chunk.length - done)).bytesWritten;
      }
    } catch (error) {
      throw createBundleError('BUNDLE_WRITE_FAILED', `cannot write ${this.#partial}: ${errnoOf(error)}`, undefined, error);
    }
  }
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
}
