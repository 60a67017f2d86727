import type { ProtocolErrorCode } from '../errors.ts';

/**
 * Errors as the app API carries them, and the words a person reads for each code.
 *
 * A failed call crosses IPC or the test bridge as `{ ok: false, error: { code, message } }`
 * (envelope.ts), because Electron carries only a thrown error's message. Codes are either the
 * protocol core's (`ProtocolErrorCode`, thrown by the services behind a handler) or one of the
 * transport codes below; the renderer turns a code into a title, an explanation and a next step with
 * `describeAppError`, and shows the raw code only as a reference for support.
 */
export type ApiTransportErrorCode =
  /** The caller is not our renderer (IPC sender frame) or has no valid bridge token. */
  | 'API_FORBIDDEN'
  /** The bridge refused the HTTP request itself: wrong verb, content type or path. */
  | 'API_BAD_REQUEST'
  /** A handler failed in a way it did not code, or returned a result outside the contract. */
  | 'API_INTERNAL'
  /** `window.warden` is missing: the page was opened outside the app and the bridge. */
  | 'API_UNAVAILABLE'
  /** The call could not be delivered or its answer could not be read. */
  | 'API_TRANSPORT'
  /** The answer arrived but is not a well-formed envelope or does not match the contract. */
  | 'API_BAD_RESPONSE';

/**
 * Failures of the app's services (src/node/app) that are not the protocol's: a refused step, a
 * person's choice that does not hold, a state the operation cannot run in.
 */
export type ApiAppErrorCode =
  /** The person cancelled an operation in the window (an upload); never shown as a failure. */
  | 'APP_CANCELLED'
  /** The window runs without the app's services (a bare bridge): only app.info and app.ping answer. */
  | 'APP_NO_SERVICES'
  /** The app is shutting down; its services no longer answer. */
  | 'APP_CLOSED'
  /** The replica, report or record asked for does not exist (any more). */
  | 'APP_NOT_FOUND'
  /** No job has that id (it ended long ago or never existed). */
  | 'APP_JOB_UNKNOWN'
  /** The fingerprint the person confirmed is not the fingerprint of the key being pinned. */
  | 'APP_FINGERPRINT_MISMATCH'
  /** The origin is pinned to another log key than the one given. */
  | 'APP_KEY_MISMATCH'
  /** The origin is not pinned yet and no log key (with its confirmed fingerprint) was given. */
  | 'APP_KEY_REQUIRED'
  /** A sync, import or verification of that log is already running. */
  | 'APP_BUSY'
  /** This build has no demo registry to start. */
  | 'APP_DEMO_UNAVAILABLE'
  /** The operation does not exist here (a native dialog in the browser, syncing a bundle replica). */
  | 'APP_UNSUPPORTED'
  /** No handed-over file has that id. */
  | 'APP_UPLOAD_UNKNOWN'
  /** A chunk does not start where the previous one ended. */
  | 'APP_UPLOAD_OFFSET'
  /** A chunk is not strict, padded base64 or is larger than a chunk may be. */
  | 'APP_UPLOAD_BAD_DATA'
  /** More bytes than the size announced at the start. */
  | 'APP_UPLOAD_TOO_LARGE'
  /** The file is not complete (fewer bytes than announced), or not finished yet. */
  | 'APP_UPLOAD_INCOMPLETE'
  /** Too many files are being handed over at once. */
  | 'APP_UPLOAD_LIMIT';

/**
 * Codes of the node services (src/node/replica/replica-error.ts) that cross the app API inside
 * failed jobs and failed calls. Listed here because src/core cannot import src/node; a compile-time
 * check in src/node/app/coded-error.ts keeps the two lists equal.
 */
export type ApiServiceErrorCode =
  | 'REPLICA_UNREADABLE'
  | 'REPLICA_NEWER_THAN_CODE'
  | 'REPLICA_ORIGIN_UNKNOWN'
  | 'REPLICA_CORRUPT'
  | 'REPLICA_CONCURRENT_WRITE'
  | 'SYNC_LOG_KEY_REQUIRED'
  | 'SYNC_LOG_KEY_MISMATCH'
  | 'SYNC_CHECKPOINT_INVALID'
  | 'SYNC_WITNESS_MISSING'
  | 'SYNC_ROLLBACK'
  | 'SYNC_FORK'
  | 'SYNC_TILES_INCONSISTENT'
  | 'SYNC_TREE_TOO_LARGE'
  | 'SYNC_NETWORK'
  | 'SYNC_TIMEOUT'
  | 'SYNC_STALLED'
  | 'SYNC_HTTP_STATUS'
  | 'SYNC_BAD_RESPONSE'
  | 'SYNC_RESPONSE_TOO_LARGE'
  | 'SYNC_CANCELLED'
  | 'EVIDENCE_MALFORMED';

export type ApiErrorCode = ProtocolErrorCode | ApiTransportErrorCode | ApiAppErrorCode | ApiServiceErrorCode;

/** The shape of a code on the wire: upper snake case, bounded. */
export const API_ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The renderer's error: a failed API call, with the envelope's code. */
export class AppError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
  }
}

export interface ErrorDescription {
  /** One short sentence: what happened. */
  title: string;
  /** Why it matters or what it means, without jargon. */
  detail: string;
  /** What the person can do next. */
  nextStep: string;
}

const EXACT: Readonly<Partial<Record<ApiErrorCode, ErrorDescription>>> = {
  API_UNKNOWN_METHOD: {
    title: 'This action is not available',
    detail: 'The window asked for an operation that this version of Agent Warden does not provide.',
    nextStep: 'Reload the window. If it happens again, update Agent Warden so that the window and the app match.',
  },
  API_BAD_ARGUMENTS: {
    title: 'The request was not valid',
    detail: 'Agent Warden checks every request, and this one did not have the expected values.',
    nextStep: 'Check what you entered and try again. If you entered nothing, reload the window.',
  },
  API_FORBIDDEN: {
    title: 'The request was refused',
    detail: 'Agent Warden only answers its own window, opened from the app or from the link it printed.',
    nextStep: 'Open Agent Warden again from the app, or use the link it printed, rather than a copied page.',
  },
  API_BAD_REQUEST: {
    title: 'The request was refused',
    detail: 'The request did not follow the format Agent Warden accepts.',
    nextStep: 'Reload the window. If it happens again, report the steps that led here.',
  },
  API_INTERNAL: {
    title: 'Something went wrong inside Agent Warden',
    detail: 'The operation stopped unexpectedly. Nothing was changed by the failed step.',
    nextStep: 'Try again. If it happens again, restart Agent Warden and report the steps that led here.',
  },
  API_UNAVAILABLE: {
    title: 'Not connected to Agent Warden',
    detail: 'This page was opened outside the app, so it cannot reach the services that verify and store data.',
    nextStep: 'Start Agent Warden (npm start), or open the link printed by the local bridge.',
  },
  API_TRANSPORT: {
    title: 'Lost contact with Agent Warden',
    detail: 'The window could not reach the app’s services, or could not read their answer.',
    nextStep: 'Check that Agent Warden is still running, then reload the window.',
  },
  API_BAD_RESPONSE: {
    title: 'Agent Warden sent an unexpected answer',
    detail: 'The answer did not match what this window expects, so it was not used.',
    nextStep: 'Reload the window. If it happens again, update Agent Warden so that the window and the app match.',
  },
  INPUT_TOO_LARGE: {
    title: 'The input is too large',
    detail: 'Agent Warden limits the size of what it reads, so that a hostile file cannot exhaust the machine.',
    nextStep: 'Check that you chose the right file or value.',
  },
  INVALID_ARGUMENT: {
    title: 'A value was not accepted',
    detail: 'One of the values given to the operation is outside what it accepts.',
    nextStep: 'Check what you entered and try again.',
  },
  // The app's services.
  APP_NO_SERVICES: {
    title: 'This window is not connected to the app’s services',
    detail: 'Agent Warden was started without its data services, so it can only show who it is.',
    nextStep: 'Start Agent Warden with npm start or warden ui, then open the window again.',
  },
  APP_CANCELLED: {
    title: 'The operation was cancelled',
    detail: 'You cancelled the operation; nothing was kept from it.',
    nextStep: 'Start it again when you are ready.',
  },
  APP_CLOSED: {
    title: 'Agent Warden is shutting down',
    detail: 'The services stopped, so the operation was not run.',
    nextStep: 'Start Agent Warden again.',
  },
  APP_NOT_FOUND: {
    title: 'It is not there any more',
    detail: 'The replica, report or record you asked for does not exist in this app’s data.',
    nextStep: 'Go back to the Overview and choose it again.',
  },
  APP_JOB_UNKNOWN: {
    title: 'That operation is no longer tracked',
    detail: 'Agent Warden keeps the most recent operations only, and this one is not among them.',
    nextStep: 'Check the replica’s state on the Overview; start the operation again if needed.',
  },
  APP_FINGERPRINT_MISMATCH: {
    title: 'The fingerprint does not match the key',
    detail: 'The fingerprint you confirmed is not the fingerprint of the log key being pinned, so nothing was pinned.',
    nextStep: 'Compare the fingerprint shown with the one the registry’s operator published, character by character.',
  },
  APP_KEY_MISMATCH: {
    title: 'This log is pinned to another key',
    detail: 'The registry or bundle names a log that you already pinned with a different key. That can mean an impostor or a key change.',
    nextStep: 'Do not continue. Ask the registry’s operator whether the log key changed, and how to check it.',
  },
  APP_KEY_REQUIRED: {
    title: 'A log key is needed',
    detail: 'This log is not pinned yet. Agent Warden never takes the key from the data it verifies.',
    nextStep: 'Enter the log key published by the registry’s operator and confirm its fingerprint.',
  },
  APP_BUSY: {
    title: 'This replica is busy',
    detail: 'A sync, import or verification of the same log is already running.',
    nextStep: 'Wait for it to finish, or cancel it, then try again.',
  },
  APP_DEMO_UNAVAILABLE: {
    title: 'The demo is not available here',
    detail: 'This build of Agent Warden does not include the demo registry.',
    nextStep: 'Open an evidence bundle or connect to a registry instead, or start with warden ui --demo.',
  },
  APP_UNSUPPORTED: {
    title: 'This is not possible here',
    detail: 'The operation is not available in this window or for this replica (for example a native dialog in a browser, or syncing a replica that came from a bundle).',
    nextStep: 'Use the other way offered: drop or choose the file in the window, or import a newer bundle.',
  },
  APP_UPLOAD_UNKNOWN: {
    title: 'The file is no longer available',
    detail: 'Agent Warden no longer holds the file you chose (it was discarded or the app restarted).',
    nextStep: 'Choose the file again.',
  },
  APP_UPLOAD_OFFSET: {
    title: 'The file arrived out of order',
    detail: 'A part of the file did not follow the previous one, so the copy was stopped.',
    nextStep: 'Choose the file again.',
  },
  APP_UPLOAD_BAD_DATA: {
    title: 'The file arrived damaged',
    detail: 'A part of the file was not correctly encoded while it was handed to the app.',
    nextStep: 'Choose the file again. If it happens again, reload the window.',
  },
  APP_UPLOAD_TOO_LARGE: {
    title: 'The file is larger than announced',
    detail: 'More bytes arrived than the size of the file you chose, so the copy was stopped.',
    nextStep: 'Choose the file again; do not change it while it is being opened.',
  },
  APP_UPLOAD_INCOMPLETE: {
    title: 'The file is incomplete',
    detail: 'Fewer bytes arrived than the size of the file you chose, or the copy is not finished.',
    nextStep: 'Choose the file again and wait until it has been read.',
  },
  APP_UPLOAD_LIMIT: {
    title: 'Too many files at once',
    detail: 'Agent Warden opens a few files at a time.',
    nextStep: 'Wait for the files being opened to finish, or close them, then try again.',
  },
  // Sync, bundles and verification: the codes a person meets most.
  SYNC_NETWORK: {
    title: 'The registry cannot be reached',
    detail: 'The connection was refused, reset or closed early, even after several attempts.',
    nextStep: 'Check the address and your network connection, then try again.',
  },
  SYNC_TIMEOUT: {
    title: 'The registry is not answering in time',
    detail: 'Requests took too long, even after several attempts. What was already verified is kept.',
    nextStep: 'Try again later, or check your network connection.',
  },
  SYNC_STALLED: {
    title: 'The sync stopped making progress',
    detail: 'Nothing arrived for a long time. What was already verified is kept and the next sync resumes from there.',
    nextStep: 'Sync again; if it stalls again, check the network or ask the registry’s operator.',
  },
  SYNC_HTTP_STATUS: {
    title: 'The registry refused the request',
    detail: 'The server answered with an error status. The address may not be a registry, or it has a problem.',
    nextStep: 'Check the address (it is the registry’s base URL), then try again.',
  },
  SYNC_BAD_RESPONSE: {
    title: 'The registry sent something unexpected',
    detail: 'An answer was garbage, truncated or of the wrong size, even after several attempts.',
    nextStep: 'Check that the address is a registry, then try again later.',
  },
  SYNC_RESPONSE_TOO_LARGE: {
    title: 'The registry sent too much data',
    detail: 'An answer was larger than any valid one can be, so it was refused.',
    nextStep: 'Check that the address is a registry; report it to its operator.',
  },
  SYNC_CHECKPOINT_INVALID: {
    title: 'The registry’s signature does not verify',
    detail: 'The newest checkpoint is not validly signed by the log key. The data cannot be trusted.',
    nextStep: 'Do not rely on this registry. Check the pinned key’s fingerprint with its operator.',
  },
  SYNC_WITNESS_MISSING: {
    title: 'A required witness did not cosign',
    detail: 'The checkpoint lacks the cosignatures of the witnesses you pinned, so it was not accepted.',
    nextStep: 'Try again later; if it persists, ask the registry’s operator about its witnesses.',
  },
  SYNC_ROLLBACK: {
    title: 'The registry went back in time',
    detail: 'It presented a log smaller than one it had already signed. This is refused and kept as evidence.',
    nextStep: 'Do not rely on this registry. Export the evidence and contact its operator.',
  },
  SYNC_FORK: {
    title: 'The registry showed two different histories',
    detail: 'Two signed checkpoints cannot both be true. This is refused and kept as evidence of misbehaviour.',
    nextStep: 'Do not rely on this registry. Export the evidence and contact its operator.',
  },
  SYNC_TILES_INCONSISTENT: {
    title: 'The log’s data does not match its signature',
    detail: 'The downloaded tiles do not hash to the signed root, even after fetching them again.',
    nextStep: 'Try again later; if it persists, report it to the registry’s operator.',
  },
  SYNC_LOG_KEY_MISMATCH: {
    title: 'This log is pinned to another key',
    detail: 'The key given is not the one pinned for this log.',
    nextStep: 'Do not continue. Ask the registry’s operator whether the log key changed.',
  },
  SYNC_LOG_KEY_REQUIRED: {
    title: 'A log key is needed',
    detail: 'This log is not pinned yet. Agent Warden never takes the key from the data it verifies.',
    nextStep: 'Enter the log key published by the registry’s operator and confirm its fingerprint.',
  },
  SYNC_TREE_TOO_LARGE: {
    title: 'The log is too large for this replica',
    detail: 'The checkpoint claims more entries than a replica can hold.',
    nextStep: 'Check that the address is a registry; report it to its operator.',
  },
  SYNC_CANCELLED: {
    title: 'The operation was cancelled',
    detail: 'The operation stopped when you asked. What was already verified is kept.',
    nextStep: 'Start it again when you are ready; it resumes where it stopped.',
  },
  VERIFY_CANCELLED: {
    title: 'Verification cancelled',
    detail: 'The verification stopped when you asked; no report was saved.',
    nextStep: 'Run the verification again when you are ready.',
  },
  EVIDENCE_UNREADABLE: {
    title: 'The evidence cannot be read',
    detail: 'The replica or file could not be opened for verification.',
    nextStep: 'Sync or import the log again, then verify.',
  },
  EVIDENCE_MALFORMED: {
    title: 'The fork evidence is not valid',
    detail: 'The file is not a well-formed evidence document.',
    nextStep: 'Check that you chose the right file.',
  },
  BUNDLE_MALFORMED: {
    title: 'This is not a valid evidence bundle',
    detail: 'The file is damaged or is not an Agent Warden evidence bundle. Nothing was imported.',
    nextStep: 'Check that you chose the right file, or ask for a new export.',
  },
  BUNDLE_SYNC_PENDING: {
    title: 'A sync of this log is unfinished',
    detail: 'The replica started syncing past every checkpoint of this bundle.',
    nextStep: 'Finish the sync first, then import the bundle.',
  },
};

// Families of protocol codes, longest prefix first so that `ENTRY_BUNDLE_` wins over `ENTRY_`.
const FAMILIES: readonly (readonly [prefix: string, description: ErrorDescription])[] = [
  ['BUNDLE_', {
    title: 'The evidence bundle cannot be used',
    detail: 'The file is damaged, incomplete, too large or not in the bundle format. Nothing was imported.',
    nextStep: 'Check that you chose the right file, or ask for a new export.',
  }],
  ['REPLICA_', {
    title: 'The app’s local data cannot be used',
    detail: 'The replica database is unreadable, from a newer version, or inconsistent.',
    nextStep: 'Restart Agent Warden. If it happens again, update it or report the code shown below.',
  }],
  ['VERIFY_', {
    title: 'The verification could not run',
    detail: 'The verifier stopped before reaching a verdict.',
    nextStep: 'Run the verification again. If it happens again, restart Agent Warden.',
  }],
  ['SYNC_', {
    title: 'The sync did not complete',
    detail: 'The replica keeps everything verified before the failure.',
    nextStep: 'Sync again. If it happens again, report the code shown below.',
  }],
  ['APP_UPLOAD_', {
    title: 'The file could not be handed to the app',
    detail: 'Reading the file you chose did not complete.',
    nextStep: 'Choose the file again.',
  }],
  ['ENTRY_BUNDLE_', {
    title: 'The log’s data files are damaged or incomplete',
    detail: 'A tile or entry bundle of the transparency log could not be read.',
    nextStep: 'Sync again, or ask the registry’s operator for a complete copy.',
  }],
  ['MAIP_AGENT_ID_', {
    title: 'An agent identifier is not valid',
    detail: 'The identifier does not follow the MAIP agent id format.',
    nextStep: 'Check the identifier and try again.',
  }],
  ['COSIGNATURE_', {
    title: 'A witness cosignature could not be verified',
    detail: 'A witness’s signature on a checkpoint is malformed or does not match.',
    nextStep: 'Check the witness keys you pinned. Do not rely on this checkpoint until it verifies.',
  }],
  ['CHECKPOINT_', {
    title: 'The log checkpoint could not be verified',
    detail: 'The signed summary of the transparency log is malformed or is not for the expected log.',
    nextStep: 'Check the pinned log key and the registry address. Do not rely on this data until it verifies.',
  }],
  ['NOTE_', {
    title: 'The signed checkpoint could not be verified',
    detail: 'No key you trust signed it, or the signature does not match.',
    nextStep: 'Check the pinned log key’s fingerprint with the registry’s operator.',
  }],
  ['VKEY_', {
    title: 'The key is not valid',
    detail: 'The verifier key is not in the signed-note key format.',
    nextStep: 'Copy the key again from its source, exactly as published.',
  }],
  ['SKEY_', {
    title: 'The signing key is not valid',
    detail: 'The signing key is not in the signed-note key format.',
    nextStep: 'Check the key file you chose.',
  }],
  ['TLOG_', {
    title: 'A log proof is malformed',
    detail: 'A proof attached to the data could not be read.',
    nextStep: 'Sync again, or ask the registry’s operator for a fresh proof.',
  }],
  ['MERKLE_', {
    title: 'The log’s proof does not check out',
    detail: 'The data does not match the signed state of the transparency log.',
    nextStep: 'Do not rely on this data. Keep the evidence and contact the registry’s operator.',
  }],
  ['TILE_', {
    title: 'The log’s data files are damaged or incomplete',
    detail: 'A tile of the transparency log could not be read.',
    nextStep: 'Sync again, or ask the registry’s operator for a complete copy.',
  }],
  ['STATE_', {
    title: 'A log entry breaks the registry’s rules',
    detail: 'The entry describes a change that is not allowed from the agent’s current state.',
    nextStep: 'Review the entry in the log; it is recorded as a finding.',
  }],
  ['ENTRY_', {
    title: 'A log entry was rejected',
    detail: 'The entry is malformed, not canonical, or not signed by an authorised key.',
    nextStep: 'Review the entry in the log; it is recorded as a finding.',
  }],
  ['MAIP_', {
    title: 'The MAIP bundle could not be read',
    detail: 'The file does not follow the MAIP reference bundle format.',
    nextStep: 'Check that you chose the right file.',
  }],
  ['ED25519_', {
    title: 'A key or signature is not valid',
    detail: 'An Ed25519 key or signature has the wrong form.',
    nextStep: 'Check the key or file you chose.',
  }],
  ['DID_', {
    title: 'An identity is not valid',
    detail: 'The did:key identifier could not be decoded.',
    nextStep: 'Check the identifier and try again.',
  }],
  ['JSON_', {
    title: 'The data is not valid JSON',
    detail: 'Agent Warden reads JSON strictly and this input did not pass.',
    nextStep: 'Check that you chose the right file or value.',
  }],
  ['JCS_', {
    title: 'The data cannot be signed or verified as is',
    detail: 'The value has no canonical JSON form.',
    nextStep: 'Check that you chose the right file or value.',
  }],
  ['ENCODING_', {
    title: 'The data is not in the expected format',
    detail: 'A value was not correctly encoded (hexadecimal, base64 or UTF-8).',
    nextStep: 'Copy the value again from its source, exactly as published.',
  }],
];

const FALLBACK: ErrorDescription = {
  title: 'Something went wrong',
  detail: 'Agent Warden could not complete the operation.',
  nextStep: 'Try again. If it happens again, restart Agent Warden and report the code shown below.',
};

/**
 * Words a person understands for an error `code`, with a next step. Total: an unknown or malformed
 * code gets a generic description, never an exception.
 */
export function describeAppError(code: string): ErrorDescription {
  const exact = Object.hasOwn(EXACT, code) ? EXACT[code as ApiErrorCode] : undefined;
  if (exact !== undefined) return exact;
  for (const [prefix, description] of FAMILIES) {
    if (code.startsWith(prefix)) return description;
  }
  return FALLBACK;
}
