import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/core/errors.ts';
import { decodeEntryBundle } from '../../../src/core/tiles/entry-bundle.ts';
import { splitHashTile } from '../../../src/core/tiles/hash-tile.ts';
import { formatEntryBundlePath, formatTilePath, parseTilePath } from '../../../src/core/tiles/tile-path.ts';

function onlyProtocolErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
  }
}

const pathChars = fc.constantFrom('tile/', 'entries/', 'x', '0', '1', '9', '/', '.p/', '.', 'p', '-', '25', '6');
const pathLike = fc.array(pathChars, { maxLength: 30 }).map((parts) => parts.join(''));

describe('tile parsers on arbitrary input', () => {
  it('parseTilePath throws only TILE_PATH_INVALID and round-trips what it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), pathLike), (path) => {
        let parsed;
        try {
          parsed = parseTilePath(path);
        } catch (error) {
          expect((error as ProtocolError).code).toBe('TILE_PATH_INVALID');
          return;
        }
        const again =
          parsed.kind === 'hash' ? formatTilePath(parsed.level, parsed.index, parsed.width) : formatEntryBundlePath(parsed.index, parsed.width);
        expect(again).toBe(path);
      }),
      { numRuns: 1000 },
    );
  });

  it('decodeEntryBundle and splitHashTile throw only coded errors on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }), (bytes, count) => {
        onlyProtocolErrors(() => decodeEntryBundle(bytes, count));
        onlyProtocolErrors(() => splitHashTile(bytes, count));
      }),
      { numRuns: 500 },
    );
  });
});
