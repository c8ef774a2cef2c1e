import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStandInServer, type SeenRequest, type StandInAnswer, type StandInServer } from './http-stand-in.js';

/**
 * A stand-in for the OVHcloud API v1 (HTTPS, as the `ovh` SDK only speaks HTTPS), only the calls the ovh
 * provider makes, answering as OVH documents them (https://eu.api.ovh.com/console, "First steps with the
 * OVHcloud APIs"):
 * - `GET /1.0/auth/time`: the server's Unix time (no authentication);
 * - every other call is signed: headers X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and
 *   X-Ovh-Signature = "$1$" + sha1(appSecret+consumerKey+method+url+body+timestamp, joined with "+"),
 *   url the full https URL as the client called it (no port: the vendor's is 443);
 * - `GET /1.0/domain/zone`: the zone names; `GET .../record?fieldType=&subDomain=`: record ids;
 *   `GET .../record/{id}`: `{id, zone, fieldType, subDomain, target, ttl}`; `POST .../record`: creates one;
 *   `DELETE .../record/{id}`: null; `POST .../refresh`: applies the changes (what DNS would serve).
 * Errors are `{errorCode, httpCode, message}`: 403 "Invalid application key" / "This credential is not
 * valid", 400 "Invalid signature", 404 "This service does not exist", 429 when rate limited.
 */
export interface OvhStandIn extends StandInServer {
  /** The self-signed certificate (PEM) to trust. */
  ca: string;
  /** TXT targets at `subDomain` ('' for the apex) in `zone`, as the API holds them (changes not yet refreshed included). */
  txt(zone: string, subDomain: string): string[];
  /** TXT targets as of the zone's last refresh (what OVH's DNS servers answer). */
  published(zone: string, subDomain: string): string[];
  /** TTLs of the TXT records at a name. */
  ttls(zone: string, subDomain: string): number[];
  /** Adds a record directly (a customer's own value). */
  addRecord(zone: string, record: { fieldType: string; subDomain: string; target: string; ttl: number }): void;
  /** The next `count` calls (other than /auth/time; only those `only` picks, when given) are answered 429. */
  rateLimit(count: number, only?: (req: SeenRequest) => boolean): void;
}

export interface OvhStandInOptions {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  zones: string[];
}

interface StoredRecord {
  id: number;
  zone: string;
  fieldType: string;
  subDomain: string;
  target: string;
  ttl: number;
}

const httpCodes: Record<number, string> = { 400: '400 Bad Request', 403: '403 Forbidden', 404: '404 Not Found', 429: '429 Too Many Requests' };

export async function startOvhStandIn(o: OvhStandInOptions): Promise<OvhStandIn> {
  const tls = selfSignedCertificate();
  const records = new Map<string, StoredRecord[]>(o.zones.map((z) => [z, []]));
  const published = new Map<string, StoredRecord[]>(o.zones.map((z) => [z, []]));
  let nextId = 1000;
  let limited: { count: number; only?: (req: SeenRequest) => boolean } = { count: 0 };

  const error = (status: number, errorCode: string, message: string): StandInAnswer => ({
    status,
    body: { errorCode, httpCode: httpCodes[status] ?? String(status), message },
  });

  function authenticate(req: SeenRequest): StandInAnswer | null {
    const h = req.headers;
    if (h['x-ovh-application'] !== o.applicationKey) return error(403, 'INVALID_KEY', 'Invalid application key');
    if (h['x-ovh-consumer'] !== o.consumerKey) return error(403, 'INVALID_CREDENTIAL', 'This credential is not valid');
    const timestamp = String(h['x-ovh-timestamp'] ?? '');
    if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - Math.round(Date.now() / 1000)) > 300) {
      return error(400, 'QUERY_TIME_OUT', 'Query out of time');
    }
    const host = String(h.host ?? '').replace(/:\d+$/, '');
    const url = `https://${host}${req.url}`;
    const expected = '$1$' + createHash('sha1').update([o.applicationSecret, o.consumerKey, req.method, url, req.body, timestamp].join('+')).digest('hex');
    if (h['x-ovh-signature'] !== expected) return error(400, 'INVALID_SIGNATURE', 'Invalid signature');
    return null;
  }

  function handle(req: SeenRequest): StandInAnswer {
    const url = new URL(req.url, 'https://stand-in');
    if (req.method === 'GET' && url.pathname === '/1.0/auth/time') return { status: 200, body: Math.round(Date.now() / 1000) };
    if (limited.count > 0 && (!limited.only || limited.only(req))) {
      limited.count--;
      return error(429, 'TOO_MANY_REQUESTS', 'Too many requests');
    }
    const refused = authenticate(req);
    if (refused) return refused;
    if (req.method === 'GET' && url.pathname === '/1.0/domain/zone') return { status: 200, body: [...records.keys()] };
    const m = /^\/1\.0\/domain\/zone\/([^/]+)\/(record|refresh)(?:\/(\d+))?$/.exec(url.pathname);
    const zone = m ? decodeURIComponent(m[1]) : undefined;
    const list = zone ? records.get(zone) : undefined;
    if (!m || !zone || !list) return error(404, 'NOT_FOUND', 'This service does not exist');
    const [, , what, id] = m;
    if (what === 'refresh' && req.method === 'POST' && !id) {
      published.set(zone, list.map((r) => ({ ...r })));
      return { status: 200, body: null };
    }
    if (what !== 'record') return error(404, 'NOT_FOUND', 'This service does not exist');
    if (req.method === 'GET' && !id) {
      const fieldType = url.searchParams.get('fieldType');
      const subDomain = url.searchParams.get('subDomain');
      const ids = list.filter((r) => (fieldType === null || r.fieldType === fieldType) && (subDomain === null || r.subDomain === subDomain)).map((r) => r.id);
      return { status: 200, body: ids };
    }
    if (req.method === 'POST' && !id) {
      let body: { fieldType?: unknown; subDomain?: unknown; target?: unknown; ttl?: unknown };
      try {
        body = JSON.parse(req.body) as typeof body;
      } catch {
        return error(400, 'INVALID_BODY', 'Invalid JSON body');
      }
      if (typeof body.fieldType !== 'string' || typeof body.target !== 'string' || body.target === '') {
        return error(400, 'INVALID_ARGUMENT', '[fieldType] and [target] are required');
      }
      const record: StoredRecord = {
        id: nextId++,
        zone,
        fieldType: body.fieldType,
        subDomain: typeof body.subDomain === 'string' ? body.subDomain : '',
        target: body.target,
        ttl: typeof body.ttl === 'number' ? body.ttl : 0,
      };
      list.push(record);
      return { status: 200, body: record };
    }
    const index = list.findIndex((r) => r.id === Number(id));
    if (index < 0) return error(404, 'NOT_FOUND', `The requested object (id = ${id}) does not exist`);
    if (req.method === 'GET') return { status: 200, body: list[index] };
    if (req.method === 'DELETE') {
      list.splice(index, 1);
      return { status: 200, body: null };
    }
    return error(404, 'NOT_FOUND', 'This service does not exist');
  }

  const server = await startStandInServer(handle, tls);
  const at = (map: Map<string, StoredRecord[]>, zone: string, subDomain: string) =>
    (map.get(zone) ?? []).filter((r) => r.fieldType === 'TXT' && r.subDomain === subDomain);
  return {
    ...server,
    ca: tls.cert,
    txt: (zone, subDomain) => at(records, zone, subDomain).map((r) => r.target),
    published: (zone, subDomain) => at(published, zone, subDomain).map((r) => r.target),
    ttls: (zone, subDomain) => at(records, zone, subDomain).map((r) => r.ttl),
    addRecord: (zone, record) => {
      records.get(zone)?.push({ id: nextId++, zone, ...record });
    },
    rateLimit: (count, only) => {
      limited = { count, only };
    },
  };
}

/** A throw-away self-signed certificate for 127.0.0.1 (openssl), valid one day. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'certplane-ovh-stand-in-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      '/usr/bin/openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
