/**
 * Probing a registry before pinning anything: its newest checkpoint and the log key it claims
 * (`GET /v1/registry`, docs/protocol.md §11.3), with the key's fingerprint for the person to compare
 * out of band. Policy: the claimed key is NOT trusted; it is only checked to be consistent (the
 * checkpoint verifies under it, the origins agree), so that a probe of a broken or lying registry
 * fails clearly (SYNC_CHECKPOINT_INVALID) before anyone is asked to confirm a fingerprint.
 * Every answer is attacker-controlled: bounded bodies (http-get.ts), strict JSON, a schema.
 */
import { z } from 'zod';
import { AppError } from '../../core/api/errors.ts';
import { bytesToUtf8 } from '../../core/encoding/utf8.ts';
import { isProtocolError } from '../../core/errors.ts';
import { parseJsonStrict } from '../../core/json.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../core/note/open-checkpoint.ts';
import { parseVerifierKey, type VerifierKey } from '../../core/note/vkey.ts';
import { ReplicaError } from '../replica/replica-error.ts';
import { httpGet } from '../sync/http-get.ts';
import { HttpLogSource } from '../sync/http-log-source.ts';

const MAX_REGISTRY_INFO_BYTES = 64 * 1024;
const PROBE_TIMEOUT_MS = 15_000;

const registryInfoSchema = z.object({ origin: z.string().min(1).max(500), log_key: z.string().min(1).max(512) });

export interface ProbedRegistry {
  /** The normalised URL (no trailing slash). */
  readonly url: string;
  readonly claimedKey: VerifierKey;
  readonly checkpoint: OpenedCheckpoint;
}

/**
 * Reads and cross-checks what the registry at `url` claims. Throws ReplicaError SYNC_NETWORK (bad URL,
 * unreachable), SYNC_TIMEOUT, SYNC_HTTP_STATUS, SYNC_BAD_RESPONSE, SYNC_RESPONSE_TOO_LARGE, or
 * AppError SYNC_CHECKPOINT_INVALID when the checkpoint does not verify under the claimed key.
 */
export async function probeRegistry(url: string, signal?: AbortSignal): Promise<ProbedRegistry> {
  const source = new HttpLogSource(url, { timeoutMs: PROBE_TIMEOUT_MS });
  const base = new URL(`${source.location}/`);
  const infoBytes = await httpGet(new URL('v1/registry', base), {
    timeoutMs: PROBE_TIMEOUT_MS,
    idleTimeoutMs: PROBE_TIMEOUT_MS,
    maxBytes: MAX_REGISTRY_INFO_BYTES,
    compression: false,
    ...(signal === undefined ? {} : { signal }),
  });
  const info = parseInfo(infoBytes);
  let claimedKey: VerifierKey;
  try {
    claimedKey = parseVerifierKey(info.log_key);
  } catch (error) {
    throw new ReplicaError('SYNC_BAD_RESPONSE', 'the registry publishes a log key that is not a valid verifier key', { cause: error });
  }
  if (claimedKey.name !== info.origin) {
    throw new ReplicaError('SYNC_BAD_RESPONSE', `the registry names its log ${info.origin} but its key is for ${claimedKey.name}`);
  }
  const note = await source.fetchCheckpoint(signal);
  let checkpoint: OpenedCheckpoint;
  try {
    checkpoint = openCheckpoint(note, claimedKey);
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    throw new AppError('SYNC_CHECKPOINT_INVALID', `the registry's checkpoint does not verify under the key it publishes (${error.code})`, { cause: error });
  }
  return { url: source.location, claimedKey, checkpoint };
}

function parseInfo(bytes: Uint8Array): z.output<typeof registryInfoSchema> {
  try {
    return registryInfoSchema.parse(parseJsonStrict(bytesToUtf8(bytes)));
  } catch (error) {
    throw new ReplicaError('SYNC_BAD_RESPONSE', 'GET /v1/registry did not answer with the registry description (is this a Warden registry?)', { cause: error });
  }
}
