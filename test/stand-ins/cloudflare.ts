import { randomBytes } from 'node:crypto';
import { startStandInServer, type SeenRequest, type StandInAnswer, type StandInServer } from './http-stand-in.js';

/**
 * A stand-in for the part of the Cloudflare API v4 (https://developers.cloudflare.com/api/) the cloudflare
 * provider calls: GET /zones (paginated, `page`/`per_page`, `result_info`), GET /zones/{zone_id},
 * GET /zones/{zone_id}/dns_records (type, name / name.exact, paginated), POST and DELETE of a DNS record.
 * Bearer tokens only. Answers in Cloudflare's envelope (`success`, `errors`, `messages`, `result`), errors
 * as Cloudflare documents them: 403 code 10000 "Authentication error" for an unknown token, 403 code 9109
 * for a token without DNS:Edit on a write, 429 code 971 with Retry-After, 404 code 81044 for a record
 * that is gone.
 */
export interface CloudflareStandIn extends StandInServer {
  /** Base URL as the SDK's baseURL wants it: `${url}/client/v4`. */
  baseURL: string;
  /** A token with Zone:Read and DNS:Edit on every zone. */
  token: string;
  /** A token with Zone:Read only (writes answer 403 code 9109). */
  readOnlyToken: string;
  addZone(name: string): string;
  /** TXT contents at `fqdn` as stored (quoted as the client sent them). */
  txt(fqdn: string): string[];
  /** The zone (name) holding each TXT record at `fqdn`. */
  txtZones(fqdn: string): string[];
  /** The next request is answered with this instead. */
  failNext(answer: StandInAnswer): void;
}

interface Zone {
  id: string;
  name: string;
}
interface DnsRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
  proxiable: boolean;
  comment: string | null;
  tags: string[];
  meta: Record<string, unknown>;
  created_on: string;
  modified_on: string;
}

const id = () => randomBytes(16).toString('hex');
const envelope = (result: unknown, extra: Record<string, unknown> = {}) => ({ success: true, errors: [], messages: [], result, ...extra });
const failure = (status: number, code: number, message: string, headers?: Record<string, string>): StandInAnswer => ({
  status,
  headers,
  body: { success: false, errors: [{ code, message }], messages: [], result: null },
});

/** `opts.pageSize` caps every page (Cloudflare allows per_page 5-50 for zones), so a few zones span pages. */
export async function startCloudflareStandIn(opts: { pageSize?: number } = {}): Promise<CloudflareStandIn> {
  const pageSize = opts.pageSize ?? 2;
  const token = `cf-${id()}`;
  const readOnlyToken = `cf-ro-${id()}`;
  const zones: Zone[] = [];
  const records: DnsRecord[] = [];
  const failures: StandInAnswer[] = [];

  function page<T>(items: T[], q: URLSearchParams, defaultPerPage: number): StandInAnswer {
    const perPage = Math.min(Number(q.get('per_page') ?? defaultPerPage), pageSize);
    const pageNo = Math.max(1, Number(q.get('page') ?? 1));
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const totalPages = Math.ceil(items.length / perPage);
    return { status: 200, body: envelope(slice, { result_info: { page: pageNo, per_page: perPage, count: slice.length, total_count: items.length, total_pages: totalPages } }) };
  }

  function handle(seen: SeenRequest): StandInAnswer {
    const url = new URL(seen.url, 'http://stand-in');
    const req = { ...seen, path: url.pathname, query: url.searchParams };
    const failure0 = failures.shift();
    if (failure0) return failure0;
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return failure(400, 6003, 'Invalid request headers');
    const bearer = auth.slice('Bearer '.length);
    if (bearer !== token && bearer !== readOnlyToken) return failure(403, 10000, 'Authentication error');
    const m = /^\/client\/v4\/zones(?:\/([0-9a-f]+))?(\/dns_records)?(?:\/([0-9a-f]+))?$/.exec(req.path);
    if (!m) return failure(404, 7000, 'No route for that URI');
    const [, zoneId, dnsRecords, recordId] = m;
    if (!zoneId) {
      if (req.method !== 'GET') return failure(405, 10405, 'Method not allowed');
      const name = req.query.get('name');
      return page(zones.filter((z) => !name || z.name === name), req.query, 20);
    }
    const zone = zones.find((z) => z.id === zoneId);
    if (!zone) return failure(404, 7003, `Could not route to /zones/${zoneId}, perhaps your object identifier is invalid?`);
    if (!dnsRecords) return req.method === 'GET' ? { status: 200, body: envelope({ ...zone, status: 'active', type: 'full' }) } : failure(405, 10405, 'Method not allowed');
    if (req.method !== 'GET' && bearer === readOnlyToken) return failure(403, 9109, 'Unauthorized to access requested resource');
    if (req.method === 'GET' && !recordId) {
      const type = req.query.get('type');
      const name = (req.query.get('name.exact') ?? req.query.get('name'))?.toLowerCase();
      const found = records.filter((r) => r.zone_id === zone.id && (!type || r.type === type) && (!name || r.name === name));
      return page(found, req.query, 100);
    }
    if (req.method === 'POST' && !recordId) {
      const body = JSON.parse(req.body || '{}') as { type?: string; name?: string; content?: string; ttl?: number };
      if (!body.type || !body.name || body.content === undefined) return failure(400, 9000, 'DNS name, type and content are required');
      const name = body.name.toLowerCase().replace(/\.$/, '');
      if (name !== zone.name && !name.endsWith(`.${zone.name}`)) return failure(400, 9005, 'Content for the record name is invalid: not within the zone');
      if (records.some((r) => r.zone_id === zone.id && r.type === body.type && r.name === name && r.content === body.content)) {
        return failure(400, 81058, 'An identical record already exists.');
      }
      const now = new Date().toISOString();
      const record: DnsRecord = {
        id: id(),
        zone_id: zone.id,
        zone_name: zone.name,
        name,
        type: body.type,
        content: body.content,
        ttl: body.ttl ?? 1,
        proxied: false,
        proxiable: false,
        comment: null,
        tags: [],
        meta: {},
        created_on: now,
        modified_on: now,
      };
      records.push(record);
      return { status: 200, body: envelope(record) };
    }
    if (req.method === 'DELETE' && recordId) {
      const at = records.findIndex((r) => r.zone_id === zone.id && r.id === recordId);
      if (at < 0) return failure(404, 81044, 'Record does not exist.');
      records.splice(at, 1);
      return { status: 200, body: envelope({ id: recordId }) };
    }
    return failure(405, 10405, 'Method not allowed');
  }

  const server = await startStandInServer(handle);
  return {
    ...server,
    baseURL: `${server.url}/client/v4`,
    token,
    readOnlyToken,
    addZone(name) {
      const zone = { id: id(), name };
      zones.push(zone);
      return zone.id;
    },
    txt: (fqdn) => records.filter((r) => r.type === 'TXT' && r.name === fqdn).map((r) => r.content),
    txtZones: (fqdn) => records.filter((r) => r.type === 'TXT' && r.name === fqdn).map((r) => r.zone_name),
    failNext: (answer) => void failures.push(answer),
  };
}

/** Cloudflare's answer when the API rate limit (1200 requests per 5 minutes) is reached. */
export const cloudflareRateLimited = (retryAfterSeconds: number): StandInAnswer =>
  failure(429, 971, 'Please wait and consider throttling your request speed', { 'Retry-After': String(retryAfterSeconds) });
