import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/vectors.ts';
import { publicKeyFromSeed } from '../../../src/core/crypto/ed25519.ts';
import { canonicalize } from '../../../src/core/jcs.ts';
import { entryLeafHash } from '../../../src/core/log/entry.ts';
import { buildProtocolExample, EXAMPLE_AGENT, EXAMPLE_ORIGIN } from '../../../src/core/log/protocol-example.ts';
import { seedSigner } from '../../../src/core/log/signature.ts';
import type { LogEntry } from '../../../src/core/log/statement.ts';
import { buildEventFrame } from '../../../src/server/events/event-log.ts';
import { createSetSigner, verifySecurityEventToken } from '../../../src/server/events/security-event-token.ts';
import { securityEventClaims } from '../../../src/server/events/security-events.ts';

const doc = readFileSync(path.join(repoRoot, 'docs', 'protocol.md'), 'utf8');
const errorsSource = readFileSync(path.join(repoRoot, 'src', 'server', 'http', 'errors.ts'), 'utf8');

/** Every `<!-- event-example: name -->` followed by a fenced block, name → block content. */
function eventExamples(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(/<!-- event-example: ([a-z0-9-]+) -->\n```\n([\s\S]*?)\n```/g)) blocks.set(match[1] as string, match[2] as string);
  return blocks;
}

describe('docs/protocol.md §11.10–11.11', () => {
  const example = buildProtocolExample();
  const seed = new Uint8Array(32).fill(0x01);
  const source = { index: 3, leafHash: entryLeafHash(example.bytes[3] as Uint8Array), entry: example.entries[3] as LogEntry, affected: [EXAMPLE_AGENT] };
  const blocks = eventExamples(doc);

  it("shows the worked example's event claims and frame exactly as the code builds them", () => {
    expect([...blocks.keys()].sort()).toEqual(['claims', 'frame']);
    expect(blocks.get('claims')).toBe(canonicalize(securityEventClaims(source, EXAMPLE_ORIGIN)[0]));
    const frame = buildEventFrame(source, EXAMPLE_ORIGIN, createSetSigner(seedSigner('registry', seed)));
    expect(`${blocks.get('frame') as string}\n\n`).toBe(frame.wire.plain.toString('utf8'));
  });

  it("the example frame's SET verifies with the example registry key", () => {
    const frame = blocks.get('frame') as string;
    const data = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { sets: string[] };
    const { claims } = verifySecurityEventToken(data.sets[0] as string, publicKeyFromSeed(seed));
    expect(canonicalize(claims)).toBe(blocks.get('claims'));
  });

  it('names every admin-channel and event-stream error code', () => {
    const codes = [...errorsSource.matchAll(/'((?:ADMIN|EVENTS)_[A-Z_]+)'/g)].map((m) => m[1] as string);
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
