import https from 'node:https';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** A problem the proxy answers instead of the CA, for requests that match. */
export interface InjectedProblem {
  /** Which requests: method and a pattern on the path (e.g. Pebble's new-order path /order-plz). */
  method: string;
  path: RegExp;
  /** How many matching requests get it (then they pass again). */
  times: number;
  status: number;
  /** ACME error type without its URN prefix (`rateLimited`, `accountDoesNotExist` ...). */
  type: string;
  detail: string;
  /** Retry-After header value, when set. */
  retryAfter?: string;
}

export interface AcmeProxy {
  /** The proxy's ACME directory URL (the CA's, through the proxy). */
  directoryUrl: string;
  /** Problems still to inject, in order of matching. */
  inject(problem: InjectedProblem): void;
  /** Rewrites matching successful answers' bodies (e.g. a certificate chain with CRLF line endings). */
  rewrite(path: RegExp, fn: (body: Buffer) => Buffer): void;
  /** Every request seen, with the status answered. */
  log: Array<{ method: string; path: string; status: number; injected: boolean; at: number }>;
  close(): Promise<void>;
}

/**
 * An HTTPS proxy on loopback in front of the real CA (Pebble): it serves Pebble's own TLS certificate
 * and passes the client's Host header through, so Pebble's URLs and its JWS `url` check name the
 * proxy. It can answer chosen requests with an ACME problem (429 with Retry-After, a lost account) or
 * rewrite answers: faults of real CAs that Pebble does not produce, injected without mocks.
 */
export async function startAcmeProxy(pebble: { directoryUrl: string; tlsCaPath: string }): Promise<AcmeProxy> {
  const dir = path.dirname(pebble.tlsCaPath);
  const [ca, cert, key] = await Promise.all(['tls-ca.pem', 'tls-cert.pem', 'tls-key.pem'].map((f) => readFile(path.join(dir, f), 'utf8')));
  const upstream = new URL(pebble.directoryUrl);
  const problems: InjectedProblem[] = [];
  const rewrites: Array<{ path: RegExp; fn: (b: Buffer) => Buffer }> = [];
  const log: AcmeProxy['log'] = [];
  const agent = new https.Agent({ ca, keepAlive: true });
  const sockets = new Set<Socket>();

  const server = https.createServer({ cert, key }, (req: IncomingMessage, res) => {
    const pathName = req.url ?? '/';
    const i = problems.findIndex((p) => p.method === req.method && p.path.test(pathName));
    if (i >= 0) {
      const p = problems[i];
      if (--p.times <= 0) problems.splice(i, 1);
      // Drain the request; a problem answer still carries a fresh nonce, as a CA's would not be reusable: none.
      req.resume();
      log.push({ method: req.method!, path: pathName, status: p.status, injected: true, at: Date.now() });
      res
        .writeHead(p.status, {
          'content-type': 'application/problem+json',
          ...(p.retryAfter ? { 'retry-after': p.retryAfter } : {}),
        })
        .end(JSON.stringify({ type: `urn:ietf:params:acme:error:${p.type}`, detail: p.detail, status: p.status }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = https.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: pathName, headers: req.headers, agent },
        (ur) => {
          const body: Buffer[] = [];
          ur.on('data', (c: Buffer) => body.push(c));
          ur.on('end', () => {
            let out: Buffer = Buffer.concat(body);
            const rw = rewrites.find((r) => r.path.test(pathName));
            if (rw && (ur.statusCode ?? 500) < 400) out = rw.fn(out);
            const headers = { ...ur.headers, 'content-length': String(out.length) };
            delete headers['transfer-encoding'];
            log.push({ method: req.method!, path: pathName, status: ur.statusCode ?? 0, injected: false, at: Date.now() });
            res.writeHead(ur.statusCode ?? 502, headers).end(out);
          });
        },
      );
      up.on('error', (err) => res.writeHead(502).end(String(err)));
      up.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    directoryUrl: `https://127.0.0.1:${port}${upstream.pathname}`,
    inject: (p) => void problems.push({ ...p }),
    rewrite: (p, fn) => void rewrites.push({ path: p, fn }),
    log,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        agent.destroy();
        server.close(() => r());
      }),
  };
}
