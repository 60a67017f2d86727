import { describe, expect, it } from 'vitest';
import { API_CONTRACT, appInfoSchema, PING_MAX_LENGTH } from '../../../src/core/api/contract.ts';
import { API_METHOD_NAMES, channelForMethod, isApiMethod, splitMethod } from '../../../src/core/api/methods.ts';

describe('API_CONTRACT', () => {
  it('defines schemas for exactly the methods in API_METHOD_NAMES', () => {
    expect(Object.keys(API_CONTRACT).sort()).toEqual([...API_METHOD_NAMES].sort());
  });

  it.each(API_METHOD_NAMES)('names %s as domain.verb in lowerCamelCase', (method) => {
    expect(method).toMatch(/^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/);
  });

  it.each(API_METHOD_NAMES)('refuses unknown argument keys for %s', (method) => {
    const schema = API_CONTRACT[method].args;
    expect(schema.safeParse({ unexpected: true, message: 'x' }).success).toBe(false);
  });

  it.each(API_METHOD_NAMES)('refuses non-object arguments for %s', (method) => {
    for (const args of [undefined, null, 'x', 1, [], true]) {
      expect(API_CONTRACT[method].args.safeParse(args).success).toBe(false);
    }
  });

  describe('app.ping', () => {
    it('accepts a message up to the limit and refuses a longer one', () => {
      const { args } = API_CONTRACT['app.ping'];
      expect(args.safeParse({ message: 'x'.repeat(PING_MAX_LENGTH) }).success).toBe(true);
      expect(args.safeParse({ message: 'x'.repeat(PING_MAX_LENGTH + 1) }).success).toBe(false);
    });
  });

  describe('app.info result', () => {
    it('accepts an honest answer and strips keys the contract does not name', () => {
      const parsed = appInfoSchema.parse({ name: 'Agent Warden', version: '0.1.0', runtime: 'browser', secret: 'k' });
      expect(parsed).toEqual({ name: 'Agent Warden', version: '0.1.0', runtime: 'browser' });
    });

    it('refuses an unknown runtime or a version that is not semver', () => {
      expect(appInfoSchema.safeParse({ name: 'A', version: '0.1.0', runtime: 'node' }).success).toBe(false);
      expect(appInfoSchema.safeParse({ name: 'A', version: 'latest', runtime: 'electron' }).success).toBe(false);
    });
  });
});

describe('isApiMethod', () => {
  it('accepts contract methods only', () => {
    expect(isApiMethod('app.info')).toBe(true);
    for (const value of ['app.unknown', '__proto__', 'constructor', 'toString', 'app.info ', 'APP.INFO', '', 1, null, undefined, {}]) {
      expect(isApiMethod(value)).toBe(false);
    }
  });
});

describe('channelForMethod', () => {
  it('prefixes the method with warden:', () => {
    expect(channelForMethod('app.ping')).toBe('warden:app.ping');
  });
});

describe('splitMethod', () => {
  it('splits domain and verb at the dot', () => {
    expect(splitMethod('app.info')).toEqual(['app', 'info']);
  });
});
