import { startStandInServer, type SeenRequest, type StandInAnswer, type StandInServer } from './http-stand-in.js';

/**
 * A stand-in for Gandi's LiveDNS API (v5 REST, api.gandi.net/docs/livedns), only the calls the gandi
 * providers make, answering as Gandi documents them:
 * - `GET /v5/livedns/domains?per_page=&page=`: the domains LiveDNS serves (`[{fqdn, domain_href, ...}]`),
 *   sorted by fqdn, with a `Total-Count` header and a `Link` header to the next page;
 * - `GET|PUT|DELETE /v5/livedns/domains/{fqdn}/records/{name}/TXT`: one rrset (`{rrset_name, rrset_type,
 *   rrset_ttl, rrset_values, rrset_href}`; 404 when there is none). PUT takes `{rrset_values, rrset_ttl}`
 *   (TTL 300 to 2592000) and answers 201 `{"message":"DNS Record Created"}`; DELETE answers 204.
 * Auth `Authorization: Bearer <personal access token>` or the deprecated `Apikey <key>`; errors are
 * `{code, message, object, cause}` (401 bad credentials, 403 expired token or no permission, 404, 400 with
 * `errors: [{location, name, description}]`), 429 when rate limited.
 */
export interface GandiStandIn extends StandInServer {
  /** rrset_values of the TXT rrset at `name` ('@' for the apex) in `fqdn`, as stored. */
  txt(fqdn: string, name: string): string[];
  /** rrset_ttl of that rrset, or undefined. */
  ttl(fqdn: string, name: string): number | undefined;
  /** The next `count` requests are answered 429; with a Retry-After header when `retryAfterSec` is given. */
  rateLimit(count: number, retryAfterSec?: number): void;
}

export interface GandiStandInOptions {
  /** Accepted personal access tokens. */
  tokens?: string[];
  /** Tokens that have expired (answered 403). */
  expiredTokens?: string[];
  /** Accepted (deprecated) API keys. */
  apiKeys?: string[];
  /** Domains on LiveDNS. */
  domains: string[];
  /** Largest page the stand-in gives (Gandi caps per_page too); lets tests see several pages. Default 100. */
  maxPerPage?: number;
}

const status = {
  400: ['HTTPBadRequest', 'Bad Request'],
  401: ['HTTPUnauthorized', 'Unauthorized'],
  403: ['HTTPForbidden', 'Forbidden'],
  404: ['HTTPNotFound', 'Not Found'],
  405: ['HTTPMethodNotAllowed', 'Method Not Allowed'],
  429: ['HTTPTooManyRequests', 'Too Many Requests'],
} as const;

export async function startGandiStandIn(o: GandiStandInOptions): Promise<GandiStandIn> {
  const domains = [...o.domains].sort();
  const maxPerPage = o.maxPerPage ?? 100;
  /** fqdn -> name -> rrset */
  const zones = new Map<string, Map<string, { values: string[]; ttl: number }>>(domains.map((d) => [d, new Map()]));
  let limited = { count: 0, retryAfterSec: undefined as number | undefined };
  let base = '';

  const error = (code: keyof typeof status, message: string, extra: object = {}, headers?: Record<string, string>): StandInAnswer => ({
    status: code,
    body: { code, message, object: status[code][0], cause: status[code][1], ...extra },
    headers,
  });

  function handle(req: SeenRequest): StandInAnswer {
    if (limited.count > 0) {
      limited.count--;
      const headers = limited.retryAfterSec === undefined ? undefined : { 'Retry-After': String(limited.retryAfterSec) };
      return error(429, 'Too many requests, slow down', {}, headers);
    }
    const auth = String(req.headers.authorization ?? '');
    const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
    const apikey = /^Apikey (.+)$/i.exec(auth)?.[1];
    if (bearer && o.expiredTokens?.includes(bearer)) return error(403, 'Access was denied to this resource.');
    if (!(bearer && o.tokens?.includes(bearer)) && !(apikey && o.apiKeys?.includes(apikey))) {
      return error(401, 'The server could not verify that you are authorized to access the URL requested.');
    }
    const url = new URL(req.url, base);
    if (req.method === 'GET' && url.pathname === '/v5/livedns/domains') return listDomains(url);
    const m = /^\/v5\/livedns\/domains\/([^/]+)\/records\/([^/]+)\/TXT$/.exec(url.pathname);
    if (!m) return error(404, 'The resource could not be found.');
    const fqdn = decodeURIComponent(m[1]).toLowerCase();
    const name = decodeURIComponent(m[2]).toLowerCase();
    const zone = zones.get(fqdn);
    if (!zone) return error(404, 'The resource could not be found.');
    const set = zone.get(name);
    if (req.method === 'GET') {
      if (!set) return error(404, 'The resource could not be found.');
      const href = `${base}/v5/livedns/domains/${fqdn}/records/${encodeURIComponent(name)}/TXT`;
      return { status: 200, body: { rrset_name: name, rrset_type: 'TXT', rrset_ttl: set.ttl, rrset_values: set.values, rrset_href: href } };
    }
    if (req.method === 'DELETE') {
      if (!set) return error(404, 'The resource could not be found.');
      zone.delete(name);
      return { status: 204 };
    }
    if (req.method === 'PUT') {
      let body: { rrset_values?: unknown; rrset_ttl?: unknown };
      try {
        body = JSON.parse(req.body) as typeof body;
      } catch {
        return error(400, 'Validation error', { errors: [{ location: 'body', name: 'body', description: 'Invalid JSON' }] });
      }
      const errors: Array<{ location: string; name: string; description: string }> = [];
      const values = body.rrset_values;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' && v !== '')) {
        errors.push({ location: 'body', name: 'rrset_values', description: 'a non-empty list of strings is required' });
      }
      const ttl = body.rrset_ttl ?? 10800;
      if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 300 || ttl > 2592000) {
        errors.push({ location: 'body', name: 'rrset_ttl', description: 'must be an integer between 300 and 2592000' });
      }
      if (errors.length) return error(400, 'Validation error', { errors });
      zone.set(name, { values: values as string[], ttl: ttl as number });
      return { status: 201, body: { message: 'DNS Record Created' } };
    }
    return error(405, `${req.method} is not allowed here`);
  }

  function listDomains(url: URL): StandInAnswer {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 100) || 100, maxPerPage);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const items = domains.slice((page - 1) * perPage, page * perPage).map((fqdn) => ({
      fqdn,
      domain_href: `${base}/v5/livedns/domains/${fqdn}`,
      domain_records_href: `${base}/v5/livedns/domains/${fqdn}/records`,
      domain_keys_href: `${base}/v5/livedns/domains/${fqdn}/keys`,
      automatic_snapshots: true,
    }));
    const headers: Record<string, string> = { 'Total-Count': String(domains.length) };
    if (page * perPage < domains.length) headers.Link = `<${base}/v5/livedns/domains?per_page=${perPage}&page=${page + 1}>; rel="next"`;
    return { status: 200, body: items, headers };
  }

  const server = await startStandInServer(handle);
  base = server.url;
  return {
    ...server,
    txt: (fqdn, name) => zones.get(fqdn)?.get(name)?.values ?? [],
    ttl: (fqdn, name) => zones.get(fqdn)?.get(name)?.ttl,
    rateLimit: (count, retryAfterSec) => {
      limited = { count, retryAfterSec };
    },
  };
}
