/**
 * The statement format and the entry size bound (statement.ts has the policy), in a module of their
 * own that loads nothing: the verify pool's workers need them without the schemas (issue 4: worker memory).
 */

export const STATEMENT_FORMAT = 'warden.statement/v1';

/** An entry is at most 65,535 bytes: C2SP tlog-tiles entry bundles prefix each entry with a uint16 length. */
export const MAX_ENTRY_BYTES = 0xffff;
