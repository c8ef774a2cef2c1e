import type { GraphQLRequestListener } from '@apollo/server';
import { Kind, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../../../schema/context.js';

/** Codes whose messages are written for clients; everything else is logged and masked. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ACME_ERROR',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

const UNEXPECTED = 'unexpected error in a GraphQL operation';
const isClientCode = (code: unknown) => typeof code === 'string' && CLIENT_CODES.has(code);

/**
 * Masks unexpected errors for clients, and logs them to `log` (null: not logged here, as over HTTP, where
 * logUnexpectedErrors logs them with the request's id).
 */
export function createFormatError(log: Logger | null) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isClientCode(formatted.extensions?.code)) {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log?.error(UNEXPECTED, { path: formatted.path, error: (error as Error)?.stack ?? String(error) });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * Apollo request listener hook (didEncounterErrors): logs the errors formatError masks, through the
 * request's logger (its lines carry the request's `reqId`: request-id.ts), with the resolver's own error
 * and stack.
 */
export const logUnexpectedErrors: NonNullable<GraphQLRequestListener<GraphQLContext>['didEncounterErrors']> = async ({ errors, contextValue }) => {
  for (const e of errors) {
    if (isClientCode(e.extensions?.code)) continue;
    contextValue.app.log.error(UNEXPECTED, { path: e.path, error: (e.originalError ?? e).stack ?? String(e) });
  }
};

/**
 * Apollo's test for an error coercing a variable (a value of the wrong type, a required one left out),
 * which it answers as BAD_USER_INPUT (requestPipeline.js, isBadUserInputGraphQLError).
 */
function isVariableCoercionError(e: GraphQLError): boolean {
  const node = e.nodes?.length === 1 ? e.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION) return false;
  const v = `Variable "$${node.variable.name.value}" `;
  return ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((rest) => e.message.startsWith(v + rest));
}

/**
 * Formats errors that do not pass through Apollo (GraphQL over WebSocket: the `error` message and the
 * errors of each `next`) as Apollo formats them over HTTP, then through formatError: a variable that
 * does not coerce is BAD_USER_INPUT, an error without a code is INTERNAL_SERVER_ERROR (masked and
 * logged). An error object is formatted once: subscribers sharing an execution (shared-subscribe.ts)
 * share its errors, which are logged once, not once per subscriber.
 */
export function createErrorListFormatter(formatError: ReturnType<typeof createFormatError>) {
  const formatted = new WeakMap<GraphQLError, GraphQLFormattedError>();
  const format = (e: GraphQLError): GraphQLFormattedError => {
    const code = e.extensions.code ?? (isVariableCoercionError(e) ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR');
    return formatError({ ...e.toJSON(), extensions: { ...e.extensions, code } }, e);
  };
  return (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((e) => {
      let f = formatted.get(e);
      if (!f) formatted.set(e, (f = format(e)));
      return f;
    });
}
