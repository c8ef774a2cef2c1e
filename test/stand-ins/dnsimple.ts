import { randomBytes } from 'node:crypto';
import { startStandInServer, type SeenRequest, type StandInAnswer, type StandInServer } from './http-stand-in.js';

/**
 * A stand-in for the part of the DNSimple API v2 (https://developer.dnsimple.com/v2/) the dnsimple provider
 * calls: GET /v2/whoami, GET /v2/{account}/zones (paginated: `page`, `per_page`, `pagination`),
 * GET /v2/{account}/zones/{zone}/records (filters `name`, `type`; paginated), POST .../records,
 * DELETE .../records/{id} (204). Bearer tokens; every answer carries X-RateLimit-Limit/-Remaining/-Reset.
 * Errors as DNSimple documents them: `{"message": ...}` with 401 for a bad token, 404 for an unknown
 * account, zone or record, 429 when rate-limited (X-RateLimit-Reset: the epoch second the window resets).
 * TXT content comes back quoted, as DNSimple normalizes it.
 */
export interface DnsimpleStandIn extends StandInServer {
  accountId: number;
  /** An account token (whoami names the account). */
  token: string;
  /** A user token (whoami has no account; paths need the account id). */
  userToken: string;
  addZone(name: string): void;
  /** TXT contents at `name` (relative to `zone`, '' for the apex), as stored. */
  txt(zone: string, name: string): string[];
  /** The next request is answered with this instead. */
  failNext(answer: StandInAnswer): void;
}

interface ZoneRecord {
  id: number;
  zone_id: string;
  parent_id: null;
  name: string;
  content: string;
  ttl: number;
  priority: null;
  type: string;
  regions: string[];
  system_record: boolean;
  created_at: string;
  updated_at: string;
}

const RATE_LIMIT = 2400;

/** `opts.pageSize` caps `per_page` (DNSimple allows up to 100), so a few zones span pages. */
export async function startDnsimpleStandIn(opts: { pageSize?: number } = {}): Promise<DnsimpleStandIn> {
  const pageSize = opts.pageSize ?? 2;
  const accountId = 1010 + Math.floor(Math.random() * 1000);
  const token = `dnsimple-${randomBytes(12).toString('hex')}`;
  const userToken = `dnsimple-user-${randomBytes(12).toString('hex')}`;
  const zones: Array<{ id: number; name: string }> = [];
  const records: ZoneRecord[] = [];
  const failures: StandInAnswer[] = [];
  let nextId = 1;

  const resetAt = () => Math.floor(Date.now() / 1000) + 3600;
  const limits = (remaining = RATE_LIMIT - 1) => ({
    'X-RateLimit-Limit': String(RATE_LIMIT),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetAt()),
  });
  const answer = (status: number, body?: unknown): StandInAnswer => ({ status, body, headers: limits() });
  const message = (status: number, text: string) => answer(status, { message: text });

  function page<T>(items: T[], q: URLSearchParams): StandInAnswer {
    const perPage = Math.min(Number(q.get('per_page') ?? 30), pageSize);
    const current = Math.max(1, Number(q.get('page') ?? 1));
    return answer(200, {
      data: items.slice((current - 1) * perPage, current * perPage),
      pagination: { current_page: current, per_page: perPage, total_entries: items.length, total_pages: Math.max(1, Math.ceil(items.length / perPage)) },
    });
  }

  function handle(seen: SeenRequest): StandInAnswer {
    const failure = failures.shift();
    if (failure) return failure;
    const url = new URL(seen.url, 'http://stand-in');
    const bearer = seen.headers.authorization?.replace(/^Bearer /, '');
    if (bearer !== token && bearer !== userToken) return message(401, 'Authentication failed');
    const now = new Date().toISOString();
    if (url.pathname === '/v2/whoami' && seen.method === 'GET') {
      const account = { id: accountId, email: 'ops@example.com', plan_identifier: 'teams-v1-monthly', created_at: now, updated_at: now };
      const user = { id: 7, email: 'ops@example.com', created_at: now, updated_at: now };
      return answer(200, { data: bearer === token ? { user: null, account } : { user, account: null } });
    }
    const m = /^\/v2\/([^/]+)\/zones(?:\/([^/]+)\/records(?:\/(\d+))?)?$/.exec(url.pathname);
    if (!m) return message(404, 'Not found');
    const [, account, zoneName, recordId] = m;
    if (account !== String(accountId)) return message(404, `Account \`${account}\` not found`);
    if (!zoneName) return seen.method === 'GET' ? page(zones.map((z) => zoneBody(z, now)), url.searchParams) : message(405, 'Method not allowed');
    const zone = zones.find((z) => z.name === decodeURIComponent(zoneName));
    if (!zone) return message(404, `Zone \`${decodeURIComponent(zoneName)}\` not found`);
    const inZone = records.filter((r) => r.zone_id === zone.name);
    if (seen.method === 'GET' && !recordId) {
      const q = url.searchParams;
      const found = inZone.filter((r) => (!q.has('name') || r.name === q.get('name')) && (!q.has('type') || r.type === q.get('type')));
      return page(found, q);
    }
    if (seen.method === 'POST' && !recordId) {
      const body = JSON.parse(seen.body || '{}') as { name?: string; type?: string; content?: string; ttl?: number };
      if (body.name === undefined || !body.type || body.content === undefined) {
        return answer(400, { message: 'Validation failed', errors: { content: ["can't be blank"] } });
      }
      const content = body.type === 'TXT' && !body.content.startsWith('"') ? `"${body.content.replace(/[\\"]/g, (c) => `\\${c}`)}"` : body.content;
      const record: ZoneRecord = {
        id: nextId++,
        zone_id: zone.name,
        parent_id: null,
        name: body.name,
        content,
        ttl: body.ttl ?? 3600,
        priority: null,
        type: body.type,
        regions: ['global'],
        system_record: false,
        created_at: now,
        updated_at: now,
      };
      records.push(record);
      return answer(201, { data: record });
    }
    if (seen.method === 'DELETE' && recordId) {
      const at = records.findIndex((r) => r.zone_id === zone.name && r.id === Number(recordId));
      if (at < 0) return message(404, `Record \`${recordId}\` not found`);
      records.splice(at, 1);
      return answer(204);
    }
    return message(405, 'Method not allowed');
  }

  const zoneBody = (z: { id: number; name: string }, now: string) => ({
    id: z.id,
    account_id: accountId,
    name: z.name,
    reverse: false,
    secondary: false,
    last_transferred_at: null,
    active: true,
    created_at: now,
    updated_at: now,
  });

  const server = await startStandInServer(handle);
  return {
    ...server,
    accountId,
    token,
    userToken,
    addZone: (name) => void zones.push({ id: nextId++, name }),
    txt: (zone, name) => records.filter((r) => r.zone_id === zone && r.name === name && r.type === 'TXT').map((r) => r.content),
    failNext: (a) => void failures.push(a),
  };
}

/** DNSimple's answer when the hourly request limit is used up: 429, the window's reset as an epoch second. */
export const dnsimpleRateLimited = (resetEpochSeconds: number): StandInAnswer => ({
  status: 429,
  headers: { 'X-RateLimit-Limit': String(RATE_LIMIT), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetEpochSeconds) },
  body: { message: 'API rate limit exceeded for 127.0.0.1.' },
});
