import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { ProtocolError } from '../../../src/core/errors.ts';
import { parseCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { decodeCosignature } from '../../../src/core/note/cosignature.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { parseNote } from '../../../src/core/note/signed-note.ts';
import { parseSignerKey } from '../../../src/core/note/signer-key.ts';
import { parseTlogProof } from '../../../src/core/note/tlog-proof.ts';
import { parseVerifierKey } from '../../../src/core/note/vkey.ts';

const REKOR_VKEY = 'log2025-1.rekor.sigstore.dev+cf119915+AbfK5adZJxsI323FwGD2AJJ9F4i89cfDuLdGJBIYntuO';
const REKOR_NOTE =
  'log2025-1.rekor.sigstore.dev\n412115\n+8vUkEgBK/ansexBUomzocaWoPEmPIzxJC/y+xNMQN4=\n\n\u2014 log2025-1.rekor.sigstore.dev zxGZFahCZ/+MqTjH4rC5MWcdLDWbpetE5l30RZfQc4BQkRjWSoKipEUPjvHENeZDHIlAsuezJcLzUVvItpNjaSRoMAs=\n';

/** Runs `parse` and fails on anything but a result or a ProtocolError with a code. */
function onlyProtocolErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect(typeof (error as ProtocolError).code).toBe('string');
  }
}

// Strings built from the characters these formats care about, so that the fuzzer reaches deep paths.
const noteChars = fc.constantFrom('\n', '\u2014', ' ', '+', '=', 'A', 'a', '0', '1', '/', '\r', '\u0000', '\ud800', 'é', 'x');
const noteLike = fc.array(noteChars, { maxLength: 200 }).map((chars) => chars.join(''));

describe('note parsers on arbitrary input', () => {
  const runs = { numRuns: 400 };

  it('parseNote, parseCheckpoint, parseTlogProof, parseVerifierKey, parseSignerKey throw only coded errors', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), noteLike), (text) => {
        onlyProtocolErrors(() => parseNote(text));
        onlyProtocolErrors(() => parseCheckpoint(text));
        onlyProtocolErrors(() => parseTlogProof(text));
        onlyProtocolErrors(() => parseVerifierKey(text));
        onlyProtocolErrors(() => parseSignerKey(text));
        onlyProtocolErrors(() => decodeCosignature(text));
      }),
      runs,
    );
  });

  it('parseNote and parseTlogProof throw only coded errors on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        onlyProtocolErrors(() => parseNote(bytes));
        onlyProtocolErrors(() => parseTlogProof(bytes));
      }),
      runs,
    );
  });

  it('openCheckpoint rejects every single-byte change of a real checkpoint with a code', () => {
    const bytes = utf8ToBytes(REKOR_NOTE);
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (offset, delta) => {
        const mutated = bytes.slice();
        mutated[offset] = ((mutated[offset] as number) + delta) & 0xff;
        let accepted = false;
        try {
          openCheckpoint(mutated, REKOR_VKEY);
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
        expect(accepted).toBe(false);
      }),
      runs,
    );
  });
});
