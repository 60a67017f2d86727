/**
 * verify.start / verify.latest / verify.exportRecord: the independent verifier run as a job on a
 * replica synced from the real registry, its report grouped by check and saved in the data
 * directory, and the exported record matching the report's SHA-256.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../../src/node/verify/findings.ts';
import { connect, openTestApp, startDemoServer, type TestApp, type TestRegistryServer } from './helpers.ts';

let registry: TestRegistryServer;
let app: TestApp;
let originId: number;

beforeAll(async () => {
  registry = await startDemoServer('app-verify');
  app = await openTestApp();
  const job = await connect(app, registry.server);
  originId = job.originId ?? 0;
});

afterAll(async () => {
  await app.close();
  await registry.close();
});

describe('verify.latest before any verification', () => {
  it('answers null, and exportRecord APP_NOT_FOUND', async () => {
    await expect(app.call('verify.latest', { originId })).resolves.toEqual({ report: null });
    await expect(app.call('verify.exportRecord', { originId })).rejects.toMatchObject({ code: 'APP_NOT_FOUND' });
  });

  it('answers APP_NOT_FOUND for an unknown replica', async () => {
    await expect(app.call('verify.latest', { originId: 4242 })).rejects.toMatchObject({ code: 'APP_NOT_FOUND' });
    await expect(app.call('verify.start', { originId: 4242 })).rejects.toMatchObject({ code: 'APP_NOT_FOUND' });
  });
});

describe('verify.start', () => {
  it('runs the verifier as a job and saves a report grouped by check', async () => {
    const { jobId } = await app.call('verify.start', { originId });
    const job = await app.finish(jobId);
    expect(job).toMatchObject({ kind: 'verify', state: 'succeeded', originId, error: null });
    expect(job.total).toBe(job.done);
    const { report } = await app.call('verify.latest', { originId });
    expect(report).not.toBeNull();
    expect(report).toMatchObject({ originId, jobId, verdict: 'verified', treeSize: expect.stringMatching(/^[1-9]/), rootHex: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(report?.counts.error).toBe(0);
    expect(report?.checks.map((c) => [c.check, c.name])).toEqual(Object.entries(CHECK_NAMES).map(([n, name]) => [Number(n), name]));
    // A replica keeps no claimed state: check 5 says so (info).
    expect(report?.checks[4]?.findings.map((f) => f.code)).toContain('CLAIM_MISSING');
    expect(report?.entries).toBe(app.services.store.getSyncState(originId).entries);
    expect(app.services.latestReport(originId)).toEqual(report);
    expect(existsSync(join(app.dir, 'reports', `${originId}.json`))).toBe(true);
  });

  it('exports the record whose SHA-256 the report carries', async () => {
    const { report } = await app.call('verify.latest', { originId });
    const exported = await app.call('verify.exportRecord', { originId });
    expect(exported.fileName).toMatch(/^verification-[A-Za-z0-9._-]+-[0-9]+\.json$/);
    expect(createHash('sha256').update(exported.json, 'utf8').digest('hex')).toBe(report?.recordSha256Hex);
    expect(JSON.parse(exported.json)).toMatchObject({ results: { verdict: 'verified', origin: registry.server.origin } });
  });

  it('keeps the report across a restart of the services, and ignores a damaged one', async () => {
    const reopened = await openTestApp({ dir: app.dir });
    const { report } = await app.call('verify.latest', { originId });
    try {
      // The first app still holds the replica open: only the report store is read here.
      expect(reopened.services.latestReport(originId)).toEqual(report);
    } finally {
      await reopened.close();
    }
    writeFileSync(join(app.dir, 'reports', `${originId}.json`), '{"originId": 1, "verdict": "verified"');
    const damaged = await openTestApp({ dir: app.dir });
    try {
      expect(damaged.services.latestReport(originId)).toBeNull();
    } finally {
      await damaged.close();
    }
  });

  it('can be cancelled: the job ends cancelled', async () => {
    const { jobId } = await app.call('verify.start', { originId });
    await app.call('jobs.cancel', { jobId });
    const job = await app.finish(jobId);
    expect(job.state).toBe('cancelled');
  });
});
