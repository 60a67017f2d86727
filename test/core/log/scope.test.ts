import { describe, expect, it } from 'vitest';
import { isScope, scopeCovers, scopesCovered, uncoveredScopes } from '../../../src/core/log/scope.ts';

describe('isScope', () => {
  it.each(['dataset:read', 'dataset:*', '*:*', 'a:b', 'model.v2:deploy-now', 'x_y:z.w'])('accepts %s', (scope) => {
    expect(isScope(scope)).toBe(true);
  });
  it.each(['*:read', 'dataset', 'dataset:', ':read', 'Dataset:read', 'dataset:Read', 'a:b:c', 'dataset:read ', '1abc:read', 'a:*x', '*', ''])(
    'refuses %j',
    (scope) => {
      expect(isScope(scope)).toBe(false);
    },
  );
  it('refuses an over-long scope', () => {
    expect(isScope(`${'a'.repeat(64)}:${'b'.repeat(64)}`)).toBe(true);
    expect(isScope(`${'a'.repeat(65)}:b`)).toBe(false);
  });
});

describe('scopeCovers', () => {
  it.each([
    ['*:*', 'dataset:read', true],
    ['*:*', '*:*', true],
    ['dataset:*', 'dataset:read', true],
    ['dataset:*', 'dataset:*', true],
    ['dataset:read', 'dataset:read', true],
    ['dataset:*', '*:*', false],
    ['dataset:read', 'dataset:*', false],
    ['dataset:read', 'dataset:write', false],
    ['data:*', 'dataset:read', false],
    ['dataset:read', '*:*', false],
  ] as const)('%s covers %s: %s', (held, wanted, expected) => {
    expect(scopeCovers(held, wanted)).toBe(expected);
  });
});

describe('scopesCovered', () => {
  it('needs every wanted scope covered', () => {
    expect(scopesCovered(['dataset:*', 'model:deploy'], ['dataset:read', 'model:deploy'])).toBe(true);
    expect(scopesCovered(['dataset:*'], ['dataset:read', 'model:deploy'])).toBe(false);
    expect(uncoveredScopes(['dataset:*'], ['dataset:read', 'model:deploy'])).toEqual(['model:deploy']);
  });
});
