import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseJsonBytesStrict } from '../../core/json.ts';
import { ProtocolError, parseWithCode } from '../../core/errors.ts';

const packageSchema = z.object({ version: z.string().min(1).max(64) });

/**
 * The `version` field of the package.json at `path`, for `app.info` outside Electron (where
 * `app.getVersion()` provides it). Throws INPUT_TOO_LARGE for a file over 1 MiB, JSON_* codes for
 * malformed JSON, INVALID_ARGUMENT when there is no string `version`.
 */
export async function readPackageVersion(path: string): Promise<string> {
  const bytes = await readFile(path);
  if (bytes.length > 1024 * 1024) throw new ProtocolError('INPUT_TOO_LARGE', `${path} is larger than 1 MiB`);
  const json = parseJsonBytesStrict(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  return parseWithCode('INVALID_ARGUMENT', `${path} has no version`, () => packageSchema.parse(json)).version;
}
