import { describe, expect, it } from 'vitest';
import { explainScopeNarrowing, explainScopeSyntax, parseMaipScope, scopeGrants } from '../../../src/core/maip/scope.ts';

describe('parseMaipScope', () => {
  it.each([
    ['model:deploy', 'model', 'deploy'],
    ['*:*', '*', '*'],
    ['dataset:*', 'dataset', '*'],
    // Go's SplitN(s, ":", 2): the action keeps any further colon.
    ['attestation:receipt:create', 'attestation', 'receipt:create'],
  ])('reads %s', (text, resource, action) => {
    expect(parseMaipScope(text)).toEqual({ resource, action });
  });

  it.each([
    ['inference', 'no colon (receipt-format examples; Go rejects it too)'],
    [':read', 'empty resource'],
    ['model:', 'empty action'],
    ['', 'empty'],
    [' model:deploy', 'leading space (Go trims it)'],
    ['model :deploy', 'space before the colon (Go trims it)'],
    ['model:deploy\t', 'trailing tab (Go trims it)'],
    ['*:read', 'a wildcard resource with a named action (delegation-chain §3)'],
  ])('rejects %j: %s', (text) => {
    expect(parseMaipScope(text)).toBeUndefined();
  });
});

describe('scopeGrants', () => {
  const scope = (text: string) => {
    const parsed = parseMaipScope(text);
    if (parsed === undefined) throw new Error(`bad test scope ${text}`);
    return parsed;
  };

  it('follows Go Scope.Matches: *:* grants all, R:* grants R:x, otherwise equality', () => {
    expect(scopeGrants(scope('*:*'), scope('admin:kill_switch'))).toBe(true);
    expect(scopeGrants(scope('*:*'), scope('*:*'))).toBe(true);
    expect(scopeGrants(scope('model:*'), scope('model:deploy'))).toBe(true);
    expect(scopeGrants(scope('model:*'), scope('model:*'))).toBe(true);
    expect(scopeGrants(scope('model:*'), scope('dataset:read'))).toBe(false);
    expect(scopeGrants(scope('model:deploy'), scope('model:deploy'))).toBe(true);
    expect(scopeGrants(scope('model:deploy'), scope('model:*'))).toBe(false);
    expect(scopeGrants(scope('model:deploy'), scope('*:*'))).toBe(false);
  });
});

describe('explainScopeNarrowing', () => {
  it('accepts a child list that the parent list grants, in any order, and empty or null children', () => {
    expect(explainScopeNarrowing(['model:deploy', 'receipt:create'], ['receipt:create', 'model:deploy'])).toBeUndefined();
    expect(explainScopeNarrowing(['model:*'], ['model:deploy', 'model:train'])).toBeUndefined();
    expect(explainScopeNarrowing(['a:b'], [])).toBeUndefined();
    expect(explainScopeNarrowing(['a:b'], null)).toBeUndefined();
  });

  it('names the first scope the parent does not grant', () => {
    expect(explainScopeNarrowing(['model:deploy'], ['model:deploy', 'admin:kill_switch'])).toBe('scope "admin:kill_switch" is not granted');
    expect(explainScopeNarrowing(null, ['a:b'])).toBe('scope "a:b" is not granted');
  });

  it('reports a malformed scope on either side, as the reference does', () => {
    expect(explainScopeNarrowing(['inference'], ['a:b'])).toBe('invalid parent scope "inference"');
    expect(explainScopeNarrowing(['*:*'], ['data.read'])).toBe('invalid scope "data.read"');
  });
});

describe('explainScopeSyntax', () => {
  it('accepts well-formed lists and null, and names the first malformed scope', () => {
    expect(explainScopeSyntax(['a:b', '*:*'])).toBeUndefined();
    expect(explainScopeSyntax(null)).toBeUndefined();
    expect(explainScopeSyntax(['a:b', 'inference'])).toBe('invalid scope "inference"');
  });
});
