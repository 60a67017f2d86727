import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidenceDirectory } from '../../../src/node/verify/directory-source.ts';
import type { EvidenceCheckpoint, EvidenceSource } from '../../../src/node/verify/evidence-source.ts';
import { createMemoryEvidenceSource } from '../../../src/node/verify/memory-source.ts';
import { openEvidence, type EvidenceOpener } from '../../../src/node/verify/open-evidence.ts';

let root = '';
const enc = (t: string): Uint8Array => new TextEncoder().encode(t);

function put(relative: string, bytes: Uint8Array | string): void {
  const file = path.join(root, ...relative.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

async function checkpoints(source: EvidenceSource): Promise<EvidenceCheckpoint[]> {
  const out: EvidenceCheckpoint[] = [];
  for await (const c of source.listCheckpoints()) out.push(c);
  return out;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'warden-evidence-'));
  put('checkpoint', 'latest');
  put('checkpoints/10-0', 'ten');
  put('checkpoints/9-1', 'nine b');
  put('checkpoints/9-0', 'nine a');
  put('checkpoints/010-0', 'leading zero: ignored');
  put('checkpoints/notes.txt', 'ignored');
  put('checkpoints/seen-at.json', JSON.stringify({ '9-0': '2026-01-01T00:00:00.000Z' }));
  put('tile/entries/000', 'full bundle');
  put('tile/entries/001.p/7', 'partial 7');
  put('tile/entries/001.p/9', 'partial 9');
  put('tile/0/x001/234', new Uint8Array(8192));
  put('tile/0/x001/234.p/3', new Uint8Array(96));
  put('claimed-state.json', '{}');
});

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('openEvidenceDirectory', () => {
  it('lists the latest checkpoint first, then the history by size and sequence, with seen times', async () => {
    const source = await openEvidenceDirectory(root);
    const list = await checkpoints(source);
    expect(list.map((c) => [c.source, new TextDecoder().decode(c.note), c.latest ?? false, c.seenAt ?? null])).toEqual([
      ['checkpoint', 'latest', true, null],
      ['checkpoints/9-0', 'nine a', false, '2026-01-01T00:00:00.000Z'],
      ['checkpoints/9-1', 'nine b', false, null],
      ['checkpoints/10-0', 'ten', false, null],
    ]);
    expect(source.describe()).toEqual({ kind: 'directory', name: path.basename(root) });
  });

  it('reads tiles by exact width and lists the stored widths', async () => {
    const source = await openEvidenceDirectory(root);
    expect(new TextDecoder().decode(await source.readEntryBundle(0n, 256))).toBe('full bundle');
    expect(await source.readEntryBundle(1n, 8)).toBeUndefined();
    expect(await source.storedWidths('entries', 1n)).toEqual([7, 9]);
    expect(await source.storedWidths('entries', 0n)).toEqual([256]);
    expect(await source.storedWidths(0, 1234n)).toEqual([3, 256]);
    expect(await source.storedWidths(3, 0n)).toEqual([]);
    expect((await source.readHashTile(0, 1234n, 3))?.length).toBe(96);
    expect(new TextDecoder().decode(await source.readClaimedState())).toBe('{}');
    expect(await source.inputHashes()).toEqual([]);
  });

  it('refuses a tile larger than a tile can be', async () => {
    put('tile/1/000', new Uint8Array(8193));
    const source = await openEvidenceDirectory(root);
    await expect(source.readHashTile(1, 0n, 256)).toRejectWithCode('EVIDENCE_UNREADABLE');
    rmSync(path.join(root, 'tile', '1'), { recursive: true });
  });

  it('refuses a malformed seen-at.json', async () => {
    put('checkpoints/seen-at.json', '{"9-0": "yesterday"}');
    const source = await openEvidenceDirectory(root);
    await expect(checkpoints(source)).rejects.toMatchObject({ code: 'EVIDENCE_UNREADABLE' });
    put('checkpoints/seen-at.json', '{}');
  });

  it('refuses a path that is not a directory', async () => {
    await expect(openEvidenceDirectory(path.join(root, 'checkpoint'))).toRejectWithCode('EVIDENCE_UNREADABLE');
    await expect(openEvidenceDirectory(path.join(root, 'absent'))).toRejectWithCode('EVIDENCE_UNREADABLE');
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file as EVIDENCE_UNREADABLE (skipped as root, who can read anything)', async () => {
    put('claimed-state.json', '{}');
    chmodSync(path.join(root, 'claimed-state.json'), 0o000);
    const source = await openEvidenceDirectory(root);
    await expect(source.readClaimedState()).toRejectWithCode('EVIDENCE_UNREADABLE');
    chmodSync(path.join(root, 'claimed-state.json'), 0o644);
  });
});

describe('createMemoryEvidenceSource', () => {
  it('reads the same layout from a map', async () => {
    const source = createMemoryEvidenceSource(new Map([
      ['checkpoint', enc('c')],
      ['tile/entries/000.p/3', enc('x')],
      ['tile/entries/000.p/5', enc('y')],
    ]));
    expect((await checkpoints(source)).map((c) => c.source)).toEqual(['checkpoint']);
    expect(await source.storedWidths('entries', 0n)).toEqual([3, 5]);
    expect(await source.readClaimedState()).toBeUndefined();
  });
});

describe('openEvidence', () => {
  it('opens a directory, refuses unknown files with EVIDENCE_UNSUPPORTED and uses a registered opener', async () => {
    expect((await openEvidence(root)).describe().kind).toBe('directory');
    put('bundle.zip', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2));
    await expect(openEvidence(path.join(root, 'bundle.zip'))).toRejectWithCode('EVIDENCE_UNSUPPORTED');
    await expect(openEvidence(path.join(root, 'nothing-here'))).toRejectWithCode('EVIDENCE_UNREADABLE');
    const opener: EvidenceOpener = {
      name: 'test zip',
      detect: (head) => head[0] === 0x50 && head[1] === 0x4b,
      open: () => Promise.resolve(createMemoryEvidenceSource(new Map(), 'zip')),
    };
    expect((await openEvidence(path.join(root, 'bundle.zip'), {}, [opener])).describe().name).toBe('zip');
  });
});
