import http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { gatherMetrics } from './cluster-metrics.js';

export interface MetricsServerOptions {
  listen: { host: string; port: number };
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
  /** Read at every scrape (the database aggregates' registry comes and goes with the app). */
  registries: () => Registry[];
  log: Logger;
}

export interface RunningMetricsServer {
  url: string;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when `header` is `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return !!m && timingSafeEqual(digest(m[1]), digest(token));
}

/**
 * `GET /metrics` in Prometheus's text format, on a listener of its own (`CERTPLANE_METRICS_LISTEN`), never
 * on the API port: nothing is exposed unless the operator picks an address, and the token
 * (`CERTPLANE_METRICS_TOKEN`) guards it further. Everything else is 404.
 */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at GET /metrics\n');
      return;
    }
    if (opts.token && !bearerMatches(req.headers.authorization, opts.token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="certplane metrics"' }).end('send Authorization: Bearer <CERTPLANE_METRICS_TOKEN>\n');
      return;
    }
    const registries = opts.registries();
    gatherMetrics(registries).then(
      (text) => res.writeHead(200, { 'content-type': registries[0].contentType }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        opts.log.error('metrics scrape failed', { error: (err as Error)?.stack ?? String(err) });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen.port, opts.listen.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  const host = opts.listen.host.includes(':') ? `[${opts.listen.host}]` : opts.listen.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
