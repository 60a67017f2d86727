/**
 * Request helpers shared by the API routes: schema validation of bodies and query parameters
 * (attacker-controlled, refused with 422 REQUEST_INVALID and the schema's issues), the operator
 * token, and lookups that answer 404 with a specific code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { summariseIssues } from '../../core/log/issues.ts';
import type { AgentState, DelegationState, RegistryState, TenantState } from '../../core/registry/state.ts';
import { HttpError } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import type { RegistryContext } from './context.ts';

/** Reads the JSON body and validates it with `schema`. Throws the body errors, or 422 REQUEST_INVALID. */
export async function readBody<T extends z.ZodType>(ctx: RouteContext, schema: T): Promise<z.infer<T>> {
  const value = await ctx.readJson();
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(422, 'REQUEST_INVALID', 'the request body does not match its schema', { details: { issues: summariseIssues(result.error.issues) } });
  }
  return result.data;
}

/** Validates the query parameters (first value of each) with `schema`. Throws 422 REQUEST_INVALID. */
export function readQuery<T extends z.ZodType>(ctx: RouteContext, schema: T): z.infer<T> {
  const values: Record<string, string> = {};
  for (const [name, value] of ctx.query) if (!(name in values)) values[name] = value;
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new HttpError(422, 'REQUEST_INVALID', 'the query parameters do not match their schema', { details: { issues: summariseIssues(result.error.issues) } });
  }
  return result.data;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,256})$/;

/** Whether the request carries the operator token (compared in constant time). */
export function hasOperatorToken(context: RegistryContext, ctx: RouteContext): boolean {
  const match = BEARER.exec(ctx.request.headers.authorization ?? '');
  if (match?.[1] === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(match[1]), digest(context.keys.operatorToken));
}

/** Throws 401 OPERATOR_TOKEN_REQUIRED unless the request carries the operator token. */
export function requireOperator(context: RegistryContext, ctx: RouteContext): void {
  if (!hasOperatorToken(context, ctx)) {
    throw new HttpError(401, 'OPERATOR_TOKEN_REQUIRED', 'this endpoint needs the operator token (Authorization: Bearer …)', {
      headers: { 'www-authenticate': 'Bearer realm="warden-registry"' },
    });
  }
}

export function tenantOr404(state: RegistryState, id: string): TenantState {
  const tenant = state.tenants.get(id);
  if (tenant === undefined) throw new HttpError(404, 'TENANT_NOT_FOUND', 'no such tenant');
  return tenant;
}

export function agentOr404(state: RegistryState, id: string): AgentState {
  const agent = state.agents.get(id);
  if (agent === undefined) throw new HttpError(404, 'AGENT_NOT_FOUND', 'no such agent');
  return agent;
}

export function delegationOr404(state: RegistryState, id: string): DelegationState {
  const delegation = state.delegations.get(id);
  if (delegation === undefined) throw new HttpError(404, 'DELEGATION_NOT_FOUND', 'no such delegation');
  return delegation;
}
