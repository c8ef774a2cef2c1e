import type { AppContext } from '../server/src/context.js';
import type { Caller, Scope } from '../server/src/auth/tokens.js';
import { hasScope } from '../server/src/auth/tokens.js';
import type { EventBus } from '../server/src/pubsub/listener.js';
import { forbidden, unauthenticated, UserError } from '../server/src/errors.js';
import { checkApi, findPlan } from '../server/src/plans/plans.js';
import { planError } from '../server/src/plans/plan-gate.js';

/** Per-request (or per-WebSocket-connection) context handed to resolvers. */
export interface GraphQLContext {
  app: AppContext;
  bus: EventBus;
  caller: Caller | null;
  /** A token of the right shape was sent, but it is unknown or revoked (so the caller is null). */
  tokenRejected?: boolean;
}

/**
 * The caller's organization, after checking the token holds `scope`, its organization is not suspended,
 * and its plan includes the API (FORBIDDEN with `extensions.reason`: ORGANIZATION_SUSPENDED,
 * PLAN_REQUIRED). A platform-operator credential reaches no organization's data.
 */
export function requireScope(ctx: GraphQLContext, scope: Scope): string {
  if (!ctx.caller) throw unauthenticated(ctx.tokenRejected ? 'invalid or revoked token' : 'send an API token: Authorization: Bearer <token>');
  if (ctx.caller.operator) throw forbidden("a platform-operator credential reaches the operator part of the API only (organizations, plans), never an organization's data");
  if (ctx.caller.suspended) throw new UserError('FORBIDDEN', 'this organization is suspended by the platform operator', { reason: 'ORGANIZATION_SUSPENDED' });
  const api = checkApi(ctx.app.config.plans, findPlan(ctx.app.config.plans, ctx.caller.plan ?? ''));
  if (api) throw planError(api);
  if (!hasScope(ctx.caller, scope)) throw forbidden(`this token lacks the ${scope} scope`);
  return ctx.caller.organizationId;
}

/** The platform operator's token id; FORBIDDEN for organization tokens. */
export function requireOperator(ctx: GraphQLContext): string {
  if (!ctx.caller) throw unauthenticated(ctx.tokenRejected ? 'invalid or revoked token' : 'send the platform-operator credential: Authorization: Bearer cpo_...');
  if (!ctx.caller.operator) throw forbidden('this is the operator part of the API: it needs the platform-operator credential, not an organization token');
  return ctx.caller.tokenId;
}

/**
 * Who reads a certificate: the caller's organization (after requireScope), or the platform operator,
 * who reaches the platform certificate only (certificate-service.ts CertificateReader).
 */
export function certificateReader(ctx: GraphQLContext, scope: Scope): { organizationId: string } | { operator: true } {
  if (ctx.caller?.operator) return { operator: true };
  return { organizationId: requireScope(ctx, scope) };
}
