import type { AppContext } from '../server/src/context.js';
import type { Caller, Scope } from '../server/src/auth/tokens.js';
import { hasScope } from '../server/src/auth/tokens.js';
import type { EventBus } from '../server/src/pubsub/listener.js';
import { forbidden, unauthenticated } from '../server/src/errors.js';

/** Per-request (or per-WebSocket-connection) context handed to resolvers. */
export interface GraphQLContext {
  app: AppContext;
  bus: EventBus;
  caller: Caller | null;
  /** A token of the right shape was sent, but it is unknown or revoked (so the caller is null). */
  tokenRejected?: boolean;
}

/** The caller's organization, after checking the token holds `scope`. */
export function requireScope(ctx: GraphQLContext, scope: Scope): string {
  if (!ctx.caller) throw unauthenticated(ctx.tokenRejected ? 'invalid or revoked token' : 'send an API token: Authorization: Bearer <token>');
  if (!hasScope(ctx.caller, scope)) throw forbidden(`this token lacks the ${scope} scope`);
  return ctx.caller.organizationId;
}
