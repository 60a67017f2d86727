/** files.begin, files.chunk, files.finish, files.discard, files.openDialog (upload-store.ts states the policy). */
import { AppError } from '../../../core/api/errors.ts';
import type { AppState } from '../app-state.ts';
import type { HandlerSlice } from './handler-types.ts';

type FileMethods = 'files.begin' | 'files.chunk' | 'files.finish' | 'files.discard' | 'files.openDialog';

export function createFileHandlers(state: AppState): HandlerSlice<FileMethods> {
  return {
    'files.begin': ({ name, size }) => state.uploads.begin(name, size),
    'files.chunk': ({ fileId, offset, data }) => ({ received: state.uploads.chunk(fileId, offset, data) }),
    'files.finish': ({ fileId }) => state.uploads.finish(fileId),
    'files.discard': ({ fileId }) => {
      state.uploads.discard(fileId);
      return {};
    },
    'files.openDialog': async () => {
      const choose = state.chooseBundleFile;
      if (choose === undefined) throw new AppError('APP_UNSUPPORTED', 'there is no native dialog here: drop the file on the window or choose it in the page');
      const chosen = await choose();
      return { file: chosen === null ? null : state.uploads.adopt(chosen) };
    },
  };
}
