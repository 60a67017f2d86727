import { call } from '../../api.ts';
import type { UploadApi } from '../../files/upload.ts';

/** The `files.*` methods of the app API, as upload.ts needs them. */
export const filesApi: UploadApi = {
  begin: (args) => call('files.begin', args),
  chunk: (args) => call('files.chunk', args),
  finish: (args) => call('files.finish', args),
  discard: (args) => call('files.discard', args),
};
