/**
 * Security Event Tokens (RFC 8417) as the registry signs them (docs/protocol.md §11.11): a JWS
 * compact serialisation (RFC 7515 §7.1) with Ed25519 (`alg: "EdDSA"`, RFC 8037), so that any JOSE
 * library can check them with the registry key.
 *
 *   header  = JCS({ "alg": "EdDSA", "kid": <registry did:key>, "typ": "secevent+jwt" })
 *   payload = JCS(claims)
 *   token   = b64u(header) "." b64u(payload) "." b64u(Ed25519(log key, ASCII(b64u(header) "." b64u(payload))))
 *
 * b64u is base64url without padding. The payload is canonical (RFC 8785), so the same event always
 * gives the same token (Ed25519 is deterministic): a resumed stream replays byte-identical events.
 * Domain separation: the log key also signs statements (JCS bytes, beginning with `{`) and
 * checkpoint notes (text with newlines); a JWS signing input is base64url characters and one dot,
 * so none of the three can be mistaken for another.
 *
 * Pure (core imports only): subscribers can use `verifySecurityEventToken` as is.
 */
import { ProtocolError } from '../../core/errors.ts';
import { verifyEd25519 } from '../../core/crypto/ed25519.ts';
import { base64UrlToBytes, bytesToBase64Url, bytesToUtf8, utf8ToBytes } from '../../core/encoding/index.ts';
import { canonicalBytes } from '../../core/jcs.ts';
import { parseJsonStrict } from '../../core/json.ts';
import type { StatementSigner } from '../../core/log/signature.ts';

export const SET_ALGORITHM = 'EdDSA';
export const SET_MEDIA_TYPE = 'secevent+jwt';
/** Longest token `verifySecurityEventToken` reads (a SET is well under 4 KiB). */
export const MAX_SET_CHARS = 64 * 1024;

export interface SetHeader {
  readonly alg: typeof SET_ALGORITHM;
  readonly kid: string;
  readonly typ: typeof SET_MEDIA_TYPE;
}

/** A signer of SETs: the registry's log key (its did:key is the `kid`). */
export interface SetSigner {
  readonly kid: string;
  /** The encoded header, computed once. */
  readonly encodedHeader: string;
  sign(claims: Readonly<Record<string, unknown>>): string;
}

/** A SET signer over `signer` (the registry signer: role and key as in statements). */
export function createSetSigner(signer: StatementSigner): SetSigner {
  const header: SetHeader = { alg: SET_ALGORITHM, kid: signer.key, typ: SET_MEDIA_TYPE };
  const encodedHeader = bytesToBase64Url(canonicalBytes(header));
  return {
    kid: signer.key,
    encodedHeader,
    sign(claims) {
      const input = `${encodedHeader}.${bytesToBase64Url(canonicalBytes(claims))}`;
      return `${input}.${bytesToBase64Url(signer.sign(utf8ToBytes(input)))}`;
    },
  };
}

export interface VerifiedSet {
  readonly header: SetHeader;
  readonly claims: Record<string, unknown>;
}

/**
 * Verifies a SET (attacker-controlled text) with the registry's 32-byte Ed25519 public key and
 * returns its header and claims. Checks: three base64url parts; the header is exactly
 * `{alg: "EdDSA", kid, typ: "secevent+jwt"}`; the Ed25519 signature (strict policy) over the first
 * two parts; the payload is a JSON object. Throws SECURITY_EVENT_MALFORMED or
 * SECURITY_EVENT_BAD_SIGNATURE; never another error for bad input.
 */
export function verifySecurityEventToken(token: string, publicKey: Uint8Array): VerifiedSet {
  if (typeof token !== 'string' || token.length > MAX_SET_CHARS) throw malformed('not a security event token of at most 64 KiB');
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed('a security event token has three dot-separated parts');
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = decodeJsonPart(encodedHeader, 'header');
  if (
    Object.keys(header).length !== 3 ||
    header.alg !== SET_ALGORITHM ||
    header.typ !== SET_MEDIA_TYPE ||
    typeof header.kid !== 'string' ||
    header.kid.length > 256
  ) {
    throw malformed('the token header is not {alg: EdDSA, kid, typ: secevent+jwt}');
  }
  let signature: Uint8Array;
  try {
    signature = base64UrlToBytes(encodedSignature, 64);
  } catch (error) {
    throw malformed('the token signature is not 64 bytes of base64url', error);
  }
  if (!verifyEd25519(publicKey, utf8ToBytes(`${encodedHeader}.${encodedPayload}`), signature)) {
    throw new ProtocolError('SECURITY_EVENT_BAD_SIGNATURE', 'the security event token signature does not verify with the registry key');
  }
  const claims = decodeJsonPart(encodedPayload, 'payload');
  return { header: header as unknown as SetHeader, claims };
}

function decodeJsonPart(part: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonStrict(bytesToUtf8(base64UrlToBytes(part)), { maxBytes: MAX_SET_CHARS, maxDepth: 16 });
  } catch (error) {
    throw malformed(`the token ${name} is not base64url of strict JSON`, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`the token ${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

function malformed(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('SECURITY_EVENT_MALFORMED', message, cause === undefined ? {} : { cause });
}
