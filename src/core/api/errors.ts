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

export type ApiErrorCode = ProtocolErrorCode | ApiTransportErrorCode;

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
};

// Families of protocol codes, longest prefix first so that `ENTRY_BUNDLE_` wins over `ENTRY_`.
const FAMILIES: readonly (readonly [prefix: string, description: ErrorDescription])[] = [
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
