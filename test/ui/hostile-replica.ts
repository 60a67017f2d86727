import { LogWriter } from '../../src/core/log/log-writer.ts';
import { ReplicaStore } from '../../src/node/replica/replica-store.ts';
import { syncReplica } from '../../src/node/sync/sync-replica.ts';
import { nativePublicKey, nativeSign, seedFrom, ServedLog } from '../node/sync/helpers/served-log.ts';
import { memorySource } from '../node/sync/helpers/memory-source.ts';

/**
 * A real replica (every entry signed, folded and synced by the real engine) of a registry whose
 * agents' own words are hostile: names, owners, descriptions and purposes that look like links,
 * `javascript:` URLs and markup. A registry's data is attacker-controlled (DESIGN §6): the UI must
 * show it as text, and no click on it may take the window away from the app.
 */
export const HOSTILE_URL = 'https://evil.example/phish';
export const HOSTILE_PROFILE = {
  display_name: 'javascript:alert(document.domain)',
  owner: `${HOSTILE_URL}?owner`,
  description: `<a href="${HOSTILE_URL}">Open the admin console</a> or see ${HOSTILE_URL} or file:///etc/passwd`,
  purpose: '<img src=x onerror="location.href=\'https://evil.example/\'"><script>location.href="https://evil.example/"</script>',
  version: '1.0.0',
  capabilities: ['summarise'],
  scopes: ['dataset:read'],
};

export interface HostileReplica {
  readonly originId: number;
  readonly origin: string;
  /** The log's C2SP verifier key (what a person would pin). */
  readonly logKey: string;
  readonly agentId: string;
}

/** Writes the hostile log and syncs it into a replica at `dbPath` (created). */
export async function buildHostileReplica(dbPath: string): Promise<HostileReplica> {
  const registrySeed = seedFrom('log:hostile-ui');
  const writer = new LogWriter({ seed: 'hostile-ui', registrySeed, sign: nativeSign, publicKey: nativePublicKey, startTime: '2026-01-05T09:00:00.000Z' });
  const tenant = writer.createTenant('<b>Tenant</b> https://evil.example/tenant');
  writer.enrolAdmin(tenant, 'Admin https://evil.example/admin');
  const agentId = writer.registerRoot(tenant, HOSTILE_PROFILE);
  writer.tick();
  writer.authenticate(agentId);
  writer.recordScore(agentId, { behavioral_compliance: 90, scope_adherence: 80, anomaly_score: 85, peer_attestations: 70, session_hygiene: 95 });
  const served = new ServedLog(writer.origin, registrySeed, writer.bytes);
  const store = ReplicaStore.open(dbPath);
  try {
    await syncReplica({ db: store, source: memorySource(served), logKey: served.verifierKey });
    const origin = store.listOrigins()[0];
    if (origin === undefined) throw new Error('the hostile replica has no origin');
    return { originId: origin.id, origin: origin.origin, logKey: served.verifierKey, agentId };
  } finally {
    store.close();
  }
}

