import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signNote } from '../../src/core/note/signed-note.ts';
import { generateSignerKey } from '../../src/core/note/signer-key.ts';
import { describeVectors, readVectorJson, vectorPath } from '../helpers/vectors.ts';
import { spawnWarden as warden } from './helpers.ts';

const TESSERA_VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const REKOR_VKEY = 'log2025-1.rekor.sigstore.dev+cf119915+AbfK5adZJxsI323FwGD2AJJ9F4i89cfDuLdGJBIYntuO';
const WITNESS_VKEY = 'witness.stagemole.eu+67f7aea0+BEqSG3yu9YrmcM3BHvQYTxwFj3uSWakQepafafpUqklv';


describeVectors('warden checkpoint verify', () => {
  let dir = '';
  const file = (name: string): string => path.join(dir, name);
  const tessera = vectorPath('tlog-tiles-tessera', 'testdata', 'log', 'checkpoint');
  let sumdbNote = '';
  let rekorNote = '';

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-cli-'));
    const cases = readVectorJson<{ checkpointCases: { id: string; checkpoint: string }[] }>(
      'checkpoints-and-cosignatures',
      'checkpoints-and-cosignatures.json',
    ).checkpointCases;
    sumdbNote = cases.find((c) => c.id === 'sumdb-15368405')?.checkpoint ?? '';
    rekorNote = cases.find((c) => c.id === 'rekor-v2-prod-139911860-with-witness-cosig')?.checkpoint ?? '';
    writeFileSync(file('sumdb'), sumdbNote);
    writeFileSync(file('rekor'), rekorNote);
    writeFileSync(file('tampered'), sumdbNote.replace('15368405', '15368406'));
    writeFileSync(file('garbage'), Uint8Array.of(0xff, 0x00, 0x13, 0x37));
    writeFileSync(file('huge'), new Uint8Array((1 << 20) + 1));
    const key = generateSignerKey('example.com/hello');
    writeFileSync(file('not-a-checkpoint'), signNote('hello\n', [key.signerKey]));
    writeFileSync(file('not-a-checkpoint.vkey'), key.verifierKey);
  });

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  describe('when a given key verifies the checkpoint', () => {
    it('prints the signer and the parsed tessera checkpoint (exit 0)', async () => {
      const run = await warden(['checkpoint', 'verify', '--key', TESSERA_VKEY, tessera]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('checkpoint verified');
      expect(run.stdout).toMatch(/verified by\s+example\.com\/log\/testdata\+33d7b496 \(Ed25519\)/);
      expect(run.stdout).toMatch(/origin\s+example\.com\/log\/testdata\n/);
      expect(run.stdout).toMatch(/tree size\s+15\n/);
      expect(run.stdout).toMatch(/root \(hex\)\s+aca6c38a90af86e5f5199ee0e4105ef2c03a05b27b8daff59e4e36eefdfcddcb\n/);
      expect(run.stdout).toMatch(/root \(base64\)\s+rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja\/1nk427v383cs=\n/);
      expect(run.stdout).toMatch(/extensions\s+none\n/);
    });

    it('prints one JSON object with --json', async () => {
      const run = await warden(['checkpoint', 'verify', '--json', '--key', SUMDB_VKEY, file('sumdb')]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        ok: true,
        verifiedBy: [{ key: 'sum.golang.org+033de0ae', name: 'sum.golang.org', keyId: '033de0ae', type: 'ed25519' }],
        unverifiedSigners: [],
        checkpoint: {
          origin: 'go.sum database tree',
          size: '15368405',
          rootHashHex: 'fe0f5a9b723a61634a6995ff8e49ded5fa9df731328ecb3e257c8f5c6d167e46',
          rootHashBase64: '/g9am3I6YWNKaZX/jkne1fqd9zEyjss+JXyPXG0WfkY=',
          extensions: [],
        },
      });
    });

    it('checks a witness cosignature when the witness key is given', async () => {
      const run = await warden(['checkpoint', 'verify', '--key', REKOR_VKEY, '--key', WITNESS_VKEY, '--json', file('rekor')]);
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as { verifiedBy: unknown[]; unverifiedSigners: string[] };
      expect(out.verifiedBy).toEqual([
        expect.objectContaining({ name: 'log2025-1.rekor.sigstore.dev', type: 'ed25519' }),
        expect.objectContaining({ name: 'witness.stagemole.eu', type: 'cosignature/v1', timestamp: '1791253884' }),
      ]);
      expect(out.unverifiedSigners).toEqual([]);
    });

    it('lists signers whose key was not given', async () => {
      const run = await warden(['checkpoint', 'verify', '--key', REKOR_VKEY, file('rekor')]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/not checked\s+witness\.stagemole\.eu\+67f7aea0 \(no key given\)/);
    });

    it('reads the note from stdin with "-" and accepts the same key given twice', async () => {
      const run = await warden(['checkpoint', 'verify', '--key', SUMDB_VKEY, '--key', SUMDB_VKEY, '-'], sumdbNote);
      expect(run.code).toBe(0);
    });
  });

  describe('when the evidence fails (exit 1)', () => {
    it('rejects a tampered copy with NOTE_BAD_SIGNATURE', async () => {
      const run = await warden(['checkpoint', 'verify', '--key', SUMDB_VKEY, file('tampered')]);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/^warden: NOTE_BAD_SIGNATURE: invalid signature for key sum\.golang\.org\+033de0ae\n$/);
    });

    it('rejects a checkpoint that no given key signed with NOTE_UNVERIFIED, naming the signers', async () => {
      const run = await warden(['checkpoint', 'verify', '--key', REKOR_VKEY, file('sumdb')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^warden: NOTE_UNVERIFIED: .*sum\.golang\.org\+033de0ae\n$/);
    });

    it('applies --origin-must-match-key (sum.golang.org signs "go.sum database tree")', async () => {
      const run = await warden(['checkpoint', 'verify', '--origin-must-match-key', '--key', SUMDB_VKEY, file('sumdb')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^warden: CHECKPOINT_ORIGIN_MISMATCH: /);
      const ok = await warden(['checkpoint', 'verify', '--origin-must-match-key', '--key', TESSERA_VKEY, tessera]);
      expect(ok.code).toBe(0);
    });

    it('prints {ok: false} on stdout and the error line on stderr with --json', async () => {
      const run = await warden(['checkpoint', 'verify', '--json', '--key', SUMDB_VKEY, file('tampered')]);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toEqual({
        ok: false,
        error: { code: 'NOTE_BAD_SIGNATURE', message: 'invalid signature for key sum.golang.org+033de0ae' },
      });
      expect(run.stderr).toMatch(/^warden: NOTE_BAD_SIGNATURE: /);
    });
  });

  describe('when the input cannot be evaluated (exit 2)', () => {
    it.each([
      ['a garbage file', ['--key', SUMDB_VKEY, 'garbage'], 'NOTE_MALFORMED'],
      ['a missing file', ['--key', SUMDB_VKEY, 'missing'], 'INPUT_UNREADABLE'],
      ['a file over 1 MiB', ['--key', SUMDB_VKEY, 'huge'], 'INPUT_TOO_LARGE'],
      ['a bad vkey', ['--key', 'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'sumdb'], 'VKEY_MALFORMED'],
      ['no --key', ['sumdb'], 'USAGE'],
      ['an unknown option', ['--key', SUMDB_VKEY, '--verbose', 'sumdb'], 'USAGE'],
      ['a repeated --json', ['--key', SUMDB_VKEY, '--json', '--json', 'sumdb'], 'USAGE'],
      ['--key without a value', ['sumdb', '--key'], 'USAGE'],
      ['two files', ['--key', SUMDB_VKEY, 'sumdb', 'rekor'], 'USAGE'],
      ['no file', ['--key', SUMDB_VKEY], 'USAGE'],
    ])('reports %s', async (_, args, code) => {
      const resolved = args.map((a) => (['garbage', 'missing', 'huge', 'sumdb', 'rekor'].includes(a) ? file(a) : a));
      const run = await warden(['checkpoint', 'verify', ...resolved]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(`warden: ${code}: `)).toBe(true);
    });

    it('reports a signed note that is not a checkpoint as CHECKPOINT_MALFORMED', async () => {
      const vkey = readFileSync(file('not-a-checkpoint.vkey'), 'utf8');
      const run = await warden(['checkpoint', 'verify', '--key', vkey, file('not-a-checkpoint')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^warden: CHECKPOINT_MALFORMED: /);
    });
  });
});

describe('warden (router)', () => {
  it('prints the command list on --help (exit 0)', async () => {
    const run = await warden(['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('checkpoint verify');
  });

  it('prints the options of checkpoint verify on --help (exit 0)', async () => {
    const run = await warden(['checkpoint', 'verify', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: warden checkpoint verify --key <vkey>/);
    expect(run.stdout).toContain('--origin-must-match-key');
  });

  it('prints usage on stderr with exit 2 without a command or for an unknown one', async () => {
    const none = await warden([]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('Usage: warden');
    const unknown = await warden(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^warden: USAGE: unknown command "frobnicate"/);
  });
});
