import { bytesToBase64Url, bytesToHex, bytesToUtf8 } from '../encoding/index.ts';
import type { RegistryConfig } from '../registry/state.ts';
import { adminCommandSigningBytes, signAdminCommand, type AdminCommand } from './admin-command.ts';
import { entryLeafHash } from './entry.ts';
import { LogWriter } from './log-writer.ts';
import { STATEMENT_FORMAT, statementSigningBytes, type LogEntry } from './statement.ts';

/**
 * The worked example of docs/protocol.md §10, built from fixed seeds, ids and times so that the
 * document's bytes are reproducible; test/core/log/protocol-doc.test.ts rebuilds it and compares it
 * with the document. Four entries: a tenant, its first admin, a root agent, and the agent's
 * revocation through the admin channel.
 */

export interface ProtocolExample {
  readonly config: RegistryConfig;
  readonly entries: readonly LogEntry[];
  readonly bytes: readonly Uint8Array[];
  readonly command: AdminCommand;
  /** Named texts the document shows, each checked against it. */
  readonly texts: Readonly<Record<string, string>>;
}

export const EXAMPLE_ORIGIN = 'registry.example/warden';
export const EXAMPLE_TENANT = '7f3a9c2e-5b1d-4e8f-9a6b-0c4d2e1f3a5b';
export const EXAMPLE_AGENT = 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A';

const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);

/** Builds the example (deterministic: Ed25519 signatures are deterministic, RFC 8032 §5.1.6). */
export function buildProtocolExample(): ProtocolExample {
  const writer = new LogWriter({ seed: 'protocol-example', origin: EXAMPLE_ORIGIN, registrySeed: seed(1) });
  const admin = writer.keyFromSeed(seed(2));
  const agent = writer.keyFromSeed(seed(3));
  const base = { format: STATEMENT_FORMAT, origin: EXAMPLE_ORIGIN, tenant: EXAMPLE_TENANT } as const;

  writer.append(
    { ...base, type: 'tenant.created', subject: EXAMPLE_TENANT, time: '2026-03-02T10:00:00.000Z', body: { name: 'Example Corp' } },
    [writer.registrySigner()],
  );
  writer.append(
    { ...base, type: 'admin.enrolled', subject: admin.did, time: '2026-03-02T10:01:00.000Z', body: { seq: 1, name: 'Alice Admin' } },
    [writer.signer('new_key', admin.did), writer.registrySigner()],
  );
  writer.append(
    {
      ...base,
      type: 'agent.registered',
      subject: EXAMPLE_AGENT,
      time: '2026-03-02T10:05:00.000Z',
      body: {
        key: agent.did,
        display_name: 'invoice-triage',
        owner: 'payments-team@example.com',
        description: 'Sorts inbound invoices.',
        version: '1.4.0',
        purpose: 'Classifies invoices for the payments team.',
        capabilities: ['classify', 'summarise'],
        scopes: ['dataset:read', 'receipt:create'],
      },
    },
    [writer.signer('agent', agent.did), writer.signer('admin', admin.did)],
  );
  const command = signAdminCommand(
    {
      format: 'warden.admin-command/v1',
      origin: EXAMPLE_ORIGIN,
      tenant: EXAMPLE_TENANT,
      action: 'revoke',
      targets: [EXAMPLE_AGENT],
      cascade: true,
      reason: { code: 'key_compromise', detail: 'Key found in a public repository.' },
      issued_at: '2026-03-02T11:00:00.000Z',
      expires_at: '2026-03-02T11:05:00.000Z',
      nonce: bytesToBase64Url(new Uint8Array(32).fill(4)),
    },
    [writer.signer('admin', admin.did)],
  );
  writer.append(
    { ...base, type: 'agent.revoked', subject: EXAMPLE_AGENT, time: '2026-03-02T11:00:01.250Z', body: { by: 'admin', command } },
    [writer.registrySigner()],
  );

  const registered = writer.entries[2] as LogEntry;
  const texts: Record<string, string> = {
    'registry-key': writer.registry.did,
    'admin-key': admin.did,
    'agent-key': agent.did,
    'agent-registered-statement': bytesToUtf8(statementSigningBytes(registered)),
    'agent-registered-entry': bytesToUtf8(writer.bytes[2] as Uint8Array),
    'agent-registered-leaf-hash': bytesToHex(entryLeafHash(writer.bytes[2] as Uint8Array)),
    'admin-command-signing-bytes': bytesToUtf8(adminCommandSigningBytes(command)),
    'agent-revoked-entry': bytesToUtf8(writer.bytes[3] as Uint8Array),
    'agent-revoked-leaf-hash': bytesToHex(entryLeafHash(writer.bytes[3] as Uint8Array)),
  };
  return {
    config: { origin: EXAMPLE_ORIGIN, registryKey: writer.registry.did },
    entries: writer.entries,
    bytes: writer.bytes,
    command,
    texts,
  };
}
