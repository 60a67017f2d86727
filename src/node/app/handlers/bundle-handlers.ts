/**
 * bundle.inspect and bundle.import. Policy (DESIGN §3): nothing in a bundle is trusted. Inspecting
 * reads the container and its newest checkpoint's signature LINE (who claims to have signed it),
 * never verifies with or pins a key from it. Importing needs the log key and the person's confirmed
 * fingerprint unless the origin is pinned; a pinned origin never changes key.
 */
import { AppError } from '../../../core/api/errors.ts';
import { bytesToUtf8 } from '../../../core/encoding/utf8.ts';
import { isProtocolError } from '../../../core/errors.ts';
import { parseNote } from '../../../core/note/signed-note.ts';
import { parseVerifierKey } from '../../../core/note/vkey.ts';
import { HISTORY_NAME } from '../../bundle/bundle-format.ts';
import { importBundle, type ImportBundleResult } from '../../bundle/import-bundle.ts';
import { openBundle } from '../../bundle/open-bundle.ts';
import { LATEST_CHECKPOINT_PATH } from '../../verify/layout-source.ts';
import { activateIfNone, checkConfirmation, originLock, pinnedKeyOf, sameKey, type AppState } from '../app-state.ts';
import { syncJobProgress } from '../job-progress.ts';
import type { HandlerSlice } from './handler-types.ts';

export function createBundleHandlers(state: AppState): HandlerSlice<'bundle.inspect' | 'bundle.import'> {
  return {
    'bundle.inspect': async ({ fileId }) => {
      const file = state.uploads.finished(fileId);
      // The container only: members are hashed when imported (a large bundle opens quickly here).
      const bundle = await openBundle(file.path, { verifyMembers: false });
      try {
        const origin = bundle.manifest.origin;
        const signer = signerOf(await bundle.read(LATEST_CHECKPOINT_PATH), origin);
        const history = [...bundle.members.keys()].filter((name) => HISTORY_NAME.test(name)).length;
        const pinned = state.store.findOrigin(origin);
        return {
          file: { fileId: file.fileId, name: file.name, size: file.size },
          origin,
          treeSize: bundle.manifest.tree_size,
          signerName: signer.name,
          signerKeyHashHex: signer.keyHashHex,
          checkpoints: 1 + history,
          createdMs: null,
          tool: `${bundle.manifest.tool.name} ${bundle.manifest.tool.version}`,
          pinned: pinned === undefined ? null : { originId: pinned.id, logKey: pinnedKeyOf(pinned.logKey) },
        };
      } finally {
        await bundle.close();
      }
    },
    'bundle.import': async ({ fileId, logKey, confirmFingerprint }) => {
      const file = state.uploads.finished(fileId);
      const bundle = await openBundle(file.path, { verifyMembers: false });
      const origin = bundle.manifest.origin;
      await bundle.close();
      const pinned = state.store.findOrigin(origin);
      if (logKey !== undefined && parseVerifierKey(logKey).name !== origin) {
        throw new AppError('APP_KEY_MISMATCH', `the key is for ${parseVerifierKey(logKey).name}, the bundle for ${origin}`);
      }
      if (pinned !== undefined) {
        // Nothing new is pinned: a key given must be the pinned one, no confirmation needed.
        if (logKey !== undefined && !sameKey(pinned.logKey, logKey)) throw new AppError('APP_KEY_MISMATCH', `${origin} is pinned to another log key; it is not replaced`);
      } else if (logKey === undefined) {
        throw new AppError('APP_KEY_REQUIRED', `${origin} is not pinned: give its log key and confirm its fingerprint`);
      } else {
        checkConfirmation(logKey, confirmFingerprint);
      }
      const job = state.jobs.start(
        { kind: 'import', title: `Importing ${file.name}`, originId: pinned?.id ?? null, lock: originLock(origin) },
        async (control) => {
          const result = await importBundle({
            store: state.store,
            file: file.path,
            ...(logKey === undefined ? {} : { logKey }),
            signal: control.signal,
            onProgress: (p) => control.progress(syncJobProgress(p)),
          });
          const originId = state.store.findOrigin(origin)?.id;
          if (originId !== undefined) {
            // The replica's source names the file the person chose, never our copy's path.
            state.store.setOriginSource(originId, `bundle:${file.name}`);
            control.setOrigin(originId);
            activateIfNone(state, originId);
            state.entriesAdded(originId);
          }
          return { summary: importSummary(result) };
        },
      );
      return { jobId: job.id };
    },
  };
}

/** The signature line of the log (named as the origin) on the bundle's newest checkpoint, unverified. */
function signerOf(bytes: Uint8Array | undefined, origin: string): { name: string; keyHashHex: string } {
  if (bytes === undefined) throw new AppError('BUNDLE_MALFORMED', 'the bundle has no checkpoint');
  try {
    const note = parseNote(bytesToUtf8(bytes));
    const line = note.signatures.find((s) => s.name === origin) ?? note.signatures[0];
    if (line === undefined) throw new AppError('BUNDLE_MALFORMED', 'the bundle’s checkpoint carries no signature');
    return { name: line.name.slice(0, 500), keyHashHex: line.keyId.toString(16).padStart(8, '0') };
  } catch (error) {
    if (isProtocolError(error)) throw new AppError('BUNDLE_MALFORMED', `the bundle’s checkpoint is not a signed note: ${error.message}`, { cause: error });
    throw error;
  }
}

function importSummary(r: ImportBundleResult): string {
  if (r.upToDate) return `Up to date at ${r.verifiedSize.toLocaleString('en-US')} entries`;
  return `Imported ${r.entriesAdded.toLocaleString('en-US')} entries to size ${r.verifiedSize.toLocaleString('en-US')}`;
}
