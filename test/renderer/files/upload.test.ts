import { describe, expect, it } from 'vitest';
// The chunks are encoded with the core's codec (the one the services decode them with).
import { bytesToBase64 as encodeBase64 } from '../../../src/core/encoding/base64.ts';
import { planChunks, uploadFile, uploadName, UPLOAD_CHUNK_BYTES, type UploadApi } from '../../../src/renderer/files/upload.ts';

describe('encodeBase64', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes the RFC 4648 vector %j as %j', (text, expected) => {
    expect(encodeBase64(new TextEncoder().encode(text))).toBe(expected);
  });

  it('matches Node for every byte value and lengths across its internal slice boundary', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(encodeBase64(all)).toBe(Buffer.from(all).toString('base64'));
    for (const length of [12_287, 12_288, 12_289, 12_290, UPLOAD_CHUNK_BYTES]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7919) & 255);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});

describe('planChunks', () => {
  it('returns no chunk for an empty file', () => {
    expect(planChunks(0)).toEqual([]);
  });

  it('cuts a file into 512 KiB chunks with a shorter last one', () => {
    const size = 2 * UPLOAD_CHUNK_BYTES + 5;
    expect(planChunks(size)).toEqual([
      { offset: 0, length: UPLOAD_CHUNK_BYTES },
      { offset: UPLOAD_CHUNK_BYTES, length: UPLOAD_CHUNK_BYTES },
      { offset: 2 * UPLOAD_CHUNK_BYTES, length: 5 },
    ]);
  });

  it('covers every byte exactly once', () => {
    const spans = planChunks(1_000_003, 4096);
    expect(spans.reduce((sum, span) => sum + span.length, 0)).toBe(1_000_003);
    spans.forEach((span, i) => expect(span.offset).toBe(i * 4096));
  });

  describe('when the size or chunk size is out of range', () => {
    it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('throws INVALID_ARGUMENT for size %s', (size) => {
      expect(() => planChunks(size)).toThrowWithCode('INVALID_ARGUMENT');
    });

    it('throws INPUT_TOO_LARGE for a file over 8 GiB', () => {
      expect(() => planChunks(8 * 1024 ** 3 + 1)).toThrowWithCode('INPUT_TOO_LARGE');
    });

    it.each([0, UPLOAD_CHUNK_BYTES + 1])('throws INVALID_ARGUMENT for chunk size %s', (chunk) => {
      expect(() => planChunks(10, chunk)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('uploadName', () => {
  it('removes path separators and control characters from a hostile name', () => {
    expect(uploadName('../../etc/\u0000passwd\n.zip')).toBe('....etcpasswd.zip');
  });

  it('names a file with no usable name "bundle"', () => {
    expect(uploadName(' \u0001/ ')).toBe('bundle');
  });

  it('cuts a long name to 255 characters keeping the extension', () => {
    const name = uploadName(`${'a'.repeat(400)}.warden-bundle`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.warden-bundle')).toBe(true);
  });
});

/** A fake `files.*` service that records calls and keeps the bytes it was sent. */
function fakeApi(options: { lie?: boolean; failAt?: number } = {}) {
  const calls: string[] = [];
  const received: Uint8Array[] = [];
  let held = 0;
  const api: UploadApi = {
    begin: async ({ name, size }) => {
      calls.push(`begin ${name} ${size}`);
      return { fileId: 'file-0001', name, size };
    },
    chunk: async ({ offset, data }) => {
      calls.push(`chunk ${offset}`);
      if (options.failAt === offset) throw Object.assign(new Error('disk full'), { code: 'API_INTERNAL' });
      const bytes = Buffer.from(data, 'base64');
      received.push(bytes);
      held += bytes.length;
      return { received: options.lie === true ? held + 1 : held };
    },
    finish: async ({ fileId }) => {
      calls.push('finish');
      return { fileId, name: 'x', size: held };
    },
    discard: async () => {
      calls.push('discard');
      return {};
    },
  };
  return { api, calls, received };
}

const bytes = Uint8Array.from({ length: 3 * 1000 + 17 }, (_, i) => (i * 31) & 255);
const source = () => Object.assign(new Blob([bytes]), { name: 'evidence.zip' });

describe('uploadFile', () => {
  it('sends begin, each chunk in order, then finish, and the bytes arrive intact', async () => {
    const { api, calls, received } = fakeApi();
    const progress: number[] = [];
    const file = await uploadFile(source(), api, { chunkBytes: 1000, onProgress: (p) => progress.push(p.sent) });
    expect(file).toEqual({ fileId: 'file-0001', name: 'x', size: bytes.length });
    expect(calls).toEqual(['begin evidence.zip 3017', 'chunk 0', 'chunk 1000', 'chunk 2000', 'chunk 3000', 'finish']);
    expect(Buffer.concat(received).equals(Buffer.from(bytes))).toBe(true);
    expect(progress).toEqual([0, 1000, 2000, 3000, 3017]);
  });

  it('reports a rate and an ETA from the clock', async () => {
    const { api } = fakeApi();
    let t = 0;
    const seen: { rate: number | null; eta: number | null }[] = [];
    await uploadFile(source(), api, {
      chunkBytes: 1000,
      now: () => (t += 500),
      onProgress: (p) => seen.push({ rate: p.ratePerSecond, eta: p.etaSeconds }),
    });
    expect(seen[0]).toEqual({ rate: null, eta: null });
    expect(seen[1]!.rate).toBe(2000);
    expect(seen[1]!.eta).toBeCloseTo(1.0085, 3);
  });

  describe('when cancelled part-way', () => {
    it('stops sending, discards the partial file and rejects with APP_CANCELLED', async () => {
      const { api, calls } = fakeApi();
      const controller = new AbortController();
      const upload = uploadFile(source(), api, {
        chunkBytes: 1000,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.sent === 1000) controller.abort();
        },
      });
      await expect(upload).toRejectWithCode('APP_CANCELLED');
      expect(calls).toEqual(['begin evidence.zip 3017', 'chunk 0', 'discard']);
    });

    it('sends nothing when cancelled before it starts', async () => {
      const { api, calls } = fakeApi();
      const controller = new AbortController();
      controller.abort();
      await expect(uploadFile(source(), api, { signal: controller.signal })).toRejectWithCode('APP_CANCELLED');
      expect(calls).toEqual([]);
    });
  });

  describe('when the services misbehave', () => {
    it('rejects with API_BAD_RESPONSE and discards when the acknowledged size is wrong', async () => {
      const { api, calls } = fakeApi({ lie: true });
      await expect(uploadFile(source(), api, { chunkBytes: 1000 })).toRejectWithCode('API_BAD_RESPONSE');
      expect(calls.at(-1)).toBe('discard');
    });

    it('passes on the services code and discards when a chunk fails', async () => {
      const { api, calls } = fakeApi({ failAt: 2000 });
      await expect(uploadFile(source(), api, { chunkBytes: 1000 })).toRejectWithCode('API_INTERNAL');
      expect(calls).toEqual(['begin evidence.zip 3017', 'chunk 0', 'chunk 1000', 'chunk 2000', 'discard']);
    });
  });

  it('uploads an empty file with begin and finish only', async () => {
    const { api, calls } = fakeApi();
    await uploadFile(Object.assign(new Blob([]), { name: 'empty.zip' }), api);
    expect(calls).toEqual(['begin empty.zip 0', 'finish']);
  });
});
