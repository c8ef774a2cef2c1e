import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Amazon Route 53 REST/XML API (version 2013-04-01), only the calls certplane
 * makes: ListHostedZones (paged with marker/maxitems), GetHostedZone, ListResourceRecordSets (from
 * name/type, in Route 53's order) and ChangeResourceRecordSets (CREATE/UPSERT/DELETE, atomic, checked
 * as Route 53 checks them). Requests must carry a SigV4 signature by a known access key; errors are the
 * documented `<ErrorResponse>` bodies. 127.0.0.1 only.
 */

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export type Route53Operation = 'ListHostedZones' | 'GetHostedZone' | 'ListResourceRecordSets' | 'ChangeResourceRecordSets';

/** A documented Route 53 error answer. */
export interface Route53ErrorAnswer {
  status: number;
  code: string;
  message: string;
  type?: 'Sender' | 'Receiver';
  headers?: Record<string, string>;
}

/** Error answers as Route 53 documents them. */
export const ROUTE53_ERRORS = {
  throttling: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
  priorRequestNotComplete: {
    status: 400,
    code: 'PriorRequestNotComplete',
    message: 'The request was rejected because Route 53 was still processing a prior request.',
  },
  accessDenied: (action: string) => ({
    status: 403,
    code: 'AccessDenied',
    message: `User: arn:aws:iam::123456789012:user/certplane is not authorized to perform: route53:${action}`,
  }),
  serviceUnavailable: { status: 503, code: 'ServiceUnavailable', message: 'Service Unavailable', type: 'Receiver' as const },
} satisfies Record<string, Route53ErrorAnswer | ((...a: string[]) => Route53ErrorAnswer)>;

interface RecordSet {
  name: string;
  type: string;
  ttl: number;
  /** Values as given (TXT: quoted strings). */
  values: string[];
}

interface Zone {
  id: string;
  name: string;
  private: boolean;
  sets: Map<string, RecordSet>;
}

export interface Route53StandIn {
  /** Base URL for the SDK's `endpoint`. */
  endpoint: string;
  /** Adds a hosted zone (with its SOA and NS sets, as Route 53 creates them); returns its id without /hostedzone/. */
  addZone(name: string, opts?: { private?: boolean }): string;
  /** The set at `name` of `type` in zone `zoneId`, or undefined. */
  recordSet(zoneId: string, name: string, type?: string): RecordSet | undefined;
  /** Adds or replaces a set directly (what a person did in the console). */
  putRecordSet(zoneId: string, set: RecordSet): void;
  /** Deletes a set directly. */
  deleteRecordSet(zoneId: string, name: string, type?: string): void;
  /** The next call of `operation` gets `answer` instead. */
  failNext(operation: Route53Operation, answer: Route53ErrorAnswer): void;
  /** Runs `fn` just before the next call of `operation` is answered (someone else changing the zone). */
  beforeNext(operation: Route53Operation, fn: () => void): void;
  /** Every call answered so far, in order. */
  calls: Array<{ operation: Route53Operation | 'unknown'; query: Record<string, string>; status: number }>;
  close(): Promise<void>;
}

/**
 * Starts the stand-in. `keys` maps the access key ids it knows to their secret keys; `pageSize` is how
 * many hosted zones one ListHostedZones page holds when the caller asks no maxitems (Route 53: 100).
 */
export async function startRoute53StandIn(opts: { keys: Record<string, string>; pageSize?: number }): Promise<Route53StandIn> {
  const zones: Zone[] = [];
  const failures = new Map<Route53Operation, Route53ErrorAnswer[]>();
  const hooks = new Map<Route53Operation, () => void>();
  const calls: Route53StandIn['calls'] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const query = Object.fromEntries(url.searchParams);
      const operation = operationOf(req.method ?? 'GET', url.pathname);
      const send = (status: number, xml: string, headers: Record<string, string> = {}) => {
        calls.push({ operation: operation?.name ?? 'unknown', query, status });
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID(), ...headers });
        res.end(`<?xml version="1.0"?>\n${xml}`);
      };
      const fail = (e: Route53ErrorAnswer) =>
        send(
          e.status,
          `<ErrorResponse xmlns="${NS}"><Error><Type>${e.type ?? 'Sender'}</Type><Code>${e.code}</Code><Message>${esc(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
          e.headers,
        );
      const refused = checkSignature(req, url, body, opts.keys);
      if (refused) return fail(refused);
      if (!operation) return fail({ status: 404, code: 'UnknownOperationException', message: `no such operation: ${req.method} ${url.pathname}` });
      const queued = failures.get(operation.name)?.shift();
      if (queued) return fail(queued);
      const hook = hooks.get(operation.name);
      hooks.delete(operation.name);
      hook?.();
      const zone = operation.zoneId === undefined ? undefined : zones.find((z) => z.id === operation.zoneId);
      if (operation.zoneId !== undefined && !zone) return fail({ status: 404, code: 'NoSuchHostedZone', message: `No hosted zone found with ID: ${operation.zoneId}` });
      try {
        switch (operation.name) {
          case 'ListHostedZones':
            return send(200, listHostedZones(zones, query, opts.pageSize ?? 100));
          case 'GetHostedZone':
            return send(200, `<GetHostedZoneResponse xmlns="${NS}">${hostedZoneXml(zone!)}<DelegationSet><NameServers><NameServer>ns-1.awsdns-01.org</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>`);
          case 'ListResourceRecordSets':
            return send(200, listRecordSets(zone!, query));
          case 'ChangeResourceRecordSets': {
            const problems = applyChanges(zone!, body.toString('utf8'));
            if (problems) return fail({ status: 400, code: 'InvalidChangeBatch', message: `[${problems.join(', ')}]` });
            return send(
              200,
              `<ChangeResourceRecordSetsResponse xmlns="${NS}"><ChangeInfo><Id>/change/C${randomId()}</Id><Status>PENDING</Status><SubmittedAt>${new Date().toISOString()}</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`,
            );
          }
        }
      } catch (err) {
        return fail({ status: 400, code: 'InvalidInput', message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const zoneById = (id: string) => {
    const z = zones.find((x) => x.id === id.replace(/^\/hostedzone\//, ''));
    if (!z) throw new Error(`no zone ${id}`);
    return z;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    addZone(name, o) {
      const zone: Zone = { id: `Z${randomId()}`, name: dotted(name), private: o?.private ?? false, sets: new Map() };
      const apex = zone.name;
      zone.sets.set(key(apex, 'NS'), { name: apex, type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.com.'] });
      zone.sets.set(key(apex, 'SOA'), { name: apex, type: 'SOA', ttl: 900, values: ['ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] });
      zones.push(zone);
      return zone.id;
    },
    recordSet: (zoneId, name, type = 'TXT') => zoneById(zoneId).sets.get(key(dotted(name), type)),
    putRecordSet: (zoneId, set) => void zoneById(zoneId).sets.set(key(dotted(set.name), set.type), { ...set, name: dotted(set.name) }),
    deleteRecordSet: (zoneId, name, type = 'TXT') => void zoneById(zoneId).sets.delete(key(dotted(name), type)),
    failNext(operation, answer) {
      failures.set(operation, [...(failures.get(operation) ?? []), answer]);
    },
    beforeNext(operation, fn) {
      hooks.set(operation, fn);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function operationOf(method: string, path: string): { name: Route53Operation; zoneId?: string } | null {
  if (method === 'GET' && /^\/2013-04-01\/hostedzone\/?$/.test(path)) return { name: 'ListHostedZones' };
  const m = /^\/2013-04-01\/hostedzone\/([^/]+)(\/rrset\/?)?$/.exec(path);
  if (!m) return null;
  const zoneId = decodeURIComponent(m[1]);
  if (!m[2]) return method === 'GET' ? { name: 'GetHostedZone', zoneId } : null;
  if (method === 'GET') return { name: 'ListResourceRecordSets', zoneId };
  if (method === 'POST') return { name: 'ChangeResourceRecordSets', zoneId };
  return null;
}

function hostedZoneXml(z: Zone): string {
  const count = z.sets.size;
  return `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${z.name}</Name><CallerReference>${z.id}-ref</CallerReference><Config><PrivateZone>${z.private}</PrivateZone></Config><ResourceRecordSetCount>${count}</ResourceRecordSetCount></HostedZone>`;
}

/** Zones in the order they were created; `marker` is the id of the first zone of the page. */
function listHostedZones(zones: Zone[], query: Record<string, string>, pageSize: number): string {
  const max = query.maxitems ? Number(query.maxitems) : pageSize;
  const start = query.marker ? zones.findIndex((z) => z.id === query.marker) : 0;
  if (start < 0) throw new Error(`marker ${query.marker} is not a hosted zone id`);
  const page = zones.slice(start, start + max);
  const next = zones[start + max];
  return (
    `<ListHostedZonesResponse xmlns="${NS}"><HostedZones>${page.map(hostedZoneXml).join('')}</HostedZones>` +
    `${query.marker ? `<Marker>${query.marker}</Marker>` : ''}<IsTruncated>${next !== undefined}</IsTruncated>` +
    `${next ? `<NextMarker>${next.id}</NextMarker>` : ''}<MaxItems>${max}</MaxItems></ListHostedZonesResponse>`
  );
}

/** Route 53's order: by name with its labels reversed (com.example.www), then by type. */
const sortKey = (s: { name: string; type: string }) => `${s.name.split('.').reverse().join('.')} ${s.type}`;

function listRecordSets(zone: Zone, query: Record<string, string>): string {
  const max = Math.min(Number(query.maxitems ?? 300), 300);
  if (query.type && !query.name) throw new Error('The input is not valid: type requires name');
  const all = [...zone.sets.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const from = query.name ? sortKey({ name: dotted(query.name), type: query.type ?? '' }) : '';
  const rest = all.filter((s) => sortKey(s) >= from);
  const page = rest.slice(0, max);
  const next = rest[max];
  const sets = page
    .map(
      (s) =>
        `<ResourceRecordSet><Name>${esc(s.name)}</Name><Type>${s.type}</Type><TTL>${s.ttl}</TTL><ResourceRecords>${s.values
          .map((v) => `<ResourceRecord><Value>${esc(v)}</Value></ResourceRecord>`)
          .join('')}</ResourceRecords></ResourceRecordSet>`,
    )
    .join('');
  return (
    `<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${sets}</ResourceRecordSets><IsTruncated>${next !== undefined}</IsTruncated>` +
    `${next ? `<NextRecordName>${esc(next.name)}</NextRecordName><NextRecordType>${next.type}</NextRecordType>` : ''}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`
  );
}

/** Checks every change as Route 53 does and applies them all, or none; returns the problems, or null. */
function applyChanges(zone: Zone, xml: string): string[] | null {
  const changes = [...xml.matchAll(/<Change>([\s\S]*?)<\/Change>/g)].map((m) => {
    const c = m[1];
    return {
      action: tag(c, 'Action'),
      set: {
        name: dotted(tag(c, 'Name').toLowerCase()),
        type: tag(c, 'Type'),
        ttl: Number(tag(c, 'TTL')),
        values: [...c.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map((v) => unesc(v[1])),
      },
    };
  });
  if (changes.length === 0) throw new Error('Invalid XML ; the ChangeBatch holds no Change');
  const problems: string[] = [];
  const next = new Map(zone.sets);
  for (const { action, set } of changes) {
    const k = key(set.name, set.type);
    const what = `resource record set [name='${set.name}', type='${set.type}']`;
    if (set.name !== zone.name && !set.name.endsWith(`.${zone.name}`)) {
      problems.push(`RRSet with DNS name ${set.name} is not permitted in zone ${zone.name}`);
      continue;
    }
    if (set.type === 'TXT') {
      const bad = set.values.find((v) => !/^("(?:[^"\\]|\\.){0,255}"\s*)+$/.test(v));
      if (bad !== undefined) {
        problems.push(`Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks) encountered with '${bad}''`);
        continue;
      }
    }
    const current = next.get(k);
    if (action === 'CREATE' && current) problems.push(`Tried to create ${what} but it already exists`);
    else if (action === 'DELETE' && !current) problems.push(`Tried to delete ${what} but it was not found`);
    else if (action === 'DELETE' && (current!.ttl !== set.ttl || [...current!.values].sort().join('\n') !== [...set.values].sort().join('\n'))) {
      problems.push(`Tried to delete ${what} but the values provided do not match the current values`);
    } else if (action === 'DELETE') next.delete(k);
    else if (action === 'CREATE' || action === 'UPSERT') next.set(k, set);
    else problems.push(`Invalid action ${action}`);
  }
  if (problems.length > 0) return problems;
  zone.sets = next;
  return null;
}

/**
 * Checks the AWS Signature Version 4 `Authorization` header: a known access key id (else the documented
 * InvalidClientTokenId) and the signature itself, recomputed with that key's secret (else
 * SignatureDoesNotMatch). Returns the error to answer, or null.
 */
function checkSignature(req: IncomingMessage, url: URL, body: Buffer, keys: Record<string, string>): Route53ErrorAnswer | null {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { status: 403, code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' };
  const [, keyId, date, region, service, signedHeaders, signature] = m;
  const secret = keys[keyId];
  if (secret === undefined) return { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
  const header = (name: string) => {
    const v = req.headers[name];
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().replace(/\s+/g, ' ');
  };
  const canonicalQuery = [...url.searchParams]
    .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
    .sort()
    .join('&');
  const canonical = [
    req.method,
    url.pathname.split('/').map(escapeUri).join('/'),
    canonicalQuery,
    signedHeaders.split(';').map((h) => `${h}:${header(h)}\n`).join(''),
    signedHeaders,
    header('x-amz-content-sha256') || sha256(body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', header('x-amz-date'), scope, sha256(canonical)].join('\n');
  let k: Buffer = hmac(`AWS4${secret}`, date);
  for (const part of [region, service, 'aws4_request']) k = hmac(k, part);
  const expected = createHmac('sha256', k).update(toSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return null;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const escapeUri = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const dotted = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
const key = (name: string, type: string) => `${name}|${type}`;
const randomId = () => randomBytes(10).toString('hex').toUpperCase().slice(0, 13);
const tag = (xml: string, name: string) => unesc(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unesc = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e.toLowerCase()]!,
  );

