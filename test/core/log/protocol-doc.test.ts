import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/vectors.ts';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';
import { parseEntry } from '../../../src/core/log/entry.ts';
import { foldEntries } from '../../../src/core/registry/fold.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { STATEMENT_TYPES } from '../../../src/core/log/types/index.ts';

const doc = readFileSync(path.join(repoRoot, 'docs', 'protocol.md'), 'utf8');
const example = buildProtocolExample();

/** Every `<!-- example: name -->` followed by a fenced block, name → block content. */
function exampleBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(/<!-- example: ([a-z0-9-]+) -->\n```\n([\s\S]*?)\n```/g)) blocks.set(match[1]!, match[2]!);
  return blocks;
}

describe('docs/protocol.md worked example', () => {
  const blocks = exampleBlocks(doc);

  it('shows every text the example builds, and nothing else', () => {
    expect([...blocks.keys()].sort()).toEqual(Object.keys(example.texts).sort());
  });

  it.each(Object.entries(example.texts))('shows %s exactly as the code produces it', (name, text) => {
    expect(blocks.get(name)).toBe(text);
  });

  it('its entries parse from the bytes shown and fold as described', () => {
    const entry = parseEntry(utf8ToBytes(blocks.get('agent-registered-entry') ?? ''));
    expect(entry).toEqual(example.entries[2]);
    const state = foldEntries(example.config, example.bytes.map((b) => parseEntry(b)));
    const agent = state.agents.get('maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A');
    expect(agent?.statusRecord).toMatchObject({ status: 'revoked', by: 'admin', since: { index: 3 } });
    expect(state.statusActions).toHaveLength(1);
    expect(state.statusActions[0]).toMatchObject({ threshold: 1, nonce: 'BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ' });
  });
});

describe('docs/protocol.md coverage', () => {
  it('specifies every statement type in the summary table and in its own section', () => {
    const missing = STATEMENT_TYPES.filter((type) => !doc.includes(`| \`${type}\` |`) || !doc.includes(` \`${type}\`\n`));
    expect(missing).toEqual([]);
  });
  it('names every fold rule the code can report', () => {
    const sources = ['authorise.ts', 'apply-governance.ts', 'apply-agent.ts', 'apply-delegation.ts', 'apply-activity.ts', 'apply-status.ts', 'builder.ts']
      .map((f) => readFileSync(path.join(repoRoot, 'src', 'core', 'registry', f), 'utf8'))
      .join('\n');
    const rules = new Set([...sources.matchAll(/'([A-Z][A-Z_]+)',\s*(?:'|`)/g)].map((m) => m[1]!).filter((r) => !r.startsWith('ENTRY_') && r !== 'STATE_TRANSITION_INVALID' && r !== 'INVALID_ARGUMENT'));
    expect(rules.size).toBeGreaterThan(30);
    expect([...rules].filter((rule) => rule !== 'BAD_SIGNATURE' && !doc.includes(`\`${rule}\``))).toEqual([]);
  });
});
