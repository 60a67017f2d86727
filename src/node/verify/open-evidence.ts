/**
 * Opening evidence by path for `warden verify <path>` and the app: a directory in the evidence
 * layout, or a file recognised by one of EVIDENCE_OPENERS.
 *
 * Extension point: each file kind has one opener below: `detect` looks at the first bytes of the
 * file and `open` returns an EvidenceSource (see the adapter rules in evidence-source.ts). Registered:
 * the evidence bundle (zip, src/node/bundle/zip-evidence-source.ts) and the replica database
 * (SQLite, replica-source.ts). A file no opener recognises is refused with EVIDENCE_UNSUPPORTED
 * (exit 2 on the command line).
 */
import { open, stat } from 'node:fs/promises';
import { ProtocolError } from '../../core/errors.ts';
import { bundleEvidenceOpener } from '../bundle/zip-evidence-source.ts';
import { openEvidenceDirectory } from './directory-source.ts';
import type { EvidenceSource } from './evidence-source.ts';
import { replicaEvidenceOpener } from './replica-source.ts';

export interface EvidenceOpener {
  /** What it opens, for messages ("evidence bundle (zip)"). */
  readonly name: string;
  /** Whether the file starting with `head` (up to 64 bytes) is this kind. */
  detect(head: Uint8Array): boolean;
  open(path: string, options: OpenEvidenceOptions): Promise<EvidenceSource>;
}

export interface OpenEvidenceOptions {
  /** For containers holding several logs (a replica): the origin to open. */
  readonly origin?: string;
}

/** File kinds `warden verify` opens besides directories. */
export const EVIDENCE_OPENERS: readonly EvidenceOpener[] = [replicaEvidenceOpener, bundleEvidenceOpener];

const KNOWN_SIGNATURES: readonly [string, Uint8Array][] = [
  ['an evidence bundle (zip)', Uint8Array.of(0x50, 0x4b, 0x03, 0x04)],
  ['a replica database (SQLite)', new TextEncoder().encode('SQLite format 3\0')],
];

/**
 * Opens the evidence at `path`. Throws EVIDENCE_UNREADABLE if it cannot be read, EVIDENCE_UNSUPPORTED
 * for a file no opener recognises.
 */
export async function openEvidence(path: string, options: OpenEvidenceOptions = {}, openers: readonly EvidenceOpener[] = EVIDENCE_OPENERS): Promise<EvidenceSource> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ProtocolError('EVIDENCE_UNREADABLE', `cannot open ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  if (isDirectory) return openEvidenceDirectory(path);
  const head = await readHead(path);
  const opener = openers.find((o) => o.detect(head));
  if (opener !== undefined) return opener.open(path, options);
  const known = KNOWN_SIGNATURES.find(([, magic]) => magic.every((b, i) => head[i] === b));
  throw new ProtocolError(
    'EVIDENCE_UNSUPPORTED',
    known === undefined
      ? `${path} is not an evidence directory or a recognised evidence file`
      : `${path} looks like ${known[0]} but is not one that can be opened`,
  );
}

async function readHead(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = new Uint8Array(64);
    const { bytesRead } = await handle.read(buffer, 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw new ProtocolError('EVIDENCE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  } finally {
    await handle?.close();
  }
}
