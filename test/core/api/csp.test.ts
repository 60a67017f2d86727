import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../../src/core/api/csp.ts';
import { repoRoot } from '../../helpers/vectors.ts';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')];
  }));
}

describe('buildContentSecurityPolicy', () => {
  it('allows nothing by default and no inline script, inline style or eval', () => {
    const policy = buildContentSecurityPolicy('header');
    expect(directives(policy).get('default-src')).toBe("'none'");
    expect(policy).not.toMatch(/unsafe-|\*|https?:|blob:/);
  });

  it('adds frame-ancestors only to the header variant', () => {
    expect(directives(buildContentSecurityPolicy('header')).get('frame-ancestors')).toBe("'none'");
    expect(directives(buildContentSecurityPolicy('meta')).has('frame-ancestors')).toBe(false);
  });

  it('matches the meta tag of src/renderer/index.html', () => {
    const html = readFileSync(path.join(repoRoot, 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(buildContentSecurityPolicy('meta'));
  });
});
