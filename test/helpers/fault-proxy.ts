import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with the next requests. */
export type FaultMode = 'pass' | 'error500' | 'hang' | 'refuse';

export interface FaultProxy {
  url: string;
  mode: FaultMode;
  /** Answers the next this many requests with a 500 whatever the mode (a transient fault), then goes on. */
  failNext: number;
  /** Requests seen, by mode at the time they arrived. */
  counts: Record<FaultMode, number>;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback in front of a real service (PowerDNS's API), that can answer 500, hang,
 * or drop connections on demand: the faults a production DNS API shows, injected without mocks.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const counts: Record<FaultMode, number> = { pass: 0, error500: 0, hang: 0, refuse: 0 };
  const state: FaultProxy = { url: '', mode: 'pass', failNext: 0, counts, close: async () => undefined };
  const server = http.createServer((req, res) => {
    if (state.failNext > 0) {
      state.failNext--;
      counts.error500++;
      return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"injected transient fault"}');
    }
    counts[state.mode]++;
    if (state.mode === 'refuse') return void req.socket.destroy();
    if (state.mode === 'hang') return; // never answers; the client's timeout must fire
    if (state.mode === 'error500') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"injected fault"}');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
        const upstream = await fetch(target + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const body = Buffer.from(await upstream.arrayBuffer());
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return state;
}
