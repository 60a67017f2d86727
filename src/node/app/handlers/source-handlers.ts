/**
 * Where evidence comes from: registry.probe, registry.connect, sync.start, demo.start,
 * keys.fingerprint. Policy (schemas/sources.ts, DESIGN §3): keys never come from the source; a
 * first connection pins the key only with the person's confirmed fingerprint; a pinned origin never
 * changes key (APP_KEY_MISMATCH); one sync, import or verification per log at a time (APP_BUSY).
 */
import { AppError } from '../../../core/api/errors.ts';
import { parseVerifierKey } from '../../../core/note/vkey.ts';
import { HttpLogSource } from '../../sync/http-log-source.ts';
import { syncReplica, type SyncResult } from '../../sync/sync-replica.ts';
import { activateIfNone, checkConfirmation, originLock, pinnedKeyOf, requireOrigin, sameKey, type AppState } from '../app-state.ts';
import { syncJobProgress } from '../job-progress.ts';
import type { JobOutcome } from '../job-runner.ts';
import { probeRegistry } from '../registry-probe.ts';
import type { HandlerSlice } from './handler-types.ts';

type SourceMethods = 'registry.probe' | 'registry.connect' | 'sync.start' | 'demo.start' | 'keys.fingerprint';

export function createSourceHandlers(state: AppState): HandlerSlice<SourceMethods> {
  return {
    'registry.probe': async ({ url }) => {
      const probed = await probeRegistry(url);
      const pinned = state.store.findOrigin(probed.claimedKey.name);
      return {
        url: probed.url,
        origin: probed.claimedKey.name,
        claimedKey: pinnedKeyOf(probed.claimedKey.text),
        treeSize: probed.checkpoint.checkpoint.size.toString(),
        pinned: pinned === undefined ? null : { originId: pinned.id, sameKey: sameKey(pinned.logKey, probed.claimedKey.text) },
      };
    },
    'registry.connect': ({ url, logKey, confirmFingerprint }) => {
      checkConfirmation(logKey, confirmFingerprint);
      const name = parseVerifierKey(logKey).name;
      const pinned = state.store.findOrigin(name);
      if (pinned !== undefined && !sameKey(pinned.logKey, logKey)) {
        throw new AppError('APP_KEY_MISMATCH', `${name} is pinned to another log key; it is not replaced`);
      }
      const source = new HttpLogSource(url);
      const job = startSync(state, { source, logKey, origin: name, originId: pinned?.id ?? null, title: `Connecting to ${name}` });
      return { jobId: job.id };
    },
    'sync.start': async ({ originId }) => {
      const origin = requireOrigin(state, originId);
      let location = origin.source;
      if (origin.origin === state.demo.origin && state.demo.available) location = (await state.demo.start()).url;
      if (location === null || location.startsWith('bundle:')) {
        throw new AppError('APP_UNSUPPORTED', 'this replica came from an evidence bundle: import a newer bundle to update it');
      }
      const source = new HttpLogSource(location);
      const job = startSync(state, { source, origin: origin.origin, originId, title: `Syncing ${origin.origin}` });
      return { jobId: job.id };
    },
    'demo.start': async () => {
      const demo = await state.demo.start();
      return { url: demo.url, origin: demo.origin, claimedKey: pinnedKeyOf(demo.logKey), agents: demo.agents, entries: demo.entries };
    },
    'keys.fingerprint': ({ vkey }) => pinnedKeyOf(vkey),
  };
}

interface SyncSpec {
  readonly source: HttpLogSource;
  /** Given on a first connection (already confirmed). */
  readonly logKey?: string;
  readonly origin: string;
  readonly originId: number | null;
  readonly title: string;
}

function startSync(state: AppState, spec: SyncSpec) {
  return state.jobs.start({ kind: 'sync', title: spec.title, originId: spec.originId, lock: originLock(spec.origin) }, async (control): Promise<JobOutcome> => {
    const result = await syncReplica({
      db: state.store,
      source: spec.source,
      ...(spec.logKey === undefined ? { origin: spec.origin } : { logKey: spec.logKey }),
      signal: control.signal,
      onProgress: (p) => control.progress(syncJobProgress(p)),
    });
    control.setOrigin(result.originId);
    activateIfNone(state, result.originId);
    if (!result.upToDate) state.entriesAdded(result.originId);
    return { summary: syncSummary(result) };
  });
}

function syncSummary(r: SyncResult): string {
  if (r.upToDate) return `Up to date at ${r.treeSize.toLocaleString('en-US')} entries`;
  const rejected = r.entriesRejected > 0 ? ` (${r.entriesRejected.toLocaleString('en-US')} refused by replay)` : '';
  return `Synced ${r.entriesAdded.toLocaleString('en-US')} entries to size ${r.treeSize.toLocaleString('en-US')}${rejected}`;
}
