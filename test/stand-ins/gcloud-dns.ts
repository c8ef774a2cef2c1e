import { createVerify, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Google Cloud DNS API v1 and Google's OAuth 2.0 token endpoint, only the calls
 * certplane makes: the JWT bearer grant at /token (RS256 assertions checked against the service
 * accounts' public keys), managedZones.list (paged with pageToken/maxResults), resourceRecordSets.list
 * (name and type filters) and changes.create (additions and deletions, atomic; deletions must match
 * the rrset exactly). Errors have the documented bodies: `{"error":{"code","message","errors":[{reason}]}}`
 * for the API, `{"error","error_description"}` for the token endpoint. 127.0.0.1 only.
 */

export type GcloudOperation = 'token' | 'managedZones.list' | 'resourceRecordSets.list' | 'changes.create';

/** A documented error answer of the API. */
export interface GcloudErrorAnswer {
  status: number;
  reason: string;
  message: string;
  domain?: string;
  headers?: Record<string, string>;
}

export const GCLOUD_ERRORS = {
  rateLimitExceeded: { status: 429, reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded', domain: 'usageLimits' },
  forbidden: { status: 403, reason: 'forbidden', message: 'Forbidden' },
  conditionNotMet: (i = 0) => ({ status: 412, reason: 'conditionNotMet', message: `Precondition not met for 'entity.change.deletions[${i}]'` }),
  backendError: { status: 503, reason: 'backendError', message: 'Backend Error' },
} satisfies Record<string, GcloudErrorAnswer | ((...a: number[]) => GcloudErrorAnswer)>;

export interface Rrset {
  name: string;
  type: string;
  ttl: number;
  rrdatas: string[];
}

interface ManagedZone {
  name: string;
  dnsName: string;
  id: string;
  visibility: 'public' | 'private';
  rrsets: Map<string, Rrset>;
}

export interface GcloudStandIn {
  /** Base URL for the provider's `endpoint` (the API is under /dns/v1). */
  endpoint: string;
  /** The token endpoint, for the key's token_uri. */
  tokenUri: string;
  /**
   * Adds a managed zone (with SOA and NS, as Cloud DNS creates them) to `project` (default the first
   * account's first project); returns its name (the zone's id in URLs).
   */
  addZone(dnsName: string, opts?: { visibility?: 'public' | 'private'; project?: string }): string;
  rrset(zone: string, name: string, type?: string): Rrset | undefined;
  putRrset(zone: string, set: Rrset): void;
  deleteRrset(zone: string, name: string, type?: string): void;
  /** The next call of `operation` gets `answer` instead. */
  failNext(operation: GcloudOperation, answer: GcloudErrorAnswer): void;
  /** Runs `fn` just before the next call of `operation` is answered (someone else changing the zone). */
  beforeNext(operation: GcloudOperation, fn: () => void): void;
  calls: Array<{ operation: GcloudOperation | 'unknown'; query: Record<string, string>; status: number }>;
  close(): Promise<void>;
}

/**
 * Starts the stand-in. `accounts` maps service account e-mails to their public key (PEM) and the projects
 * where they hold the DNS role; `pageSize` is managedZones.list's page size when no maxResults is asked.
 */
export async function startGcloudDnsStandIn(opts: {
  accounts: Record<string, { publicKey: string; projects: string[] }>;
  pageSize?: number;
}): Promise<GcloudStandIn> {
  const zones = new Map<string, { project: string; zone: ManagedZone }>();
  const tokens = new Map<string, string>();
  const failures = new Map<GcloudOperation, GcloudErrorAnswer[]>();
  const hooks = new Map<GcloudOperation, () => void>();
  const calls: GcloudStandIn['calls'] = [];
  let changeId = 0;
  let zoneCount = 0;
  let base = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const query = Object.fromEntries(url.searchParams);
      const op = operationOf(req.method ?? 'GET', url.pathname);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        calls.push({ operation: op?.name ?? 'unknown', query, status });
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
        res.end(JSON.stringify(value));
      };
      const fail = (e: GcloudErrorAnswer) =>
        json(e.status, { error: { code: e.status, message: e.message, errors: [{ message: e.message, domain: e.domain ?? 'global', reason: e.reason }] } }, e.headers);
      if (!op) return fail({ status: 404, reason: 'notFound', message: `no such method: ${req.method} ${url.pathname}` });
      const queued = failures.get(op.name)?.shift();
      if (queued) return fail(queued);
      const hook = hooks.get(op.name);
      hooks.delete(op.name);
      hook?.();

      if (op.name === 'token') {
        const refusal = checkAssertion(new URLSearchParams(body), opts.accounts, `${base}/token`);
        if (typeof refusal === 'object') return json(400, refusal);
        const token = `ya29.${randomBytes(24).toString('base64url')}`;
        tokens.set(token, refusal);
        return json(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
      }
      const caller = tokens.get(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
      if (!caller) {
        return json(401, {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
            errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
            status: 'UNAUTHENTICATED',
          },
        });
      }
      if (!opts.accounts[caller].projects.includes(op.project)) return fail(GCLOUD_ERRORS.forbidden);
      const inProject = [...zones.values()].filter((z) => z.project === op.project).map((z) => z.zone);

      if (op.name === 'managedZones.list') {
        const max = Number(query.maxResults ?? opts.pageSize ?? 100);
        const start = query.pageToken ? Number(Buffer.from(query.pageToken, 'base64url').toString()) : 0;
        const page = inProject.slice(start, start + max);
        const more = start + max < inProject.length;
        return json(200, {
          kind: 'dns#managedZonesListResponse',
          managedZones: page.map((z) => ({
            kind: 'dns#managedZone',
            name: z.name,
            dnsName: z.dnsName,
            description: '',
            id: z.id,
            nameServers: ['ns-cloud-a1.googledomains.com.', 'ns-cloud-a2.googledomains.com.'],
            creationTime: '2024-01-01T00:00:00.000Z',
            visibility: z.visibility,
          })),
          ...(more ? { nextPageToken: Buffer.from(String(start + max)).toString('base64url') } : {}),
        });
      }
      const zone = inProject.find((z) => z.name === op.zone);
      if (!zone) return fail({ status: 404, reason: 'notFound', message: `The 'parameters.managedZone' resource named '${op.zone}' does not exist.` });

      if (op.name === 'resourceRecordSets.list') {
        if (query.type && !query.name) return fail({ status: 400, reason: 'invalid', message: "Invalid value for 'parameters.type': a type needs a name" });
        const sets = [...zone.rrsets.values()].filter((s) => (!query.name || s.name === dotted(query.name)) && (!query.type || s.type === query.type));
        return json(200, { kind: 'dns#resourceRecordSetsListResponse', rrsets: sets.map((s) => ({ kind: 'dns#resourceRecordSet', ...s })) });
      }

      // changes.create
      let change: { additions?: Rrset[]; deletions?: Rrset[] };
      try {
        change = JSON.parse(body) as typeof change;
      } catch {
        return fail({ status: 400, reason: 'parseError', message: 'Parse Error' });
      }
      const next = new Map(zone.rrsets);
      for (const [i, d] of (change.deletions ?? []).entries()) {
        const k = key(dotted(d.name), d.type);
        const current = next.get(k);
        if (!current) return fail({ status: 404, reason: 'notFound', message: `The 'entity.change.deletions[${i}]' resource named '${d.name} (${d.type})' does not exist.` });
        if (current.ttl !== d.ttl || [...current.rrdatas].sort().join('\n') !== [...(d.rrdatas ?? [])].sort().join('\n')) return fail(GCLOUD_ERRORS.conditionNotMet(i));
        next.delete(k);
      }
      for (const [i, a] of (change.additions ?? []).entries()) {
        const name = dotted(a.name);
        if (name !== zone.dnsName && !name.endsWith(`.${zone.dnsName}`)) {
          return fail({ status: 400, reason: 'invalid', message: `Invalid value for 'entity.change.additions[${i}].name': '${a.name}'` });
        }
        if (next.has(key(name, a.type))) {
          return fail({ status: 409, reason: 'alreadyExists', message: `The resource 'entity.change.additions[${i}]' named '${a.name} (${a.type})' already exists` });
        }
        next.set(key(name, a.type), { name, type: a.type, ttl: a.ttl, rrdatas: a.rrdatas });
      }
      zone.rrsets = next;
      return json(200, { kind: 'dns#change', additions: change.additions ?? [], deletions: change.deletions ?? [], startTime: new Date().toISOString(), id: String(++changeId), status: 'pending' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const zoneNamed = (name: string) => {
    const z = [...zones.values()].find((x) => x.zone.name === name)?.zone;
    if (!z) throw new Error(`no zone ${name}`);
    return z;
  };
  return {
    endpoint: base,
    tokenUri: `${base}/token`,
    calls,
    addZone(dnsName, o) {
      const project = o?.project ?? Object.values(opts.accounts)[0]?.projects[0] ?? 'project';
      return addZoneIn(project, dnsName, o?.visibility ?? 'public');
    },
    rrset: (zone, name, type = 'TXT') => zoneNamed(zone).rrsets.get(key(dotted(name), type)),
    putRrset: (zone, set) => void zoneNamed(zone).rrsets.set(key(dotted(set.name), set.type), { ...set, name: dotted(set.name) }),
    deleteRrset: (zone, name, type = 'TXT') => void zoneNamed(zone).rrsets.delete(key(dotted(name), type)),
    failNext(operation, answer) {
      failures.set(operation, [...(failures.get(operation) ?? []), answer]);
    },
    beforeNext(operation, fn) {
      hooks.set(operation, fn);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function addZoneIn(project: string, dnsName: string, visibility: 'public' | 'private'): string {
    const name = `${dotted(dnsName).slice(0, -1).replace(/\./g, '-')}-${++zoneCount}`;
    const apex = dotted(dnsName);
    const rrsets = new Map<string, Rrset>([
      [key(apex, 'NS'), { name: apex, type: 'NS', ttl: 21600, rrdatas: ['ns-cloud-a1.googledomains.com.', 'ns-cloud-a2.googledomains.com.'] }],
      [key(apex, 'SOA'), { name: apex, type: 'SOA', ttl: 21600, rrdatas: ['ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300'] }],
    ]);
    zones.set(name, { project, zone: { name, dnsName: apex, id: String(1000 + zoneCount), visibility, rrsets } });
    return name;
  }
}

function operationOf(method: string, path: string): { name: GcloudOperation; project: string; zone?: string } | null {
  if (method === 'POST' && path === '/token') return { name: 'token', project: '' };
  const m = /^\/dns\/v1\/projects\/([^/]+)\/managedZones(?:\/([^/]+)\/(rrsets|changes))?$/.exec(path);
  if (!m) return null;
  const project = decodeURIComponent(m[1]);
  if (!m[2]) return method === 'GET' ? { name: 'managedZones.list', project } : null;
  const zone = decodeURIComponent(m[2]);
  if (m[3] === 'rrsets' && method === 'GET') return { name: 'resourceRecordSets.list', project, zone };
  if (m[3] === 'changes' && method === 'POST') return { name: 'changes.create', project, zone };
  return null;
}

/**
 * Checks a JWT bearer grant: RS256, signed by a known service account's key, for this audience, and
 * short-lived. Returns the account's e-mail, or the OAuth error body Google answers (400 invalid_grant).
 */
function checkAssertion(form: URLSearchParams, accounts: Record<string, { publicKey: string }>, audience: string): string | { error: string; error_description: string } {
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    return { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form.get('grant_type') ?? '') };
  }
  const [head, claims, signature] = (form.get('assertion') ?? '').split('.');
  let c: { iss?: string; aud?: string; iat?: number; exp?: number; scope?: string };
  let h: { alg?: string };
  try {
    h = JSON.parse(Buffer.from(head, 'base64url').toString()) as typeof h;
    c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as typeof c;
  } catch {
    return { error: 'invalid_grant', error_description: 'Invalid JWT: could not parse' };
  }
  const account = c.iss ? accounts[c.iss] : undefined;
  if (!account) return { error: 'invalid_grant', error_description: 'Invalid grant: account not found' };
  const ok = h.alg === 'RS256' && createVerify('RSA-SHA256').update(`${head}.${claims}`).verify(account.publicKey, Buffer.from(signature ?? '', 'base64url'));
  if (!ok) return { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' };
  if (c.aud !== audience) return { error: 'invalid_grant', error_description: `Invalid JWT: aud must be ${audience}` };
  const now = Date.now() / 1000;
  if (!c.iat || !c.exp || c.exp - c.iat > 3600 || c.iat > now + 60 || c.exp < now) {
    return { error: 'invalid_grant', error_description: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.' };
  }
  if (!c.scope?.split(' ').some((s) => s.endsWith('/auth/ndev.clouddns.readwrite') || s.endsWith('/auth/cloud-platform'))) {
    return { error: 'invalid_scope', error_description: 'Invalid OAuth scope or ID token audience provided.' };
  }
  return c.iss!;
}

const dotted = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
const key = (name: string, type: string) => `${name}|${type}`;
