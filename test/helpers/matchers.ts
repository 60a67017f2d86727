import { expect } from 'vitest';

interface CodedError {
  code?: unknown;
  message?: unknown;
}

/**
 * `expect(fn).toThrowWithCode('MERKLE_ROOT_MISMATCH')`: the function throws an error whose `code`
 * equals the expected one. Tests assert codes, not messages (messages are for people).
 */
expect.extend({
  toThrowWithCode(received: unknown, expected: string) {
    if (typeof received !== 'function') {
      return { pass: false, message: () => 'toThrowWithCode expects a function' };
    }
    try {
      (received as () => unknown)();
    } catch (error) {
      const code = (error as CodedError | null)?.code;
      return {
        pass: code === expected,
        message: () =>
          `expected an error with code ${expected}, got ${String(code)} (${String((error as CodedError | null)?.message)})`,
      };
    }
    return { pass: false, message: () => `expected an error with code ${expected}, but nothing was thrown` };
  },
  async toRejectWithCode(received: unknown, expected: string) {
    try {
      await (typeof received === 'function' ? (received as () => unknown)() : received);
    } catch (error) {
      const code = (error as CodedError | null)?.code;
      return {
        pass: code === expected,
        message: () =>
          `expected a rejection with code ${expected}, got ${String(code)} (${String((error as CodedError | null)?.message)})`,
      };
    }
    return { pass: false, message: () => `expected a rejection with code ${expected}, but it resolved` };
  },
});

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    toThrowWithCode(code: string): R;
    toRejectWithCode(code: string): Promise<R>;
    /** phantom use of T so that the declaration merges with vitest's own */
    readonly __wardenMatchers?: T;
  }
}
