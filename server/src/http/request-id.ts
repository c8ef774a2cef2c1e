import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { withLogFields, type Logger } from '../logger.js';
import type { AppContext } from '../context.js';

/** A client's `X-Request-Id` is kept when it looks like an id: 1-128 letters, digits and `._:-`. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: set by withRequestId (the client's when well-formed, else a new UUID). */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}

/**
 * Gives every HTTP request an id, echoed in the `X-Request-Id` response header and written back into the
 * request's headers, where the handlers read it (requestIdOf) for their log lines: the GraphQL context's
 * logger (requestAppContext), and so format-error.ts's lines. At debug level, a line per request with its
 * method, path (no query string), status and duration.
 *
 * The id travels explicitly, not in an AsyncLocalStorage: on Node 20 that turns promise hooks on for the
 * whole process, which cost the API benchmark's page ~50% more CPU per request (bench/README.md).
 */
export function withRequestId(log: Logger, handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const reqId = requestIdOf(req);
    req.headers['x-request-id'] = reqId;
    res.setHeader('X-Request-Id', reqId);
    // The per-request line only when it is written: a listener per request costs the page benchmark.
    if (log.debugEnabled !== false) {
      const started = performance.now();
      res.once('finish', () =>
        log.debug('http request', { reqId, method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }),
      );
    }
    handle(req, res);
  };
}

/** The app context a request's resolvers and services get: its logger puts the request's `reqId` on every line. */
export function requestAppContext(ctx: AppContext, req: http.IncomingMessage): AppContext {
  // withRequestId has put the id in the headers already: no second check or UUID.
  const given = req.headers['x-request-id'];
  return { ...ctx, log: withLogFields(ctx.log, { reqId: typeof given === 'string' ? given : requestIdOf(req) }) };
}
