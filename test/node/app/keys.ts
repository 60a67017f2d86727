/** A fresh Ed25519 note signer key for tests (an impostor of a registry's log key). */
import { ed25519 } from '@noble/curves/ed25519.js';
import { formatVerifierKey, KEY_TYPE_ED25519 } from '../../../src/core/note/vkey.ts';

export function generateSignerKey(name: string): { vkey: string; secretKey: Uint8Array } {
  const secretKey = ed25519.utils.randomSecretKey();
  return { vkey: formatVerifierKey(name, KEY_TYPE_ED25519, ed25519.getPublicKey(secretKey)), secretKey };
}
