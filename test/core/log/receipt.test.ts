import { describe, expect, it } from 'vitest';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';
import { entryLeafHash } from '../../../src/core/log/entry.ts';
import { buildReceipt, validateReceipt, verifyReceiptInclusion } from '../../../src/core/log/receipt.ts';
import { referenceInclusionProof, referenceRoot } from '../../../src/core/merkle/reference.ts';

const example = buildProtocolExample();
const leaves = example.bytes.map((b) => entryLeafHash(b));
const root = referenceRoot(leaves);
const checkpoint = { origin: example.config.origin, size: BigInt(leaves.length), rootHash: root };
const note = `${example.config.origin}\n4\nplaceholder\n\n— signature lines verified elsewhere\n`;

describe('verifyReceiptInclusion', () => {
  it('accepts a receipt for the revocation entry under the checkpoint that includes it', () => {
    const receipt = buildReceipt(example.config.origin, 3n, example.bytes[3]!, note, referenceInclusionProof(3, leaves));
    expect(receipt.index).toBe('3');
    expect(() => verifyReceiptInclusion(receipt, example.bytes[3]!, checkpoint)).not.toThrow();
  });
  it('throws TLOG_PROOF_MALFORMED for other entry bytes, MERKLE_ROOT_MISMATCH for a wrong index, CHECKPOINT_ORIGIN_MISMATCH for another log', () => {
    const receipt = buildReceipt(example.config.origin, 3n, example.bytes[3]!, note, referenceInclusionProof(3, leaves));
    expect(() => verifyReceiptInclusion(receipt, example.bytes[2]!, checkpoint)).toThrowWithCode('TLOG_PROOF_MALFORMED');
    expect(() => verifyReceiptInclusion({ ...receipt, index: '2' }, example.bytes[3]!, checkpoint)).toThrowWithCode('MERKLE_ROOT_MISMATCH');
    expect(() => verifyReceiptInclusion(receipt, example.bytes[3]!, { ...checkpoint, origin: 'other.example/log' })).toThrowWithCode('CHECKPOINT_ORIGIN_MISMATCH');
  });
});

describe('validateReceipt', () => {
  const good = buildReceipt(example.config.origin, 3n, example.bytes[3]!, note, referenceInclusionProof(3, leaves));
  it.each([
    ['index', 3],
    ['index', '03'],
    ['index', '18446744073709551616'],
    ['leaf_hash', 'AAAA'],
    ['inclusion_proof', ['x']],
    ['format', 'warden.receipt/v2'],
    ['extra', 1],
  ])('throws TLOG_PROOF_MALFORMED for %s = %j', (key, value) => {
    expect(() => validateReceipt({ ...good, [key]: value })).toThrowWithCode('TLOG_PROOF_MALFORMED');
  });
  it('accepts the largest uint64 index', () => {
    expect(validateReceipt({ ...good, index: '18446744073709551615' }).index).toBe('18446744073709551615');
  });
});
