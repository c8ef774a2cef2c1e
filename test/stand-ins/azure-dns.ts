import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStandInServer, type SeenRequest, type StandInAnswer, type StandInServer } from './http-stand-in.js';

/**
 * A stand-in for the Azure calls the azure provider makes, on one HTTPS server with a self-signed
 * certificate (the SDK sends bearer tokens over https only):
 * - Microsoft identity platform, OAuth 2.0 client credentials: POST /{tenant}/oauth2/v2.0/token
 *   (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow), errors
 *   `{"error": "invalid_client", "error_description": "AADSTS7000215: ...", "error_codes": [...]}`.
 * - Azure DNS REST API 2018-05-01 (https://learn.microsoft.com/rest/api/dns/): zones of the subscription or
 *   of a resource group (paginated with `nextLink`), and the TXT record set
 *   .../dnsZones/{zone}/TXT/{relativeName} (`@` for the apex): GET, PUT (201 new, 200 replaced), DELETE
 *   (200, or 204 when there was none). ARM errors as `{"error": {"code", "message"}}`: 401
 *   InvalidAuthenticationToken, 403 AuthorizationFailed, 404 SubscriptionNotFound / ResourceGroupNotFound /
 *   ParentResourceNotFound / NotFound, 429 with Retry-After.
 */
export interface AzureDnsStandIn extends StandInServer {
  /** PEM of the server's self-signed certificate, to trust (the SDK's `tlsOptions.ca`). */
  ca: string;
  /** A fetch that trusts `ca` (Node 20's fetch cannot be given a CA without undici), for the token requests. */
  fetch: typeof fetch;
  tenantId: string;
  subscriptionId: string;
  /** An app registration with the DNS Zone Contributor role on every zone. */
  clientId: string;
  clientSecret: string;
  /** An app registration with no role on the zones (ARM answers 403 AuthorizationFailed), and its secret. */
  unauthorizedClientId: string;
  unauthorizedClientSecret: string;
  /** Token requests answered so far. */
  tokenRequests(): number;
  addZone(name: string, resourceGroup: string): void;
  /** TXT values at `relativeName` of `zone` (each joined from its strings), with the set's TTL; null when there is no set. */
  txt(zone: string, relativeName: string): { values: string[]; ttl: number } | null;
  /** The next request is answered with this instead. */
  failNext(answer: StandInAnswer): void;
}

interface RecordSet {
  ttl: number;
  values: string[][];
  etag: string;
}

/** `opts.pageSize`: zones per page of a zone list; `opts.tokenLifetimeS`: expires_in of issued tokens (default 3599). */
export async function startAzureDnsStandIn(opts: { pageSize?: number; tokenLifetimeS?: number } = {}): Promise<AzureDnsStandIn> {
  const pageSize = opts.pageSize ?? 2;
  const { cert, key } = selfSignedCertificate();
  const tenantId = randomUUID();
  const subscriptionId = randomUUID();
  const apps = new Map<string, { secret: string; authorized: boolean }>([
    [randomUUID(), { secret: `secret~${randomBytes(12).toString('hex')}`, authorized: true }],
    [randomUUID(), { secret: `secret~${randomBytes(12).toString('hex')}`, authorized: false }],
  ]);
  const [[clientId, app], [unauthorizedClientId, unauthorizedApp]] = [...apps.entries()];
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const zones: Array<{ name: string; rg: string }> = [];
  const sets = new Map<string, RecordSet>();
  const failures: StandInAnswer[] = [];
  let tokenRequests = 0;
  let base = '';

  const armError = (status: number, code: string, message: string, headers?: Record<string, string>): StandInAnswer => ({
    status,
    headers: { 'x-ms-request-id': randomUUID(), ...headers },
    body: { error: { code, message } },
  });
  const aadError = (status: number, error: string, code: number, text: string): StandInAnswer => ({
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `${base}/error?code=${code}`,
    },
  });

  function token(seen: SeenRequest, tenant: string): StandInAnswer {
    tokenRequests++;
    const form = new URLSearchParams(seen.body);
    if (tenant !== tenantId) return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    if (form.get('grant_type') !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const client = apps.get(form.get('client_id') ?? '');
    if (!client) {
      return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found in the directory '${tenantId}'.`);
    }
    if (form.get('client_secret') !== client.secret) {
      return aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${form.get('client_id')}'.`);
    }
    if (!/^https:\/\/\S+\/\.default$/.test(form.get('scope') ?? '')) return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${form.get('scope')} is not valid.`);
    const expiresIn = opts.tokenLifetimeS ?? 3599;
    const accessToken = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, { clientId: form.get('client_id')!, expiresAt: Date.now() + expiresIn * 1000 });
    return { status: 200, body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken } };
  }

  const zoneBody = (z: { name: string; rg: string }) => ({
    id: `/subscriptions/${subscriptionId}/resourceGroups/${z.rg}/providers/Microsoft.Network/dnszones/${z.name}`,
    name: z.name,
    type: 'Microsoft.Network/dnszones',
    etag: '00000002-0000-0000-76c2-f7ad90b5d101',
    location: 'global',
    tags: {},
    properties: { maxNumberOfRecordSets: 10000, numberOfRecordSets: 2, nameServers: ['ns1-01.azure-dns.com.', 'ns2-01.azure-dns.net.'], zoneType: 'Public' },
  });
  const setBody = (z: { name: string; rg: string }, rel: string, s: RecordSet) => ({
    id: `/subscriptions/${subscriptionId}/resourceGroups/${z.rg}/providers/Microsoft.Network/dnszones/${z.name}/TXT/${rel}`,
    name: rel,
    type: 'Microsoft.Network/dnszones/TXT',
    etag: s.etag,
    properties: { metadata: {}, TTL: s.ttl, fqdn: `${rel === '@' ? '' : `${rel}.`}${z.name}.`, provisioningState: 'Succeeded', TXTRecords: s.values.map((value) => ({ value })) },
  });

  function zonePage(list: Array<{ name: string; rg: string }>, url: URL): StandInAnswer {
    const skip = Number(url.searchParams.get('$skipToken') ?? 0);
    const top = Math.min(Number(url.searchParams.get('$top') ?? 100), pageSize);
    const next = skip + top < list.length ? new URL(url.pathname, base) : null;
    if (next) {
      next.searchParams.set('api-version', url.searchParams.get('api-version')!);
      next.searchParams.set('$skipToken', String(skip + top));
    }
    return { status: 200, body: { value: list.slice(skip, skip + top).map(zoneBody), ...(next ? { nextLink: next.toString() } : {}) } };
  }

  function arm(seen: SeenRequest, url: URL): StandInAnswer {
    const auth = seen.headers.authorization ?? '';
    const issued = tokens.get(auth.replace(/^Bearer /, ''));
    if (!auth.startsWith('Bearer ') || !issued || issued.expiresAt < Date.now()) {
      return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
        'WWW-Authenticate': `Bearer authorization_uri="${base}/${tenantId}", error="invalid_token", error_description="The access token is invalid."`,
      });
    }
    if (!url.searchParams.get('api-version')) return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    const m = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?\/providers\/microsoft\.network\/dnszones(?:\/([^/]+)\/txt\/([^/]+))?$/i.exec(url.pathname);
    if (!m) return armError(404, 'InvalidResourceType', `The resource type could not be found in the namespace 'Microsoft.Network' for api version '${url.searchParams.get('api-version')}'.`);
    const [, sub, rg, zoneName, rel] = m;
    if (sub !== subscriptionId) return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
    if (!apps.get(issued.clientId)!.authorized) {
      const action = seen.method === 'GET' ? 'read' : seen.method === 'DELETE' ? 'delete' : 'write';
      return armError(
        403,
        'AuthorizationFailed',
        `The client '${issued.clientId}' with object id '${issued.clientId}' does not have authorization to perform action 'Microsoft.Network/dnszones/${zoneName ? 'TXT/' : ''}${action}' over scope '${url.pathname}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    const inRg = (z: { rg: string }) => !rg || z.rg.toLowerCase() === rg.toLowerCase();
    if (rg && !zones.some(inRg)) return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    if (!zoneName) return seen.method === 'GET' ? zonePage(zones.filter(inRg), url) : armError(405, 'MethodNotAllowed', 'The requested method is not allowed.');
    const zone = zones.find((z) => inRg(z) && z.name === zoneName.toLowerCase());
    if (!zone) {
      return armError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${zoneName}' not found.`);
    }
    const key = `${zone.rg}/${zone.name}/${rel.toLowerCase()}`;
    const set = sets.get(key);
    if (seen.method === 'GET') {
      if (!set) return armError(404, 'NotFound', `The resource record '${rel}' does not exist in resource group '${zone.rg}' of subscription '${subscriptionId}'.`);
      return { status: 200, body: setBody(zone, rel, set) };
    }
    if (seen.method === 'PUT') {
      const body = JSON.parse(seen.body || '{}') as { properties?: { TTL?: number; TXTRecords?: Array<{ value?: string[] }> } };
      const values = (body.properties?.TXTRecords ?? []).map((t) => t.value ?? []);
      if (values.some((v) => v.length === 0 || v.some((s) => s.length > 255))) {
        return armError(400, 'BadRequest', 'A TXT record must have between 1 and 255 characters in each string.');
      }
      const next: RecordSet = { ttl: body.properties?.TTL ?? 3600, values, etag: randomUUID() };
      sets.set(key, next);
      return { status: set ? 200 : 201, body: setBody(zone, rel, next) };
    }
    if (seen.method === 'DELETE') {
      sets.delete(key);
      return { status: set ? 200 : 204 };
    }
    return armError(405, 'MethodNotAllowed', 'The requested method is not allowed.');
  }

  function handle(seen: SeenRequest): StandInAnswer {
    const failure = failures.shift();
    if (failure) return failure;
    const url = new URL(seen.url, base);
    const t = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (t && seen.method === 'POST') return token(seen, t[1]);
    return arm(seen, url);
  }

  const server = await startStandInServer(handle, { cert, key });
  base = server.url;
  return {
    ...server,
    ca: cert,
    fetch: fetchTrusting(cert),
    tenantId,
    subscriptionId,
    clientId,
    clientSecret: app.secret,
    unauthorizedClientId,
    unauthorizedClientSecret: unauthorizedApp.secret,
    tokenRequests: () => tokenRequests,
    addZone: (name, resourceGroup) => void zones.push({ name, rg: resourceGroup }),
    txt(zone, rel) {
      const z = zones.find((x) => x.name === zone);
      const set = z && sets.get(`${z.rg}/${zone}/${rel.toLowerCase()}`);
      return set ? { values: set.values.map((v) => v.join('')), ttl: set.ttl } : null;
    },
    failNext: (a) => void failures.push(a),
  };
}

/** ARM's answer when a subscription's request limit is reached: 429 with Retry-After (seconds). */
export const azureThrottled = (retryAfterSeconds: number): StandInAnswer => ({
  status: 429,
  headers: { 'Retry-After': String(retryAfterSeconds), 'x-ms-ratelimit-remaining-subscription-reads': '0' },
  body: {
    error: {
      code: 'SubscriptionRequestsThrottled',
      message: `Number of 'read' requests for subscription actor exceeded. Please try again after '${retryAfterSeconds}' seconds after the last request.`,
    },
  },
});

/** A certificate for 127.0.0.1, valid for a day, made with openssl. */
function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'azure-dns-stand-in-'));
  try {
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', keyFile, '-out', certFile],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** fetch over node:https trusting `ca`: enough for form posts and JSON answers. */
function fetchTrusting(ca: string): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input);
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = https.request(url, { method: init?.method ?? 'GET', headers, ca, signal: init?.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 500;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers: out }));
        });
      });
      // As fetch does: a TypeError whose cause is the system error.
      req.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
      req.end(init?.body == null ? undefined : String(init.body));
    });
}
