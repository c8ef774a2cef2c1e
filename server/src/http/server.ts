import http from 'node:http';
import { ApolloServer, type GraphQLRequestListener } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, OperationTypeNode, specifiedRules, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppContext } from '../context.js';
import { bearer, createAuthenticator, isWellFormedToken } from '../auth/tokens.js';
import type { EventBus } from '../pubsub/listener.js';
import type { GraphQLContext } from '../../../schema/context.js';
import { createErrorListFormatter, createFormatError, logUnexpectedErrors } from './format-error.js';
import { playgroundRouter } from './playground.js';
import { dashboardRouter } from './dashboard.js';
import { sharedSubscribe } from './shared-subscribe.js';
import { prepareOperation } from './ws-operation.js';
import { compiledExecutor, executorGateway } from './compiled-executor.js';
import { graphqlPostHandler, sendError } from './graphql-post.js';
import { createQueryLimitsRule, DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
import { requestAppContext, requestIdOf, withRequestId } from './request-id.js';
import { readinessHandler } from './readiness.js';
import { countSubscriptions } from '../metrics/subscription-metrics.js';

export interface HttpServerOptions {
  /** Largest request body accepted, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Depth, field and token limits per document (DEFAULT_QUERY_LIMITS). */
  queryLimits?: QueryLimits;
}

export interface RunningHttpServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

/** GraphQL over HTTP and over WebSocket (graphql-ws) on /graphql, the dashboard on /, the playground on /playground, and health checks. */
export async function startHttpServer(
  ctx: AppContext,
  schema: GraphQLSchema,
  bus: EventBus,
  opts: HttpServerOptions = {},
): Promise<RunningHttpServer> {
  const app = express();
  app.disable('x-powered-by');
  // GraphQL POSTs of plain JSON skip express (graphql-post.ts) once Apollo has started; the rest is express's.
  let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined;
  const server = http.createServer(
    withRequestId(ctx.log, (req, res) => {
      if (!graphqlPost?.(req, res)) app(req, res);
    }),
  );
  const bodyLimit = opts.bodyLimit ?? 1024 * 1024;
  const bodyLimitText = bodyLimit % (1024 * 1024) === 0 ? `${bodyLimit / (1024 * 1024)}mb` : `${bodyLimit} bytes`;
  const tooLargeMessage = `request body larger than ${bodyLimitText}`;
  const formatError = createFormatError(ctx.log);
  const formatErrors = createErrorListFormatter(formatError);
  const authenticate = createAuthenticator(ctx.db);
  // A revoked token (revokeApiToken, from any process) is forgotten here and its WebSockets are closed.
  const socketsByToken = new Map<string, Set<WebSocket>>();
  const revocations = bus.subscribe('API_TOKEN_REVOKED', () => true);
  void (async () => {
    for await (const { tokenId } of revocations) {
      authenticate.forget(tokenId);
      for (const socket of socketsByToken.get(tokenId) ?? []) socket.close(4403, 'API token revoked');
      socketsByToken.delete(tokenId);
    }
  })();
  // A plan change, suspension or deletion by the platform operator applies to the next request.
  const organizationChanges = bus.subscribe('ORGANIZATION_CHANGED', () => true);
  void (async () => {
    for await (const { organizationId } of organizationChanges) authenticate.forgetOrganization(organizationId);
  })();
  const limits = opts.queryLimits ?? DEFAULT_QUERY_LIMITS;
  const limitRule = createQueryLimitsRule(limits);

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>, { caller?: GraphQLContext['caller'] }>(
    {
      schema,
      subscribe: countSubscriptions(sharedSubscribe),
      // Parsed and validated as Apollo does over HTTP (same limits, same error codes); returning only
      // errors ends this subscription, not the socket.
      onSubscribe: (_c, _id, payload) => prepareOperation(schema, payload, { maxTokens: limits.maxTokens, rules: [...specifiedRules, limitRule] }),
      onConnect: async (c) => {
        const p = c.connectionParams ?? {};
        const header = p.Authorization ?? p.authorization ?? (p.token ? `Bearer ${String(p.token)}` : undefined);
        const token = bearer(header);
        const caller = await authenticate(token);
        if (!caller) {
          // 4403 as graphql-ws has it, with the reason HTTP gives (a close reason fits 123 bytes).
          const reason = token ? 'invalid or revoked token' : 'send an API token: {"Authorization": "Bearer <token>"} in the connection payload';
          (c.extra as unknown as { socket: WebSocket }).socket.close(4403, reason);
          return false;
        }
        c.extra.caller = caller;
        const socket = (c.extra as unknown as { socket: WebSocket }).socket;
        let sockets = socketsByToken.get(caller.tokenId);
        if (!sockets) socketsByToken.set(caller.tokenId, (sockets = new Set()));
        sockets.add(socket);
        socket.once('close', () => {
          sockets.delete(socket);
          if (!sockets.size && socketsByToken.get(caller.tokenId) === sockets) socketsByToken.delete(caller.tokenId);
        });
        return true;
      },
      context: (c): GraphQLContext => ({ app: ctx, bus, caller: c.extra.caller ?? null }),
      // Errors are formatted as over HTTP: client errors keep their message and code, others are masked and logged.
      onError: (_c, _id, _payload, errors) => formatErrors(errors),
      onNext: (_c, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatErrors(result.errors) } : undefined),
    },
    wss,
  );

  // One listener object for every request (a plugin returning a new one per request costs the page bench):
  // a subscription sent over HTTP is refused (graphql-js would run its resolver once, with no event, and
  // fail inside it), and errors formatError masks are logged with the request's id.
  const requestListener: GraphQLRequestListener<GraphQLContext> = {
    didEncounterErrors: logUnexpectedErrors,
    async didResolveOperation({ operation }) {
      if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
        throw new GraphQLError('subscriptions are served over WebSocket (the graphql-ws protocol) on /graphql, not over HTTP', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      }
    },
  };
  const apollo = new ApolloServer<GraphQLContext>({
    // Queries execute compiled (graphql-jit) once a document comes back; see compiled-executor.ts.
    ...(ctx.config.graphqlCompileAfter > 0 ? { gateway: executorGateway(schema, compiledExecutor(schema, { compileAfter: ctx.config.graphqlCompileAfter })) } : { schema }),
    // Masked here, logged with the request's id by logUnexpectedErrors.
    formatError: createFormatError(null),
    includeStacktraceInErrorResponses: false,
    // The process stops Apollo itself on SIGINT/SIGTERM (app.stop()). Apollo's own handlers (on when
    // NODE_ENV is not `test`) would stop it too, and 5.5.1 never releases a second, concurrent stop()
    // when the first succeeds: app.stop() would hang until the process's shutdown timeout.
    stopOnTerminationSignals: false,
    validationRules: [limitRule],
    // The schema is public and the playground (and any client's tooling) reads it: Apollo would refuse
    // introspection under NODE_ENV=production, which npm start sets.
    introspection: true,
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [
      // No @cacheControl hints in this schema; the default plugin would still wrap every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      { requestDidStart: async () => requestListener },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', readinessHandler(ctx));
  app.use(playgroundRouter());
  const context = async (req: http.IncomingMessage): Promise<GraphQLContext> => {
    const token = bearer(req.headers.authorization);
    const caller = await authenticate(token);
    return { app: requestAppContext(ctx, req), bus, caller, tokenRejected: !caller && isWellFormedToken(token) };
  };
  graphqlPost = graphqlPostHandler(apollo, { bodyLimit, tooLargeMessage, context });
  app.use('/graphql', express.json({ limit: bodyLimit }), expressMiddleware(apollo, { context: ({ req }) => context(req) }));
  // Last: its index.html answers the page routes nothing above took.
  app.use(dashboardRouter());
  app.use((err: Error & { status?: number; type?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status ?? 500;
    if (status >= 500) ctx.log.error('http error', { reqId: requestIdOf(req), error: err.stack });
    const message = err.type === 'entity.too.large' ? tooLargeMessage : status >= 500 ? 'Internal server error' : err.message;
    sendError(res, status, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ctx.config.port, ctx.config.host, () => resolve());
  });
  const addr = server.address() as { port: number };
  return {
    server,
    url: `http://${ctx.config.host}:${addr.port}`,
    close: async () => {
      await revocations.return?.();
      await apollo.stop();
    },
  };
}
