import { ProtocolError } from '../../core/errors.ts';
import { publicKeyFromSeed, signEd25519 } from '../../core/crypto/ed25519.ts';
import { bytesToHex } from '../../core/encoding/index.ts';
import { isOrigin } from '../../core/log/fields.ts';
import { SeededRandom } from '../../core/log/prng.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import type { QuorumThresholds } from '../../core/log/types/admin.ts';
import { DAY_MS, MINUTE_MS } from './calendar.ts';
import { DEMO_TENANTS } from './catalogue.ts';
import { createTenant, enrolAdmin, newTenantId, setQuorum } from './demo-actions.ts';
import { deriveDemoAdminSeed } from './demo-keys.ts';
import { runDemoEvent, type DemoEvent, type DemoRun } from './demo-run.ts';
import { DemoWriter } from './demo-writer.ts';
import { EventQueue } from './event-queue.ts';
import { planOrganisation } from './plan-organisation.ts';
import { scheduleDemo } from './schedule-demo.ts';
import { summariseDemo } from './summarise-demo.ts';
import type { BuildDemoLogOptions, DemoAdminKey, DemoLog } from './types.ts';

/**
 * The demo organisation (issue 3 "Demo and simulation"): three tenants (Northbridge Bank, Helix
 * Health, Meridian Freight), about 2,000 agents with owners, purposes and MAIP scopes, delegation
 * chains to depth 3, two enrolled admins per tenant and a 2-of-2 kill policy on the bank, then 30
 * days of history ending at `now`: sessions, trust scores (mostly healthy, some drifting, a few
 * sudden drops with automatic suspensions), two compromised keys with admin recovery, suspensions,
 * reinstatements, cascading revocations and delegation revocations.
 *
 * Policy:
 * - pure and deterministic: everything random comes from `SeededRandom(seed)` and time from `now`;
 *   the same options give byte-identical entries with any RFC 8032 signer;
 * - every entry is folded as it is written (`DemoWriter`), so the log is valid under
 *   docs/protocol.md §5 and clean (no key used after its compromise instant, every revocation
 *   cascades);
 * - entry times strictly increase from now − 30 days to at most `now`.
 */

export const DEMO_HISTORY_DAYS = 30;
/** The 2-of-2 kill policy: revoking or reinstating needs both admins; one admin can contain (suspend) alone. */
export const DEMO_QUORUM_THRESHOLDS: QuorumThresholds = Object.freeze({ revoke: 2, suspend: 1, reinstate: 2, admin: 2, policy: 2 });
const MIN_SCALE = 0.01;
// Scale 24 is the sync benchmark's log of about 1,000,000 entries (bench/sync.bench.ts).
const MAX_SCALE = 25;

function checkOptions(options: BuildDemoLogOptions): { nowMs: number; scale: number } {
  if (typeof options.seed !== 'string') throw new ProtocolError('INVALID_ARGUMENT', 'the demo seed must be a string');
  if (!isOrigin(options.origin)) throw new ProtocolError('INVALID_ARGUMENT', 'the demo origin is not a registry origin');
  const nowMs = options.now instanceof Date ? options.now.getTime() : Number.NaN;
  if (!Number.isSafeInteger(nowMs) || nowMs < DEMO_HISTORY_DAYS * DAY_MS) throw new ProtocolError('INVALID_ARGUMENT', 'the demo needs a valid `now` after 1970-01-31');
  formatTimestamp(nowMs);
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    throw new ProtocolError('INVALID_ARGUMENT', `the demo scale must be between ${MIN_SCALE} and ${MAX_SCALE}`);
  }
  return { nowMs, scale };
}

/**
 * Builds the demo log (see the policy above). Returns the entries' stored bytes in log order, the
 * demo admins' keys (DEMO ONLY) and a summary. Throws INVALID_ARGUMENT for bad options (including a
 * registry signer whose role is not `registry`); any fold error (§5.3) would be a bug in the demo.
 */
export function buildDemoLog(options: BuildDemoLogOptions): DemoLog {
  const { nowMs, scale } = checkOptions(options);
  const startMs = nowMs - DEMO_HISTORY_DAYS * DAY_MS;
  // Nothing is scheduled in the last ten minutes: the few milliseconds entries may slip past their
  // planned instant never carry the log beyond `now`.
  const endMs = nowMs - 10 * MINUTE_MS;
  const random = new SeededRandom(`warden-demo/v1:${options.seed}`);
  const w = new DemoWriter({
    origin: options.origin,
    registrySigner: options.registrySigner,
    startMs,
    sign: options.sign ?? signEd25519,
    publicKey: options.publicKey ?? publicKeyFromSeed,
  });

  const adminKeys: DemoAdminKey[] = [];
  const tenants = DEMO_TENANTS.map((profile, t) => {
    const id = newTenantId(w, random);
    const base = startMs + t * 4 * MINUTE_MS;
    createTenant(w, id, profile.name, base);
    profile.admins.forEach((name, a) => {
      const seed = deriveDemoAdminSeed(options.seed, t, a);
      const adminDid = w.addKey(seed);
      enrolAdmin(w, id, adminDid, name, base + (a + 1) * MINUTE_MS);
      adminKeys.push({ tenant: id, tenantName: profile.name, adminDid, name, signerSeedHex: bytesToHex(seed) });
    });
    return { id, profile };
  });
  const quorumTenant = (tenants[0] as { id: string }).id;
  setQuorum(w, quorumTenant, { ...DEMO_QUORUM_THRESHOLDS }, startMs + 25 * MINUTE_MS);

  const plan = planOrganisation(random, scale, startMs, endMs);
  const queue = new EventQueue<DemoEvent>();
  const story = scheduleDemo({ random, plan, queue, scale, startMs, endMs });
  const run: DemoRun = {
    w,
    random,
    plan,
    tenantIds: tenants.map((t) => t.id),
    queue,
    ids: [],
    indexOf: new Map(),
    protectedAgents: story.protectedAgents,
    storyAgents: story.storyAgents,
    recovery: new Map(),
    drops: [],
    compromises: [],
    endMs,
  };
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) runDemoEvent(run, next.at, next.event);
  if (w.clockMs > nowMs) throw new ProtocolError('INVALID_ARGUMENT', 'the demo history ran past `now`');

  const summary = summariseDemo({
    seed: options.seed,
    scale,
    state: w.state,
    counts: w.counts,
    entries: w.entries.length,
    firstTime: formatTimestamp(startMs),
    lastTime: formatTimestamp(w.clockMs),
    tenants,
    quorumTenant,
    drops: run.drops,
    compromises: run.compromises,
  });
  return { entries: w.entries, adminKeys, summary };
}
