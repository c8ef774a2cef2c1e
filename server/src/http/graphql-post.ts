import type http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface GraphQLPostOptions<C extends BaseContext> {
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  /** The 413 message for a body over `bodyLimit` (the express path answers the same). */
  tooLargeMessage: string;
  context: (req: http.IncomingMessage) => Promise<C>;
}

/** `application/json`, optionally with `charset=utf-8`: the requests this path takes. */
function plainJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.toLowerCase().split(';').map((s) => s.trim());
  return type === 'application/json' && params.every((p) => p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** A GraphQL-over-HTTP error body with the same shape and codes as Apollo's; the express error handler sends it too. */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The common GraphQL request, a POST of uncompressed UTF-8 JSON to /graphql, served straight from
 * node:http into Apollo. Returns false for anything else (other methods, content types, encodings),
 * which the express app serves as before. Express's router, body-parser and response helpers (an ETag
 * hashed over every answer) were ~8% of the API's CPU on a page of 50 certificates (bench/api.ts).
 * Same limits and errors: a body over the limit is 413 PAYLOAD_TOO_LARGE (by Content-Length before
 * reading, or while reading), JSON that does not parse is 400 BAD_REQUEST.
 */
export function graphqlPostHandler<C extends BaseContext>(apollo: ApolloServer<C>, opts: GraphQLPostOptions<C>) {
  const tooLarge = opts.tooLargeMessage;
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== 'POST' || !plainJson(req.headers['content-type'])) return false;
    const q = req.url!.indexOf('?');
    if ((q < 0 ? req.url : req.url!.slice(0, q)) !== '/graphql') return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    if (Number(req.headers['content-length'] ?? 0) > opts.bodyLimit) {
      // Answer without reading the body; the connection closes after it rather than draining megabytes.
      res.setHeader('connection', 'close');
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', tooLarge);
      req.resume();
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > opts.bodyLimit) {
        refused = true;
        chunks.length = 0;
        res.setHeader('connection', 'close');
        sendError(res, 413, 'PAYLOAD_TOO_LARGE', tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) void answer(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), q < 0 ? '' : req.url!.slice(q));
    });
    req.on('error', () => res.destroy());
    return true;
  };

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, search: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return sendError(res, 400, 'BAD_REQUEST', (err as Error).message);
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    try {
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search, body },
        context: () => opts.context(req),
      });
      for (const [name, value] of answer.headers) res.setHeader(name, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') {
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch {
      // executeHTTPGraphQLRequest turns request errors into answers; this is a socket gone mid-stream.
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.destroy();
    }
  }
}
