import type { LogSource } from '../../../../src/node/sync/log-source.ts';
import type { ServedLog } from './served-log.ts';

/** A LogSource serving the first `size` entries of `log` (or the given checkpoint note) without HTTP. */
export function memorySource(log: ServedLog, size = log.size, note?: string): LogSource {
  return {
    location: `memory:${log.origin}`,
    fetchCheckpoint: () => Promise.resolve(note ?? log.checkpoint(size)),
    fetchTile: (level, index, width) => {
      const tile = log.tile(level, Number(index), width);
      return tile === undefined ? Promise.reject(new Error(`no tile ${level}/${index}.${width}`)) : Promise.resolve(tile);
    },
    fetchEntryBundle: (index, width) => {
      const bundle = log.bundle(Number(index), width);
      return bundle === undefined ? Promise.reject(new Error(`no bundle ${index}.${width}`)) : Promise.resolve(bundle);
    },
  };
}
