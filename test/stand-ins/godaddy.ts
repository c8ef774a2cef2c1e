import { startStandInServer, type SeenRequest, type StandInAnswer, type StandInServer } from './http-stand-in.js';

/**
 * A stand-in for GoDaddy's Domains API v1, only the calls the godaddy provider makes, answering as
 * developer.godaddy.com/doc/endpoint/domains documents them:
 * - `GET /v1/domains?statuses=&limit=&marker=`: the account's domains (DomainSummary), sorted by name,
 *   `marker` the last domain of the previous page;
 * - `GET|PUT|DELETE /v1/domains/{domain}/records/TXT/{name}`: the TXT records at a name (`[{data, name,
 *   ttl, type}]`; PUT replaces them all with `[{data, ttl}]`, TTL at least 600; DELETE answers 204, or
 *   404 when there are none).
 * Auth `Authorization: sso-key <key>:<secret>`; errors are `{code, message}` (401 UNABLE_TO_AUTHENTICATE,
 * 403 ACCESS_DENIED, 404 NOT_FOUND, 422 INVALID_BODY, 429 TOO_MANY_REQUESTS with `retryAfterSec`).
 */
export interface GoDaddyStandIn extends StandInServer {
  /** TXT values at `name` ('@' for the apex) in `domain`, in order. */
  txt(domain: string, name: string): string[];
  /** TTL of the TXT records at a name, or undefined. */
  ttl(domain: string, name: string): number | undefined;
  /** The next `count` requests are answered 429 TOO_MANY_REQUESTS asking to wait `retryAfterSec`. */
  rateLimit(count: number, retryAfterSec: number): void;
}

export interface GoDaddyStandInOptions {
  /** Accepted `key:secret` pairs. */
  keys: string[];
  /** Keys that authenticate but may not use the Domains API (answered 403 ACCESS_DENIED). */
  deniedKeys?: string[];
  /** Domains of the account and their status (default ACTIVE). */
  domains: Array<string | { domain: string; status: string }>;
}

const MIN_TTL = 600;

export async function startGoDaddyStandIn(o: GoDaddyStandInOptions): Promise<GoDaddyStandIn> {
  const domains = o.domains
    .map((d) => (typeof d === 'string' ? { domain: d, status: 'ACTIVE' } : d))
    .sort((a, b) => a.domain.localeCompare(b.domain));
  /** domain -> name -> records */
  const records = new Map<string, Map<string, Array<{ data: string; ttl: number }>>>(domains.map((d) => [d.domain, new Map()]));
  let limited: { count: number; retryAfterSec: number } = { count: 0, retryAfterSec: 0 };

  const error = (status: number, code: string, message: string, extra: object = {}): StandInAnswer => ({ status, body: { code, message, ...extra } });

  function handle(req: SeenRequest): StandInAnswer {
    if (limited.count > 0) {
      limited.count--;
      return error(429, 'TOO_MANY_REQUESTS', 'Too many requests received within interval', { retryAfterSec: limited.retryAfterSec });
    }
    const auth = /^sso-key (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!auth || !(o.keys.includes(auth) || o.deniedKeys?.includes(auth))) {
      return error(401, 'UNABLE_TO_AUTHENTICATE', 'Unauthorized : Could not authenticate API key/secret');
    }
    if (o.deniedKeys?.includes(auth)) return error(403, 'ACCESS_DENIED', 'Authenticated user is not allowed access');
    const url = new URL(req.url, 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/v1/domains') return listDomains(url.searchParams);
    const m = /^\/v1\/domains\/([^/]+)\/records\/TXT\/([^/]+)$/.exec(url.pathname);
    if (!m) return error(404, 'NOT_FOUND', `No route for ${req.method} ${url.pathname}`);
    const domain = decodeURIComponent(m[1]).toLowerCase();
    const name = decodeURIComponent(m[2]).toLowerCase();
    const zone = records.get(domain);
    if (!zone) return error(404, 'NOT_FOUND', `Domain ${domain} not found`);
    if (req.method === 'GET') {
      return { status: 200, body: (zone.get(name) ?? []).map((r) => ({ data: r.data, name, ttl: r.ttl, type: 'TXT' })) };
    }
    if (req.method === 'DELETE') {
      if (!zone.has(name)) return error(404, 'NOT_FOUND', `No TXT records named ${name} in ${domain}`);
      zone.delete(name);
      return { status: 204 };
    }
    if (req.method === 'PUT') {
      let body: unknown;
      try {
        body = JSON.parse(req.body);
      } catch {
        return error(400, 'INVALID_BODY', 'Request body is not JSON');
      }
      const fields: Array<{ code: string; message: string; path: string }> = [];
      if (!Array.isArray(body)) fields.push({ code: 'UNEXPECTED_TYPE', message: 'is not an array', path: 'records' });
      else {
        body.forEach((r: { data?: unknown; ttl?: unknown }, i) => {
          if (typeof r?.data !== 'string' || r.data === '') fields.push({ code: 'MISSING_VALUE', message: 'is required', path: `records[${i}].data` });
          if (r?.ttl !== undefined && (typeof r.ttl !== 'number' || r.ttl < MIN_TTL)) {
            fields.push({ code: 'OUT_OF_RANGE', message: `must be at least ${MIN_TTL}`, path: `records[${i}].ttl` });
          }
        });
      }
      if (fields.length) return error(422, 'INVALID_BODY', "Request body doesn't fulfill schema, see details in `fields`", { fields });
      zone.set(name, (body as Array<{ data: string; ttl?: number }>).map((r) => ({ data: r.data, ttl: r.ttl ?? 3600 })));
      return { status: 200 };
    }
    return error(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here`);
  }

  function listDomains(q: URLSearchParams): StandInAnswer {
    const statuses = q.get('statuses')?.split(',').filter(Boolean);
    const limit = Number(q.get('limit') ?? 0) || domains.length;
    const marker = q.get('marker');
    const page = domains
      .filter((d) => !statuses || statuses.includes(d.status))
      .filter((d) => !marker || d.domain.localeCompare(marker) > 0)
      .slice(0, limit)
      .map((d, i) => ({ domain: d.domain, domainId: 1000 + i, status: d.status, expires: '2030-01-01T00:00:00.000Z', renewAuto: true }));
    return { status: 200, body: page };
  }

  const server = await startStandInServer(handle);
  return {
    ...server,
    txt: (domain, name) => (records.get(domain)?.get(name) ?? []).map((r) => r.data),
    ttl: (domain, name) => records.get(domain)?.get(name)?.[0]?.ttl,
    rateLimit: (count, retryAfterSec) => {
      limited = { count, retryAfterSec };
    },
  };
}
