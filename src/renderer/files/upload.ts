import type { ApiArgsInput, ApiResult } from '../../core/api/contract.ts';
import { AppError } from '../../core/api/errors.ts';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_CHUNK_BYTES } from '../../core/api/schemas/sources.ts';
import { bytesToBase64 } from '../../core/encoding/base64.ts';

/**
 * Handing a chosen file (dialog, drop, <input type=file>) to the app's services: `files.begin`,
 * then `files.chunk` in order (512 KiB each, base64), then `files.finish`. The window never sees or
 * sends a path. Cancelling, or any failure after `begin`, discards the partial file (`files.discard`)
 * so nothing half-written stays behind. Pure apart from the injected API: tested in Node.
 */
export const UPLOAD_CHUNK_BYTES = MAX_UPLOAD_CHUNK_BYTES;
const MAX_NAME_LENGTH = 255;

export type ChosenFile = ApiResult<'files.begin'>;

/** The four `files.*` calls the upload needs (api.ts `call` in the app, a fake in tests). */
export interface UploadApi {
  begin(args: ApiArgsInput<'files.begin'>): Promise<ChosenFile>;
  chunk(args: ApiArgsInput<'files.chunk'>): Promise<ApiResult<'files.chunk'>>;
  finish(args: ApiArgsInput<'files.finish'>): Promise<ChosenFile>;
  discard(args: ApiArgsInput<'files.discard'>): Promise<unknown>;
}

/** What the upload reads: a File or Blob with a name (structural, so Node's Blob works in tests). */
export interface UploadSource {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface UploadProgress {
  readonly sent: number;
  readonly total: number;
  /** Bytes per second so far (null until a chunk has gone). */
  readonly ratePerSecond: number | null;
  readonly etaSeconds: number | null;
}

export interface UploadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly chunkBytes?: number;
  /** Clock in ms (tests pass a fake). */
  readonly now?: () => number;
}

export interface ChunkSpan {
  readonly offset: number;
  readonly length: number;
}

/**
 * The chunks of a file of `size` bytes, in order, each at most `chunkBytes`. Precondition: `size`
 * is a safe integer in 0..MAX_UPLOAD_BYTES and `chunkBytes` in 1..MAX_UPLOAD_CHUNK_BYTES; otherwise
 * throws AppError INPUT_TOO_LARGE (too big) or INVALID_ARGUMENT.
 */
export function planChunks(size: number, chunkBytes: number = UPLOAD_CHUNK_BYTES): ChunkSpan[] {
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_UPLOAD_CHUNK_BYTES) {
    throw new AppError('INVALID_ARGUMENT', `chunk size ${chunkBytes} is outside 1..${MAX_UPLOAD_CHUNK_BYTES}`);
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new AppError('INVALID_ARGUMENT', `file size ${size} is not a byte count`);
  if (size > MAX_UPLOAD_BYTES) throw new AppError('INPUT_TOO_LARGE', `the file has ${size} bytes; the limit is ${MAX_UPLOAD_BYTES}`);
  const spans: ChunkSpan[] = [];
  for (let offset = 0; offset < size; offset += chunkBytes) spans.push({ offset, length: Math.min(chunkBytes, size - offset) });
  return spans;
}

/**
 * A file name as `files.begin` accepts it (1–255 characters): control characters and path
 * separators removed (a dropped file's name is attacker-chosen), long names cut keeping the extension.
 */
export function uploadName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim();
  if (clean === '') return 'bundle';
  if (clean.length <= MAX_NAME_LENGTH) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('APP_CANCELLED', 'the upload was cancelled');
}

/**
 * Uploads `source` and resolves to the chosen file's handle. Rejects with AppError: APP_CANCELLED
 * when `signal` aborts, API_BAD_RESPONSE when the services acknowledge a different byte count, the
 * services' code otherwise (INPUT_TOO_LARGE before anything is sent for an oversized file).
 */
export async function uploadFile(source: UploadSource, api: UploadApi, options: UploadOptions = {}): Promise<ChosenFile> {
  const { signal, onProgress, now = () => Date.now() } = options;
  const spans = planChunks(source.size, options.chunkBytes);
  throwIfCancelled(signal);
  const begun = await api.begin({ name: uploadName(source.name), size: source.size });
  const startedMs = now();
  try {
    let sent = 0;
    onProgress?.({ sent, total: source.size, ratePerSecond: null, etaSeconds: null });
    for (const span of spans) {
      throwIfCancelled(signal);
      const bytes = new Uint8Array(await source.slice(span.offset, span.offset + span.length).arrayBuffer());
      if (bytes.length !== span.length) throw new AppError('API_INTERNAL', `read ${bytes.length} bytes at ${span.offset}, expected ${span.length}`);
      throwIfCancelled(signal);
      const { received } = await api.chunk({ fileId: begun.fileId, offset: span.offset, data: bytesToBase64(bytes) });
      sent = span.offset + span.length;
      if (received !== sent) throw new AppError('API_BAD_RESPONSE', `the services hold ${received} bytes after ${sent} were sent`);
      const seconds = Math.max(0.001, (now() - startedMs) / 1000);
      const rate = sent / seconds;
      onProgress?.({ sent, total: source.size, ratePerSecond: rate, etaSeconds: (source.size - sent) / rate });
    }
    throwIfCancelled(signal);
    return await api.finish({ fileId: begun.fileId });
  } catch (error) {
    // Best effort: the failure the person sees is the original one, not the discard's.
    await api.discard({ fileId: begun.fileId }).catch(() => undefined);
    throw error;
  }
}
