import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request as a stand-in saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a stand-in's handler answers. */
export interface StandInAnswer {
  status: number;
  /** Sent as JSON; undefined sends no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StandInServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** Every request received, oldest first. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP(S) server on 127.0.0.1 for a vendor stand-in: reads each request whole, hands it to
 * `handle`, writes the answer as JSON. Shared by the stand-ins under test/stand-ins/.
 */
export async function startStandInServer(
  handle: (req: SeenRequest) => StandInAnswer | Promise<StandInAnswer>,
  tls?: { key: string; cert: string },
): Promise<StandInServer> {
  const requests: SeenRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      Promise.resolve()
        .then(() => handle(seen))
        .then(
          (answer) => send(res, answer),
          (err: unknown) => send(res, { status: 500, body: { message: `stand-in failure: ${(err as Error).message}` } }),
        );
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, answer: StandInAnswer) {
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
    ...answer.headers,
  });
  res.end(body);
}
