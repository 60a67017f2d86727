/**
 * An EvidenceSource over a directory in the evidence layout (evidence-source.ts): what `warden
 * verify <dir>` reads, and what an unpacked evidence bundle looks like.
 *
 * Policy: every file is opened, measured and read through one descriptor (no stat-then-read race on
 * the size limit), synchronously; an absent file or directory is `undefined` / `[]`; any other I/O
 * error is EVIDENCE_UNREADABLE. Paths come only from the layout's own formatting (tile-path.ts), never from
 * the evidence, so nothing can escape the directory.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProtocolError } from '../../core/errors.ts';
import type { EvidenceSource } from './evidence-source.ts';
import { createLayoutSource, type LayoutFiles } from './layout-source.ts';

const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? '';
}

/** Layout access to the files under `root`. */
export function directoryFiles(root: string): LayoutFiles {
  return {
    read(relative, maxBytes) {
      // Synchronous reads: a tile is one small local file, and the engine reads thousands of them
      // in a row; a thread-pool round trip per step costs more than the read (issue 5 "Speed").
      const file = path.join(root, ...relative.split('/'));
      let fd: number;
      try {
        fd = openSync(file, 'r');
      } catch (error) {
        if (ABSENT.has(errorCode(error))) return Promise.resolve(undefined);
        return Promise.reject(new ProtocolError('EVIDENCE_UNREADABLE', `cannot open ${relative}: ${errorCode(error) || String(error)}`, { cause: error }));
      }
      try {
        const info = fstatSync(fd);
        if (!info.isFile()) return Promise.resolve(undefined);
        if (info.size > maxBytes) {
          return Promise.reject(new ProtocolError('EVIDENCE_UNREADABLE', `${relative} is ${info.size} bytes; at most ${maxBytes} are accepted`));
        }
        const bytes = new Uint8Array(info.size);
        let offset = 0;
        while (offset < bytes.length) {
          const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
          if (n === 0) break;
          offset += n;
        }
        // A file that shrank while read gives what it holds; one that grew is read to its first size.
        return Promise.resolve(offset === bytes.length ? bytes : bytes.subarray(0, offset));
      } catch (error) {
        if (ABSENT.has(errorCode(error))) return Promise.resolve(undefined);
        return Promise.reject(new ProtocolError('EVIDENCE_UNREADABLE', `cannot read ${relative}: ${errorCode(error) || String(error)}`, { cause: error }));
      } finally {
        closeSync(fd);
      }
    },
    async list(relative) {
      try {
        return await readdir(relative === '' ? root : path.join(root, ...relative.split('/')));
      } catch (error) {
        if (ABSENT.has(errorCode(error))) return [];
        throw new ProtocolError('EVIDENCE_UNREADABLE', `cannot list ${relative}: ${errorCode(error) || String(error)}`, { cause: error });
      }
    },
  };
}

/**
 * Opens the evidence directory at `root`. Throws EVIDENCE_UNREADABLE if it is not a readable
 * directory. Nothing else is read until the engine asks.
 */
export async function openEvidenceDirectory(root: string): Promise<EvidenceSource> {
  try {
    const info = await stat(root);
    if (!info.isDirectory()) throw new ProtocolError('EVIDENCE_UNREADABLE', `${root} is not a directory`);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('EVIDENCE_UNREADABLE', `cannot open ${root}: ${errorCode(error) || String(error)}`, { cause: error });
  }
  return createLayoutSource(directoryFiles(root), { kind: 'directory', name: path.basename(path.resolve(root)) });
}
