import { ProtocolError } from '../errors.ts';
import { bytesToBase64Url, bytesToHex } from '../encoding/index.ts';
import { didKeyFromPublicKey } from '../identity/did-key.ts';
import { newUlid } from '../identity/maip-id.ts';
import { publicKeyFromSeed, signEd25519 } from '../crypto/ed25519.ts';
import { recomputeScore, type TrustFactors } from '../trust/score.ts';
import { RegistryStateBuilder } from '../registry/builder.ts';
import type { AgentState, RegistryState, TenantState } from '../registry/state.ts';
import { signAdminCommand, type AdminAction, type AdminCommand, type UnsignedAdminCommand } from './admin-command.ts';
import { encodeEntry, signStatement } from './entry.ts';
import { STATEMENT_FORMAT, type LogEntry, type Statement, type StatementOf } from './statement.ts';
import { seedSigner, type SignerRole, type StatementSigner } from './signature.ts';
import { SeededRandom } from './prng.ts';
import { formatTimestamp, timestampMs } from './time.ts';
import type { QuorumThresholds } from './types/admin.ts';
import type { StatementBodies, StatementType } from './types/index.ts';

/**
 * Writes valid, signed logs for fixtures, demos and tests: it holds every private seed it made,
 * a clock that only moves forward, and a `RegistryStateBuilder` that every appended entry must pass,
 * so what it writes is exactly what a correct registry would log. Deterministic: the same seed and
 * the same calls give the same bytes. Pure (no I/O, no Math.random, no wall clock).
 */

export interface KeyPair {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly did: string;
}

export interface LogWriterOptions {
  readonly seed: string | number;
  readonly origin?: string;
  readonly startTime?: string;
  /** RFC 8032 Ed25519 signing (default: portable); the Node layer may pass a faster one. */
  readonly sign?: (seed: Uint8Array, message: Uint8Array) => Uint8Array;
  readonly publicKey?: (seed: Uint8Array) => Uint8Array;
  /** Registry log key seed (default: drawn from the generator). */
  readonly registrySeed?: Uint8Array;
}

export const DEFAULT_TEST_ORIGIN = 'registry.example/warden-test';
export const DEFAULT_TEST_START = '2026-01-05T09:00:00.000Z';

/** See the module comment. Not for untrusted input: it throws on anything a correct registry would refuse. */
export class LogWriter {
  readonly random: SeededRandom;
  readonly origin: string;
  readonly registry: KeyPair;
  readonly entries: LogEntry[] = [];
  readonly bytes: Uint8Array[] = [];
  readonly builder: RegistryStateBuilder;
  /** did:key → key pair, for every key this writer created. */
  readonly keys = new Map<string, KeyPair>();
  readonly #sign: (seed: Uint8Array, message: Uint8Array) => Uint8Array;
  readonly #publicKey: (seed: Uint8Array) => Uint8Array;
  #clock: number;

  constructor(options: LogWriterOptions) {
    this.random = new SeededRandom(options.seed);
    this.origin = options.origin ?? DEFAULT_TEST_ORIGIN;
    this.#sign = options.sign ?? signEd25519;
    this.#publicKey = options.publicKey ?? publicKeyFromSeed;
    this.#clock = timestampMs(options.startTime ?? DEFAULT_TEST_START);
    this.registry = this.keyFromSeed(options.registrySeed ?? this.random.bytes(32));
    this.builder = new RegistryStateBuilder({ origin: this.origin, registryKey: this.registry.did }, { verifySignatures: false });
  }

  get state(): RegistryState {
    return this.builder.state;
  }

  /** A new key pair drawn from the generator. */
  newKey(): KeyPair {
    return this.keyFromSeed(this.random.bytes(32));
  }

  keyFromSeed(seed: Uint8Array): KeyPair {
    const publicKey = this.#publicKey(seed);
    const pair = { seed, publicKey, did: didKeyFromPublicKey(publicKey) };
    this.keys.set(pair.did, pair);
    return pair;
  }

  /** A signer in `role` for a key this writer holds. Throws INVALID_ARGUMENT for a foreign key. */
  signer(role: SignerRole, did: string): StatementSigner {
    const pair = this.keys.get(did);
    if (pair === undefined) throw new ProtocolError('INVALID_ARGUMENT', `no seed for ${did}`);
    return seedSigner(role, pair.seed, this.#sign, pair.publicKey);
  }

  /** The current clock as a timestamp. */
  now(): string {
    return formatTimestamp(this.#clock);
  }

  /** Moves the clock forward by a random amount in [minMs, maxMs] (at least 1 ms) and returns it. */
  tick(minMs = 1_000, maxMs = 60_000): string {
    this.#clock += Math.max(1, this.random.int(minMs, maxMs));
    return this.now();
  }

  /** A statement of `type` at the current clock (after a tick). */
  statement<T extends StatementType>(type: T, tenant: string, subject: string, body: StatementBodies[T], time?: string): StatementOf<T> {
    return { format: STATEMENT_FORMAT, origin: this.origin, type, tenant, subject, time: time ?? this.tick(), body };
  }

  /** Signs, encodes and applies `statement` to the builder, then appends it. Throws what the fold throws. */
  append(statement: Statement, signers: readonly StatementSigner[]): LogEntry {
    const entry = signStatement(statement, signers);
    const bytes = encodeEntry(entry);
    this.builder.apply(entry, this.entries.length);
    this.entries.push(entry);
    this.bytes.push(bytes);
    return entry;
  }

  registrySigner(): StatementSigner {
    return this.signer('registry', this.registry.did);
  }

  tenant(id: string): TenantState {
    const tenant = this.state.tenants.get(id);
    if (tenant === undefined) throw new ProtocolError('INVALID_ARGUMENT', `unknown tenant ${id}`);
    return tenant;
  }

  agent(id: string): AgentState {
    const agent = this.state.agents.get(id);
    if (agent === undefined) throw new ProtocolError('INVALID_ARGUMENT', `unknown agent ${id}`);
    return agent;
  }

  /** Enrolled admins of `tenant`, in enrolment order. */
  enrolledAdmins(tenant: string): string[] {
    return [...this.tenant(tenant).admins.values()].filter((a) => a.removed === undefined).map((a) => a.key);
  }

  /** Admin signers meeting `tenant`'s threshold for `action` (the first enrolled admins). */
  quorumSigners(tenant: string, action: keyof QuorumThresholds): StatementSigner[] {
    const needed = this.tenant(tenant).policy.thresholds[action];
    return this.enrolledAdmins(tenant)
      .slice(0, needed)
      .map((did) => this.signer('admin', did));
  }

  newTenantId(): string {
    for (;;) {
      const b = this.random.bytes(16);
      b[6] = ((b[6] as number) & 0x0f) | 0x40; // RFC 9562 version 4
      b[8] = ((b[8] as number) & 0x3f) | 0x80; // variant 10
      const h = bytesToHex(b);
      const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      if (!this.state.tenantPrefixes.has(id.slice(0, 8))) return id;
    }
  }

  newAgentId(tenant: string): string {
    return `maip:${tenant.slice(0, 8)}:${newUlid(this.#clock, this.random.bytes(10))}`;
  }

  newDelegationId(): string {
    return `del_${newUlid(this.#clock, this.random.bytes(10))}`;
  }

  createTenant(name: string, id = this.newTenantId()): string {
    this.append(this.statement('tenant.created', id, id, { name }), [this.registrySigner()]);
    return id;
  }

  /** Enrols a new admin: bootstrap by the registry, later ones under the tenant's admin quorum. */
  enrolAdmin(tenant: string, name: string, key: KeyPair = this.newKey()): string {
    const t = this.tenant(tenant);
    const authorisers = this.enrolledAdmins(tenant).length === 0 ? [this.registrySigner()] : this.quorumSigners(tenant, 'admin');
    this.append(this.statement('admin.enrolled', tenant, key.did, { seq: t.govSeq + 1, name }), [
      this.signer('new_key', key.did),
      ...authorisers,
    ]);
    return key.did;
  }

  removeAdmin(tenant: string, admin: string, reason?: string): LogEntry {
    const t = this.tenant(tenant);
    const body = reason === undefined ? { seq: t.govSeq + 1 } : { seq: t.govSeq + 1, reason };
    return this.append(this.statement('admin.removed', tenant, admin, body), this.quorumSigners(tenant, 'admin'));
  }

  setQuorum(tenant: string, thresholds: QuorumThresholds): LogEntry {
    const t = this.tenant(tenant);
    return this.append(this.statement('policy.quorum_set', tenant, tenant, { seq: t.govSeq + 1, thresholds }), this.quorumSigners(tenant, 'policy'));
  }

  /** Registers a root agent, authorised by the tenant's first admin or (byRegistry) the registry. */
  registerRoot(
    tenant: string,
    profile: Omit<StatementBodies['agent.registered'], 'key' | 'parent'>,
    options: { byRegistry?: boolean; key?: KeyPair; id?: string } = {},
  ): string {
    const key = options.key ?? this.newKey();
    const id = options.id ?? this.newAgentId(tenant);
    const admin = this.enrolledAdmins(tenant)[0];
    const authoriser = options.byRegistry === true || admin === undefined ? this.registrySigner() : this.signer('admin', admin);
    this.append(this.statement('agent.registered', tenant, id, { key: key.did, ...profile }), [this.signer('agent', key.did), authoriser]);
    return id;
  }

  /** Grants a delegation from `parent` and registers the child under it. Returns the child id. */
  delegate(parent: string, profile: Omit<StatementBodies['agent.registered'], 'key' | 'parent'>): { child: string; delegation: string } {
    const p = this.agent(parent);
    const key = this.newKey();
    const child = this.newAgentId(p.tenant);
    const delegation = this.newDelegationId();
    this.append(this.statement('delegation.granted', p.tenant, delegation, { parent, child, child_key: key.did, scopes: profile.scopes }), [
      this.signer('parent', p.currentKey),
    ]);
    this.append(this.statement('agent.registered', p.tenant, child, { key: key.did, ...profile, parent: { agent: parent, delegation } }), [
      this.signer('agent', key.did),
    ]);
    return { child, delegation };
  }

  revokeDelegation(delegation: string, reason?: string): LogEntry {
    const d = this.state.delegations.get(delegation);
    if (d === undefined) throw new ProtocolError('INVALID_ARGUMENT', `unknown delegation ${delegation}`);
    const parent = this.agent(d.parent);
    return this.append(this.statement('delegation.revoked', d.tenant, delegation, reason === undefined ? {} : { reason }), [
      this.signer('parent', parent.currentKey),
    ]);
  }

  /** The agent authenticates: the registry's challenge statement signed by the agent's current key. */
  authenticate(agent: string, ttlMs = 3_600_000): LogEntry {
    const a = this.agent(agent);
    const time = this.tick();
    const body = {
      session_id: `sess_${bytesToBase64Url(this.random.bytes(16))}`,
      nonce: bytesToBase64Url(this.random.bytes(32)),
      scopes: a.scopes.slice(0, this.random.int(1, a.scopes.length)),
      expires_at: formatTimestamp(timestampMs(time) + ttlMs),
    };
    return this.append(this.statement('session.authenticated', a.tenant, agent, body, time), [this.signer('agent', a.currentKey)]);
  }

  recordScore(agent: string, factors: TrustFactors, flags: string[] = [], reason?: string): LogEntry {
    const a = this.agent(agent);
    const { score, band } = recomputeScore(factors);
    const body = { factors: { ...factors }, score, band, flags, ...(reason === undefined ? {} : { reason }) };
    return this.append(this.statement('trust.score_recorded', a.tenant, agent, body), [this.registrySigner()]);
  }

  /** The registry's automatic suspension after the agent's latest score fell into 0–29. */
  autoSuspend(agent: string): LogEntry {
    const a = this.agent(agent);
    const score = a.trust.last?.score ?? 0;
    return this.append(
      this.statement('agent.suspended', a.tenant, agent, { by: 'registry', trigger: 'trust_score', score, detail: `score ${score} is in 0–29` }),
      [this.registrySigner()],
    );
  }

  /** Rotates the agent's key, signed by the current key (or, for recovery, one admin) and the new key. */
  rotateKey(agent: string, options: { byAdmin?: boolean } = {}): string {
    const a = this.agent(agent);
    const key = this.newKey();
    const authoriser = options.byAdmin === true ? this.signer('admin', this.enrolledAdmins(a.tenant)[0] ?? '') : this.signer('agent', a.currentKey);
    this.append(this.statement('agent.key_rotated', a.tenant, agent, { previous_key: a.currentKey, new_key: key.did }), [
      authoriser,
      this.signer('new_key', key.did),
    ]);
    return key.did;
  }

  /** Reports a key of the agent compromised (default: the current key, compromised at the report's time, by an admin). */
  reportCompromise(agent: string, options: { key?: string; compromisedAt?: string; byAgent?: boolean } = {}): LogEntry {
    const a = this.agent(agent);
    const time = this.tick();
    const statement = this.statement(
      'agent.key_compromised',
      a.tenant,
      agent,
      { key: options.key ?? a.currentKey, compromised_at: options.compromisedAt ?? time, reason: 'key material exposed' },
      time,
    );
    const signer = options.byAgent === true ? this.signer('agent', a.currentKey) : this.signer('admin', this.enrolledAdmins(a.tenant)[0] ?? '');
    return this.append(statement, [signer]);
  }

  changeScopes(agent: string, scopes: string[], options: { byAdmin?: boolean } = {}): LogEntry {
    const a = this.agent(agent);
    const signer = options.byAdmin === true ? this.signer('admin', this.enrolledAdmins(a.tenant)[0] ?? '') : this.signer('agent', a.currentKey);
    return this.append(this.statement('agent.scopes_changed', a.tenant, agent, { scopes }), [signer]);
  }

  updateMetadata(agent: string, fields: StatementBodies['agent.metadata_updated'], options: { byAdmin?: boolean } = {}): LogEntry {
    const a = this.agent(agent);
    const signer = options.byAdmin === true ? this.signer('admin', this.enrolledAdmins(a.tenant)[0] ?? '') : this.signer('agent', a.currentKey);
    return this.append(this.statement('agent.metadata_updated', a.tenant, agent, fields), [signer]);
  }

  /** An admin command signed by a quorum of the tenant's admins (or the given signers), not yet logged. */
  adminCommand(
    tenant: string,
    action: AdminAction,
    targets: string[],
    options: { cascade?: boolean; signers?: StatementSigner[]; reason?: UnsignedAdminCommand['reason']; ttlMs?: number } = {},
  ): AdminCommand {
    const issued = this.tick();
    const command: UnsignedAdminCommand = {
      format: 'warden.admin-command/v1',
      origin: this.origin,
      tenant,
      action,
      targets,
      cascade: options.cascade ?? false,
      reason: options.reason ?? { code: 'administrative', detail: `${action} by test writer` },
      issued_at: issued,
      expires_at: formatTimestamp(timestampMs(issued) + (options.ttlMs ?? 5 * 60_000)),
      nonce: bytesToBase64Url(this.random.bytes(32)),
    };
    return signAdminCommand(command, options.signers ?? this.quorumSigners(tenant, action));
  }

  /** Logs an admin command as the registry does after accepting it. */
  executeCommand(command: AdminCommand): LogEntry {
    const type = command.action === 'suspend' ? 'agent.suspended' : command.action === 'reinstate' ? 'agent.reinstated' : 'agent.revoked';
    const target = command.targets[0] as string;
    // The three types share the admin body shape; the union of their statements is what append takes.
    const statement = this.statement(type, command.tenant, target, { by: 'admin', command }) as Statement;
    return this.append(statement, [this.registrySigner()]);
  }
}
