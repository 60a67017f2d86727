import { ProtocolError } from '../../core/errors.ts';
import { canonicalBytes } from '../../core/jcs.ts';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import { MAX_ENTRY_BYTES, STATEMENT_FORMAT, statementSigningBytes, validateStatement, type LogEntry, type Statement, type StatementOf } from '../../core/log/statement.ts';
import { signWithAll, type SignerRole, type StatementSigner } from '../../core/log/signature.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import type { StatementBodies, StatementType } from '../../core/log/types/index.ts';
import { RegistryStateBuilder } from '../../core/registry/builder.ts';
import type { RegistryState } from '../../core/registry/state.ts';

/**
 * The demo's log writer: signs statements, encodes them and folds each one through a
 * `RegistryStateBuilder` before keeping it, so a demo log is valid by construction and a builder
 * bug fails at the entry that breaks a rule (docs/protocol.md §5.2), not later in the server.
 *
 * Unlike `LogWriter` (src/core/log), the registry's log key is an outside `StatementSigner`: the
 * server owns that key and only lends a signer. Policy:
 * - the clock only moves forward, at least 1 ms per entry, so entry times strictly increase
 *   (control statements need strictly later times, §5.2, and auditors read a log in time order);
 * - each statement is schema-checked once (`validateStatement`) and its entry bytes are the JCS of
 *   the signed statement (§3.1), at most 65,535 bytes;
 * - signatures are not re-verified here (they come from our own seeds); tests fold the whole log
 *   again with full verification.
 */

export type SignFunction = (seed: Uint8Array, message: Uint8Array) => Uint8Array;
export type PublicKeyFunction = (seed: Uint8Array) => Uint8Array;

export interface DemoWriterOptions {
  readonly origin: string;
  /** The registry's log key, role `registry`. */
  readonly registrySigner: StatementSigner;
  /** The clock's start, in milliseconds since the epoch. */
  readonly startMs: number;
  readonly sign: SignFunction;
  readonly publicKey: PublicKeyFunction;
}

export class DemoWriter {
  readonly origin: string;
  readonly registry: StatementSigner;
  readonly builder: RegistryStateBuilder;
  readonly entries: Uint8Array[] = [];
  readonly counts = new Map<StatementType, number>();
  readonly #seeds = new Map<string, Uint8Array>();
  readonly #sign: SignFunction;
  readonly #publicKey: PublicKeyFunction;
  #clock: number;
  #last = -1;

  /** Throws INVALID_ARGUMENT for a signer whose role is not `registry` or a bad origin. */
  constructor(options: DemoWriterOptions) {
    if (options.registrySigner.role !== 'registry') {
      throw new ProtocolError('INVALID_ARGUMENT', `the registry signer must have role registry, not ${options.registrySigner.role}`);
    }
    this.origin = options.origin;
    this.registry = options.registrySigner;
    this.#sign = options.sign;
    this.#publicKey = options.publicKey;
    this.#clock = options.startMs;
    this.builder = new RegistryStateBuilder({ origin: options.origin, registryKey: options.registrySigner.key }, { verifySignatures: false });
  }

  get state(): RegistryState {
    return this.builder.state;
  }

  /** The time of the latest entry, or the start, in ms. */
  get clockMs(): number {
    return this.#clock;
  }

  /** The time of the next entry: `ms`, or 1 ms after the previous entry if that is later. */
  timeAt(ms: number): string {
    this.#clock = Math.max(ms, this.#last + 1);
    this.#last = this.#clock;
    return formatTimestamp(this.#clock);
  }

  /** Binds a 32-byte seed to its did:key (so `signer` can use it) and returns the did:key. */
  addKey(seed: Uint8Array): string {
    const did = didKeyFromPublicKey(this.#publicKey(seed));
    this.#seeds.set(did, seed);
    return did;
  }

  /** A signer in `role` for a key added with `addKey`. Throws INVALID_ARGUMENT for another key. */
  signer(role: SignerRole, did: string): StatementSigner {
    if (role === 'registry') return this.registry;
    const seed = this.#seeds.get(did);
    if (seed === undefined) throw new ProtocolError('INVALID_ARGUMENT', `no seed for ${did}`);
    return seedSignerFor(role, did, seed, this.#sign);
  }

  /** A statement of this registry. */
  statement<T extends StatementType>(type: T, tenant: string, subject: string, body: StatementBodies[T], time: string): StatementOf<T> {
    return { format: STATEMENT_FORMAT, origin: this.origin, type, tenant, subject, time, body };
  }

  /**
   * Signs `statement`, folds it at the next index and keeps its bytes. Throws ENTRY_MALFORMED for a
   * statement outside the schemas and whatever the fold throws (§5.3); nothing is kept then.
   */
  append(statement: Statement, signers: readonly StatementSigner[]): LogEntry {
    const valid = validateStatement(statement);
    const signatures = signWithAll(statementSigningBytes(valid), signers);
    const entry = { ...valid, signatures } as LogEntry;
    const bytes = canonicalBytes(entry);
    if (bytes.length > MAX_ENTRY_BYTES) {
      throw new ProtocolError('ENTRY_MALFORMED', `an entry is at most ${MAX_ENTRY_BYTES} bytes, got ${bytes.length}`, {
        details: { rule: 'ENTRY_TOO_LARGE', size: bytes.length },
      });
    }
    this.builder.apply(entry, this.entries.length);
    this.entries.push(bytes);
    this.counts.set(entry.type, (this.counts.get(entry.type) ?? 0) + 1);
    return entry;
  }
}

/** A signer over a seed whose did:key is already known (no public-key derivation per call). */
function seedSignerFor(role: SignerRole, did: string, seed: Uint8Array, sign: SignFunction): StatementSigner {
  return { role, key: did, sign: (message) => sign(seed, message) };
}
