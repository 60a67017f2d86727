/**
 * The registry's API route modules, in registration order. The admin channel
 * (`src/server/admin`) and the event stream (`src/server/events`) add theirs here.
 */
import { adminCommandRoutes } from './admin/admin-routes.ts';
import { claimedStateRoutes } from './admin/claimed-state-routes.ts';
import { agentReadRoutes } from './api/agent-read-routes.ts';
import { agentWriteRoutes } from './api/agent-write-routes.ts';
import type { RouteModule } from './api/context.ts';
import { logRoutes } from './api/log-routes.ts';
import { registryRoutes } from './api/registry-routes.ts';
import { sessionRoutes } from './api/session-routes.ts';
import { statementRoutes } from './api/statement-routes.ts';
import { tenantRoutes } from './api/tenant-routes.ts';
import { trustRoutes } from './api/trust-routes.ts';
import { eventRoutes } from './events/event-routes.ts';

export const DEFAULT_ROUTE_MODULES: readonly RouteModule[] = [
  registryRoutes,
  tenantRoutes,
  agentReadRoutes,
  agentWriteRoutes,
  statementRoutes,
  sessionRoutes,
  trustRoutes,
  logRoutes,
  adminCommandRoutes,
  eventRoutes,
  claimedStateRoutes,
];
