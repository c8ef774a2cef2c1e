import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from '../logger.js';
import { runWithLogFields } from '../log-context.js';

/** A client's `X-Request-Id` is kept when it looks like an id: 1-128 letters, digits and `._:-`. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the client's X-Request-Id when well-formed, else a new UUID. */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}

/**
 * Gives every HTTP request an id, echoed in the `X-Request-Id` response header and carried by every log
 * line written while it is handled (`reqId`, through log-context.ts: GraphQL errors of format-error.ts
 * included). At debug level, a line per request with its method, path (no query string), status and duration.
 */
export function withRequestId(log: Logger, handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const reqId = requestIdOf(req);
    res.setHeader('X-Request-Id', reqId);
    const started = performance.now();
    res.once('finish', () =>
      log.debug('http request', { reqId, method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }),
    );
    runWithLogFields({ reqId }, () => {
      // The body's events come from the connection's parser, outside this context: the handlers that read
      // the body (graphql-post.ts, express.json) and all they start would lose the request's fields.
      const scope = new AsyncResource('certplane:request');
      const emit = req.emit;
      req.emit = function (this: http.IncomingMessage, ...args: Parameters<typeof emit>) {
        return scope.runInAsyncScope(emit, this, ...args);
      } as typeof emit;
      handle(req, res);
    });
  };
}
