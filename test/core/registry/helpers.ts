import { expect } from 'vitest';
import type { ProtocolError } from '../../../src/core/errors.ts';
import { signStatement } from '../../../src/core/log/entry.ts';
import type { LogWriter } from '../../../src/core/log/log-writer.ts';
import type { StatementSigner } from '../../../src/core/log/signature.ts';
import type { LogEntry, Statement } from '../../../src/core/log/statement.ts';

/** Applies `entry` at the next index and expects `code`/`rule`, the index in details, and no state change. */
export function expectRejected(w: LogWriter, entry: LogEntry, code: string, rule: string): void {
  const before = structuredClone(w.state);
  let error: ProtocolError | undefined;
  try {
    w.builder.apply(entry, w.entries.length);
  } catch (e) {
    error = e as ProtocolError;
  }
  expect(error?.code, error?.message).toBe(code);
  expect(error?.details).toMatchObject({ index: w.entries.length, rule });
  expect(w.state).toEqual(before);
}

export const sign = (statement: Statement, signers: StatementSigner[]): LogEntry => signStatement(statement, signers);

export const profile = (scopes: string[]) => ({ display_name: 'agent', capabilities: [], scopes });
