/**
 * An EvidenceSource over files held in memory (path → bytes) in the evidence layout: for tests, for
 * evidence just built (evidence-writer.ts), and for adapters that have already unpacked a small
 * container. The map is read, never copied or modified.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { EvidenceSource } from './evidence-source.ts';
import { createLayoutSource, type LayoutFiles } from './layout-source.ts';

/** Layout access to `files` (relative "/"-separated paths). Sizes above the limits are refused like on disk. */
export function memoryFiles(files: ReadonlyMap<string, Uint8Array>): LayoutFiles {
  return {
    read(path, maxBytes) {
      const bytes = files.get(path);
      if (bytes !== undefined && bytes.length > maxBytes) {
        return Promise.reject(new ProtocolError('EVIDENCE_UNREADABLE', `${path} is larger than ${maxBytes} bytes`));
      }
      return Promise.resolve(bytes);
    },
    list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const key of files.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.slice(0, slash));
      }
      return Promise.resolve([...names].sort());
    },
  };
}

/** A source over `files`, named `name`. */
export function createMemoryEvidenceSource(files: ReadonlyMap<string, Uint8Array>, name = 'memory'): EvidenceSource {
  return createLayoutSource(memoryFiles(files), { kind: 'memory', name });
}
