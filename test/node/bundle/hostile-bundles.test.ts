/**
 * Hostile and damaged bundles: each is refused with its code by the import (and the replica is
 * byte-for-byte unchanged: a logical snapshot of every table before and after) and by the
 * verifier's bundle reader (`warden verify bundle.zip`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { signNote } from '../../../src/core/note/signed-note.ts';
import { BUNDLE_ERROR_CODES } from '../../../src/node/bundle/bundle-errors.ts';
import type { BundleLimits } from '../../../src/node/bundle/bundle-format.ts';
import { exportBundle } from '../../../src/node/bundle/export-bundle.ts';
import { importBundle } from '../../../src/node/bundle/import-bundle.ts';
import { openBundleEvidence } from '../../../src/node/bundle/zip-evidence-source.ts';
import type { ReplicaStore } from '../../../src/node/replica/replica-store.ts';
import { generateServedLog, type ServedLog } from '../sync/helpers/served-log.ts';
import { manifestFor, readBundle, rebuild, snapshot, syncSizes, workspace, type BundleContent, type Workspace } from './helpers/bundle-fixture.ts';
import { buildZip, type RawEntry } from './helpers/raw-zip.ts';

let ws: Workspace;
let served: ServedLog;
let good: Uint8Array;
let content: BundleContent;
let target: ReplicaStore;
let counter = 0;

beforeAll(async () => {
  ws = workspace();
  served = generateServedLog({ label: 'hostile', events: 200 }).served;
  const source = ws.replica('source.db');
  await syncSizes(source, served, [served.size]);
  await exportBundle({ store: source, origin: served.origin, out: ws.path('good.zip') });
  good = new Uint8Array(readFileSync(ws.path('good.zip')));
  content = await readBundle(ws.path('good.zip'));
  // The target already holds a prefix of the log, so that any write would show.
  target = ws.replica('target.db');
  await syncSizes(target, served, [100]);
});

afterAll(() => ws.cleanup());

const encoder = new TextEncoder();
const members = (): [string, Uint8Array][] => content.members.map(([n, b]) => [n, b]);
const without = (name: string): [string, Uint8Array][] => members().filter(([n]) => n !== name);
const replaced = (name: string, bytes: Uint8Array): [string, Uint8Array][] => members().map(([n, b]) => [n, n === name ? bytes : b]);
const firstEntryBundle = (): string => content.members.find(([n]) => n.startsWith('tile/entries/'))?.[0] ?? '';
const firstHashTile = (): string => content.members.find(([n]) => n.startsWith('tile/0/'))?.[0] ?? '';

interface Case {
  readonly name: string;
  readonly code: string;
  readonly bytes: () => Uint8Array;
  readonly limits?: Partial<BundleLimits>;
  /** Also refused when opened for `warden verify` (default true). */
  readonly verifyToo?: boolean;
}

const CASES: readonly Case[] = [
  // size limits
  { name: 'an oversized file', code: 'BUNDLE_TOO_LARGE', bytes: () => good, limits: { maxFileBytes: 1000 } },
  { name: 'too many members', code: 'BUNDLE_TOO_LARGE', bytes: () => good, limits: { maxMembers: 3 } },
  { name: 'a hash tile larger than a tile can be', code: 'BUNDLE_TOO_LARGE', bytes: () => rebuild(content, replaced(firstHashTile(), new Uint8Array(randomBytes(256 * 32 + 32)))) },
  // compression bombs
  {
    name: 'a member declaring a compression ratio over the cap',
    code: 'BUNDLE_BOMB',
    bytes: () => rebuild(content, [...members(), ['claimed-state.json', new Uint8Array(8 << 20)]], { manifest: manifestFor(content, [...members(), ['claimed-state.json', new Uint8Array(8 << 20)]], { claimed_state: true }) }),
  },
  {
    name: 'a member that inflates past the size it declares',
    code: 'BUNDLE_BOMB',
    bytes: () => {
      const name = firstEntryBundle();
      const lie = 60_000;
      const liedMembers = replaced(name, new Uint8Array(lie));
      return rebuild(content, members(), {
        manifest: manifestFor(content, liedMembers),
        entry: (n, e) => (n === name ? { ...e, data: new Uint8Array(10 << 20), size: lie, crc: 0 } : e),
      });
    },
  },
  { name: 'members declaring more than the total cap', code: 'BUNDLE_BOMB', bytes: () => good, limits: { maxTotalBytes: 10_000 } },
  { name: 'overlapping members (one inside another)', code: 'BUNDLE_BOMB', bytes: () => nestedMembers() },
  // names
  { name: 'a duplicate member name', code: 'BUNDLE_DUPLICATE_MEMBER', bytes: () => rebuild(content, members(), { extra: [{ name: 'checkpoint', data: content.members[0]?.[1] ?? new Uint8Array(0) }] }) },
  {
    name: 'a name listed twice in the manifest',
    code: 'BUNDLE_DUPLICATE_MEMBER',
    bytes: () => rebuild(content, members(), { manifest: manifestFor(content, [...members(), content.members[0] as [string, Uint8Array]]) }),
  },
  ...[
    ['a path-traversing name', '../checkpoint'],
    ['a traversing name inside the layout', 'tile/0/../../../etc/passwd'],
    ['an absolute name', '/checkpoint'],
    ['a backslash name', 'tile\\0\\000'],
    ['a drive-letter name', 'C:/checkpoint'],
    ['a name with NUL', 'checkpoint\0.txt'],
    ['a name with a "." segment', 'tile/./0/000'],
    ['a name with an empty segment', 'tile//0/000'],
    ['a name with a control character', 'check\npoint'],
    ['a non-ASCII name', 'café'],
    ['a name outside the layout', 'notes.txt'],
    ['a tile name that is not canonical', 'tile/0/x000/001'],
  ].map(([name, member]): Case => ({ name: name as string, code: 'BUNDLE_BAD_NAME', bytes: () => rebuild(content, [...members(), [member as string, encoder.encode('x')]]) })),
  // the manifest
  { name: 'a member changed after the manifest was written', code: 'BUNDLE_MANIFEST_MISMATCH', bytes: () => rebuild(content, flipped(firstEntryBundle()), { manifest: manifestFor(content, members()) }) },
  { name: 'a member the manifest lists but the zip lacks', code: 'BUNDLE_MANIFEST_MISMATCH', bytes: () => rebuild(content, without(firstHashTile()), { manifest: manifestFor(content, members()) }) },
  { name: 'a member the manifest does not list', code: 'BUNDLE_MANIFEST_MISMATCH', bytes: () => rebuild(content, [...members(), ['checkpoints/999-0', encoder.encode('x')]], { manifest: manifestFor(content, members()) }) },
  { name: 'a member of another size than listed', code: 'BUNDLE_MANIFEST_MISMATCH', bytes: () => rebuild(content, replaced('checkpoints/seen-at.json', encoder.encode('{}')), { manifest: manifestFor(content, members()) }) },
  { name: 'a manifest naming another tree size', code: 'BUNDLE_MANIFEST_MISMATCH', bytes: () => rebuild(content, members(), { manifest: manifestFor(content, members(), { tree_size: '7' }) }) },
  { name: 'a manifest claiming a claimed state that is absent', code: 'BUNDLE_MANIFEST_MISMATCH', bytes: () => rebuild(content, members(), { manifest: manifestFor(content, members(), { claimed_state: true }) }) },
  { name: 'no manifest', code: 'BUNDLE_MALFORMED', bytes: () => buildZip(members().map(([name, data]) => ({ name, data }))) },
  { name: 'a manifest that is not JSON', code: 'BUNDLE_MALFORMED', bytes: () => rebuild(content, members(), { manifest: encoder.encode('{"format":') }) },
  { name: 'a manifest of a newer format', code: 'BUNDLE_UNSUPPORTED', bytes: () => rebuild(content, members(), { manifest: encoder.encode('{"format":"warden.evidence-bundle/v2"}') }) },
  // truncation and garbage
  { name: 'a file cut in half', code: 'BUNDLE_TRUNCATED', bytes: () => good.slice(0, Math.floor(good.length / 2)) },
  { name: 'a file missing its last byte', code: 'BUNDLE_TRUNCATED', bytes: () => good.slice(0, -1) },
  { name: 'a zip whose central directory points past the end', code: 'BUNDLE_TRUNCATED', bytes: () => pointPastEnd() },
  { name: 'garbage', code: 'BUNDLE_MALFORMED', bytes: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff) },
  { name: 'an empty file', code: 'BUNDLE_MALFORMED', bytes: () => new Uint8Array(0) },
  { name: 'a bad CRC-32', code: 'BUNDLE_MALFORMED', bytes: () => rebuild(content, members(), { entry: (n, e) => (n === 'checkpoint' ? { ...e, crc: 1 } : e) }) },
  { name: 'corrupt deflate data', code: 'BUNDLE_MALFORMED', bytes: () => rebuild(content, members(), { entry: (n, e) => (n === 'checkpoint' ? { ...e, compressed: Uint8Array.of(0xff, 0xff, 0xff, 0xff) } : e) }) },
  { name: 'a local header that disagrees with the central directory', code: 'BUNDLE_MALFORMED', bytes: () => rebuild(content, members(), { entry: (n, e) => (n === 'checkpoint' ? { ...e, localName: 'checkpoinT' } : e) }) },
  { name: 'bytes hidden between members', code: 'BUNDLE_MALFORMED', bytes: () => buildZip(members().map(([name, data]) => ({ name, data })), { gap: encoder.encode('hidden') }) },
  // unsupported features
  { name: 'an encrypted member', code: 'BUNDLE_UNSUPPORTED', bytes: () => rebuild(content, members(), { entry: (n, e) => (n === 'checkpoint' ? { ...e, flags: 1 } : e) }) },
  { name: 'another compression method', code: 'BUNDLE_UNSUPPORTED', bytes: () => rebuild(content, members(), { entry: (n, e) => (n === 'checkpoint' ? { ...e, method: 12 } : e) }) },
  { name: 'a zip64 extra field', code: 'BUNDLE_UNSUPPORTED', bytes: () => rebuild(content, members(), { entry: (n, e) => (n === 'checkpoint' ? { ...e, extra: Uint8Array.of(1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0) } : e) }) },
  { name: 'a zip64 end record', code: 'BUNDLE_UNSUPPORTED', bytes: () => buildZip(members().map(([name, data]) => ({ name, data })), { eocd: { entries: 0xffff } }) },
  { name: 'a spanned (multi-disk) archive', code: 'BUNDLE_UNSUPPORTED', bytes: () => buildZip(members().map(([name, data]) => ({ name, data })), { eocd: { disk: 1 } }) },
  // completeness (import only: the verifier reports a missing tile as a finding)
  { name: 'a tile the tree size needs, missing from zip and manifest', code: 'BUNDLE_INCOMPLETE', bytes: () => rebuild(content, without(firstHashTile())), verifyToo: false },
  { name: 'a signed checkpoint claiming a tree of 10^18 entries', code: 'BUNDLE_INCOMPLETE', bytes: () => hugeTree(), verifyToo: false },
];

function flipped(name: string): [string, Uint8Array][] {
  return members().map(([n, b]) => {
    if (n !== name) return [n, b];
    const copy = b.slice();
    copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 1;
    return [n, copy];
  });
}

/** Member B's local header and data sit inside member A's (stored) data: the overlapping-file bomb. */
function nestedMembers(): Uint8Array {
  const inner = buildZip([{ name: 'checkpoints/5-0', data: encoder.encode('hello'), method: 0 }]);
  const innerLocal = inner.subarray(0, 30 + 'checkpoints/5-0'.length + 5);
  const outerName = 'checkpoints/4-0';
  const rest = members();
  const manifest = manifestFor(content, [...rest, [outerName, innerLocal], ['checkpoints/5-0', encoder.encode('hello')]]);
  const entries: RawEntry[] = [
    { name: outerName, data: innerLocal, method: 0 },
    { name: 'checkpoints/5-0', data: encoder.encode('hello'), method: 0, centralOnly: true, centralOffset: 30 + outerName.length },
    ...rest.map(([name, data]) => ({ name, data })),
    { name: 'manifest.json', data: manifest },
  ];
  return buildZip(entries);
}

/** A consistent bundle whose (validly signed) checkpoint claims far more entries than it holds. */
function hugeTree(): Uint8Array {
  const size = 10n ** 18n;
  const note = signNote(formatCheckpoint({ origin: served.origin, size, rootHash: served.root() }), [served.signerKey]);
  const rest = replaced('checkpoint', encoder.encode(note));
  return rebuild(content, rest, { manifest: manifestFor(content, rest, { tree_size: size.toString() }) });
}

/** A well-formed end record whose central directory claims to start past the file's end. */
function pointPastEnd(): Uint8Array {
  const zip = buildZip(members().map(([name, data]) => ({ name, data })));
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  view.setUint32(zip.length - 22 + 16, 0x7fffffff, true);
  return zip;
}

describe('importBundle and the verifier refuse hostile bundles', () => {
  it('accepts the same content written by another zip writer (the baseline of every case)', async () => {
    const file = ws.write('baseline.zip', rebuild(content));
    const source = await openBundleEvidence(file);
    expect(source.describe()).toMatchObject({ kind: 'bundle', origin: served.origin });
    await source.close?.();
    const copy = ws.replica('baseline.db');
    expect(await importBundle({ store: copy, file, logKey: served.verifierKey })).toMatchObject({ verifiedSize: served.size });
  });

  it('lists every case code among the bundle codes', () => {
    expect(CASES.map((c) => c.code).filter((code) => !(BUNDLE_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    expect(deflateRawSync(new Uint8Array(8 << 20)).length * 100).toBeLessThan(8 << 20);
  });

  for (const c of CASES) {
    it(`refuses ${c.name} with ${c.code}, storing nothing`, async () => {
      const file = ws.write(`case-${++counter}.zip`, c.bytes());
      const before = snapshot(target);
      await expect(importBundle({ store: target, file, logKey: served.verifierKey, ...(c.limits === undefined ? {} : { limits: c.limits }) })).toRejectWithCode(c.code);
      expect(snapshot(target)).toBe(before);
      if (c.verifyToo !== false) await expect(openBundleEvidence(file, c.limits === undefined ? {} : { limits: c.limits })).toRejectWithCode(c.code);
    });
  }
});
