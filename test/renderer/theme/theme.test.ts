import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHexColour } from '../../../src/renderer/theme/contrast.ts';
import { parseThemeSetting, resolveTheme } from '../../../src/renderer/theme/theme.ts';
import { repoRoot } from '../../helpers/vectors.ts';

describe('resolveTheme', () => {
  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['light', false, 'light'],
    ['dark', false, 'dark'],
    ['dark', true, 'dark'],
  ] as const)('resolves %s with a dark OS = %s to %s', (setting, systemDark, expected) => {
    expect(resolveTheme(setting, systemDark)).toBe(expected);
  });
});

describe('parseThemeSetting', () => {
  it.each([null, undefined, '', 'DARK', 'blue', 42, '__proto__', {}])('reads %j as system', (value) => {
    expect(parseThemeSetting(value)).toBe('system');
  });

  it.each(['system', 'light', 'dark'])('keeps %s', (value) => {
    expect(parseThemeSetting(value)).toBe(value);
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1f5fbf', '#1f5fbf')).toBe(1);
  });

  it('throws on a value that is not a hex colour', () => {
    expect(() => parseHexColour('rgb(0,0,0)')).toThrow(RangeError);
    expect(() => parseHexColour('#12345')).toThrow(RangeError);
  });
});

// The tokens as written in theme.css: the light block and the explicit dark block (the media-query
// block must be the same as the explicit one, checked below).
const css = readFileSync(path.join(repoRoot, 'src/renderer/theme/theme.css'), 'utf8');

function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no block ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--([a-z0-9-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const THEMES = { light: tokens(":root[data-theme='light']"), dark: tokens(":root[data-theme='dark']") };

const TEXT_PAIRS: readonly (readonly [string, string])[] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['text', 'accent-surface'],
  ['text-muted', 'bg'],
  ['text-muted', 'surface'],
  ['text-muted', 'surface-2'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['accent', 'accent-surface'],
  ['accent-contrast', 'accent'],
  ['ok', 'surface'],
  ['ok', 'ok-surface'],
  ['warning', 'surface'],
  ['warning', 'warning-surface'],
  ['danger', 'surface'],
  ['danger', 'danger-surface'],
  ['text', 'danger-surface'],
  ['text', 'warning-surface'],
  ['text', 'ok-surface'],
];
const NON_TEXT_PAIRS: readonly (readonly [string, string])[] = [
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['border-strong', 'surface'],
  ['border-strong', 'bg'],
];

describe('theme.css', () => {
  it('uses the same dark tokens under the media query as under data-theme=dark', () => {
    expect(tokens(":root:not([data-theme='light'])")).toEqual(THEMES.dark);
  });

  for (const [name, palette] of Object.entries(THEMES)) {
    describe(`when the theme is ${name}`, () => {
      it.each(TEXT_PAIRS)('shows --%s on --%s at 4.5:1 or more (WCAG AA text)', (fg, bg) => {
        expect(contrastRatio(palette[fg]!, palette[bg]!)).toBeGreaterThanOrEqual(4.5);
      });

      it.each(NON_TEXT_PAIRS)('shows --%s on --%s at 3:1 or more (WCAG AA non-text)', (fg, bg) => {
        expect(contrastRatio(palette[fg]!, palette[bg]!)).toBeGreaterThanOrEqual(3);
      });
    });
  }
});
