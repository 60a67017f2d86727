/** `GET /v1/registry` (who this registry is, its log size) and `GET /v1/health`. */
import { bytesToBase64 } from '../../core/encoding/index.ts';
import type { Route } from '../http/router.ts';
import type { RegistryContext } from './context.ts';

export function registryRoutes(context: RegistryContext): Route[] {
  const { sequencer, keys } = context;
  return [
    {
      method: 'GET',
      path: '/v1/registry',
      handler: () => {
        const checkpoint = sequencer.checkpoint;
        return {
          status: 200,
          json: {
            api: 'warden.registry/v1',
            origin: keys.origin,
            log_key: keys.logVerifierKey,
            registry_key: keys.registryKey,
            tree_size: String(sequencer.size),
            ...(checkpoint === undefined ? {} : { checkpoint: { size: String(checkpoint.size), root_hash: bytesToBase64(checkpoint.rootHash) } }),
            tenants: sequencer.state.tenants.size,
            agents: sequencer.state.agents.size,
          },
        };
      },
    },
    { method: 'GET', path: '/v1/health', handler: () => ({ status: 200, json: { ok: true, tree_size: String(sequencer.size) } }) },
  ];
}
