import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate } from './helpers/wait.js';

let t: TestApp;
/** Organization B's admin token; organization A is t.token. */
let other: string;
/** A's objects: an app, an IN_USE domain with an ISSUED certificate, and a domain still PENDING_DNS. */
const a = { app: '', domain: '', certificate: '', pendingDomain: '', zone: '', credentials: '' };

beforeAll(async () => {
  t = await startTestApp();
  // Organization B is made as a platform makes tenants: through the operator part of the API.
  const op = await t.operatorToken();
  other = (await gqlOk(t.url, op, 'mutation { createOrganization(name: "other", plan: "unlimited") { token { token } } }')).createOrganization.token.token;
  a.app = (await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }')).createApp.id;
  await t.dns.setRecord(`www.${t.zone}`, 'A', ['127.0.0.1']);
  const add = 'mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h, letsencryptEnabled: false }) { id } }';
  a.domain = (await gqlOk(t.url, t.token, add, { h: `www.${t.zone}` })).addDomain.id;
  a.pendingDomain = (await gqlOk(t.url, t.token, add, { h: `later.${t.zone}` })).addDomain.id;
  const req = await gqlOk(t.url, t.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }', { d: a.domain });
  a.certificate = req.requestCertificate.id;
  a.zone = (await gqlOk(t.url, t.token, 'mutation($z: String!) { importZone(name: $z) { id } }', { z: t.zone })).importZone.id;
  const pdns = inject('pdns');
  a.credentials = (
    await gqlOk(t.url, t.token, 'mutation($u: String!, $k: String!) { setDnsCredentials(input: { provider: "powerdns", settings: [{ name: "api_url", value: $u }, { name: "api_key", value: $k }] }) { id } }', {
      u: pdns.apiUrl,
      k: pdns.apiKey,
    })
  ).setDnsCredentials.id;
  await waitForCertificate(t.url, t.token, a.certificate, ['ISSUED']);
});
afterAll(async () => {
  await t?.stop();
});

const codeOf = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;

describe("another organization's objects", () => {
  const cases: Array<[string, string, () => Record<string, unknown>]> = [
    ['reads the domain', 'query($id: ID!) { domain(id: $id) { id } }', () => ({ id: a.domain })],
    ['reads the certificate', 'query($id: ID!) { certificate(id: $id) { id } }', () => ({ id: a.certificate })],
    ['reads the certificate events', 'query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { id } } }', () => ({ id: a.certificate })],
    ['lists certificates of the domain', 'query($id: ID!) { certificates(domain: $id) { totalCount } }', () => ({ id: a.domain })],
    ['lists domains of the app', 'query($id: String!) { domains(app: $id) { totalCount } }', () => ({ id: a.app })],
    ['adds a domain to the app', 'mutation($id: String!) { addDomain(input: { app: $id, hostname: "x.example.org" }) { id } }', () => ({ id: a.app })],
    ['removes the domain', 'mutation($id: ID!) { removeDomain(id: $id) }', () => ({ id: a.domain })],
    ['requests a certificate for the domain', 'mutation($id: ID!) { requestCertificate(input: { domain: $id }) { id } }', () => ({ id: a.pendingDomain })],
    ['revokes the certificate', 'mutation($id: ID!) { revokeCertificate(id: $id) { id } }', () => ({ id: a.certificate })],
    ['deletes the certificate', 'mutation($id: ID!) { deleteCertificate(id: $id, revoke: true) }', () => ({ id: a.certificate })],
    ['checks the DNS of the domain', 'mutation($id: ID!) { checkDomain(id: $id) { dnsConfigured } }', () => ({ id: a.domain })],
    [
      'imports a custom certificate for the domain',
      'mutation($id: ID!) { importCustomCertificate(input: { domain: $id, certificateChainPem: "x", privateKeyPem: "y" }) { id } }',
      () => ({ id: a.domain }),
    ],
    ['deletes the custom certificate of the domain', 'mutation($id: ID!) { deleteCustomCertificate(domain: $id) }', () => ({ id: a.domain })],
    ['stops ACME for the domain', 'mutation($id: ID!) { deleteAcmeCertificates(domain: $id) { id } }', () => ({ id: a.domain })],
    ['removes the domain, revoking', 'mutation($id: ID!) { removeDomain(id: $id, revoke: true) }', () => ({ id: a.domain })],
    ['reads the zone', 'query($id: ID!) { zone(id: $id) { id } }', () => ({ id: a.zone })],
    ['verifies the zone', 'mutation($id: ID!) { verifyZone(id: $id) { id } }', () => ({ id: a.zone })],
    ['deletes the zone', 'mutation($id: ID!) { deleteZone(id: $id) }', () => ({ id: a.zone })],
    ['deletes the DNS credentials', 'mutation($id: ID!) { deleteDnsCredentials(id: $id) }', () => ({ id: a.credentials })],
  ];
  it.each(cases)('answers NOT_FOUND when B %s of A', async (_what, query, vars) => {
    const res = await gql(t.url, other, query, vars());
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(res.data ?? null).toBeNull();
  });

  it('leaves A untouched after all of B’s attempts', async () => {
    const { domain } = await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { hostname certificate { id status } } }', { id: a.domain });
    expect(domain).toEqual({ hostname: `www.${t.zone}`, certificate: { id: a.certificate, status: 'ISSUED' } });
    const { certificates } = await gqlOk(t.url, t.token, '{ certificates { totalCount } }');
    expect(certificates.totalCount).toBe(1);
    const kept = await gqlOk(t.url, t.token, 'query($id: ID!) { zone(id: $id) { id } dnsCredentials { id } }', { id: a.zone });
    expect(kept).toEqual({ zone: { id: a.zone }, dnsCredentials: [{ id: a.credentials }] });
  });

  it("shows B none of A's domains, certificates or apps", async () => {
    const r = await gqlOk(t.url, other, '{ domains { totalCount edges { node { id } } } certificates { totalCount edges { node { id } } } apps { id } }');
    expect(r).toEqual({ domains: { totalCount: 0, edges: [] }, certificates: { totalCount: 0, edges: [] }, apps: [] });
    const filtered = await gqlOk(t.url, other, 'query($h: String) { domains(hostname: $h) { totalCount } certificates(hostname: $h) { totalCount } }', { h: t.zone });
    expect(filtered).toEqual({ domains: { totalCount: 0 }, certificates: { totalCount: 0 } });
    const log = await gqlOk(t.url, other, 'query($h: String!) { domainEvents(hostname: $h) { totalCount nodes { id } } }', { h: `www.${t.zone}` });
    expect(log).toEqual({ domainEvents: { totalCount: 0, nodes: [] } });
    const rest = await gqlOk(t.url, other, '{ zones { totalCount } dnsCredentials { id } }');
    expect(rest).toEqual({ zones: { totalCount: 0 }, dnsCredentials: [] });
  });

  it('lets B use an app name A already uses, but not a hostname A already has (CONFLICT)', async () => {
    await gqlOk(t.url, other, 'mutation { createApp(name: "shop") { id } }');
    const res = await gql(t.url, other, 'mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h }) { id } }', { h: `WWW.${t.zone}.` });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors?.[0].message).toMatch(/another organization/);
    expect((await gqlOk(t.url, other, '{ domains { totalCount } }')).domains.totalCount).toBe(0);
  });
});

describe('subscriptions across organizations', () => {
  it("deliver A's status changes to A's subscribers only, with or without an id", async () => {
    const domainQ = 'subscription($id: ID) { domainStatusChanged(id: $id) { id status } }';
    const certQ = 'subscription($id: ID) { certificateStatusChanged(id: $id) { id status } }';
    const spies = await Promise.all([
      subscribe(t.url, other, domainQ),
      subscribe(t.url, other, domainQ, { id: a.pendingDomain }),
      subscribe(t.url, other, certQ),
      subscribe(t.url, other, certQ, { id: a.certificate }),
    ]);
    const aDomain = await subscribe<{ domainStatusChanged: { id: string; status: string } }>(t.url, t.token, domainQ, { id: a.pendingDomain });
    const aCert = await subscribe<{ certificateStatusChanged: { id: string; status: string } }>(t.url, t.token, certQ, { id: a.certificate });
    try {
      await t.dns.setRecord(`later.${t.zone}`, 'A', ['127.0.0.1']);
      await gqlOk(t.url, t.token, 'mutation($id: ID!) { revokeCertificate(id: $id) { id } }', { id: a.certificate });
      await aDomain.waitFor((e) => e.domainStatusChanged.status === 'IN_USE', 15_000);
      await aCert.waitFor((e) => e.certificateStatusChanged.status === 'REVOKED', 15_000);
      expect(aDomain.events.map((e) => e.domainStatusChanged.id)).toEqual([a.pendingDomain]);
      // Events fan out from one LISTEN connection: anything meant for B would have arrived by now.
      await new Promise((r) => setTimeout(r, 500));
      for (const [i, s] of spies.entries()) {
        expect(s.events).toEqual([]);
        // B naming A's object by id is told NOT_FOUND, as for any id it does not have; without an id, nothing.
        const codes = JSON.stringify(s.errors).match(/"code":"[A-Z_]+"/g) ?? [];
        expect(codes).toEqual(i % 2 === 1 ? ['"code":"NOT_FOUND"'] : []);
      }
    } finally {
      for (const s of [...spies, aDomain, aCert]) s.close();
    }
  });
});

describe('authentication', () => {
  // A token of our shape that is unknown (or revoked) is told so; anything else is asked for a token.
  const headers: Array<[string, Record<string, string>, RegExp]> = [
    ['no Authorization header', {}, /Bearer/],
    ['an empty bearer', { authorization: 'Bearer ' }, /Bearer/],
    ['a token of the wrong shape', { authorization: 'Bearer not-a-token' }, /Bearer/],
    ['an unknown token', { authorization: 'Bearer cpt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, /^invalid or revoked token$/],
    ['a token with a character outside base64url', { authorization: 'Bearer cpt_abc$def' }, /Bearer/],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, /Bearer/],
  ];
  it.each(headers)('answers UNAUTHENTICATED to %s', async (_what, h, message) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...h },
      body: JSON.stringify({ query: '{ domains { totalCount } }' }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    expect(codeOf(body)).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0].message).toMatch(message);
    expect(body.data ?? null).toBeNull();
  });

  it.each([
    ['an unknown token', { Authorization: 'Bearer cpt_nope' }, 'invalid or revoked token'],
    ['a malformed header', { Authorization: 'cpt_nope' }, 'send an API token: {"Authorization": "Bearer <token>"} in the connection payload'],
    ['no token', {}, 'send an API token: {"Authorization": "Bearer <token>"} in the connection payload'],
  ])('closes a WebSocket whose connection payload holds %s with 4403 and the reason, before any subscription', async (_what, payload, reason) => {
    const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const messages: string[] = [];
    ws.on('message', (m) => messages.push(String(m)));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
    const [code, why] = await new Promise<[number, string]>((resolve, reject) => {
      ws.on('close', (c, r) => resolve([c, String(r)]));
      ws.on('error', reject);
    });
    expect(code).toBe(4403);
    expect(why).toBe(reason);
    expect(messages).toEqual([]);
  });

  it('lets a read-only token query but answers FORBIDDEN to every mutation, changing nothing', async () => {
    const read = (await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "viewer", scopes: ["read"]) { token } }')).createApiToken.token;
    const { domains } = await gqlOk(t.url, read, '{ domains { totalCount } }');
    expect(domains.totalCount).toBe(2);
    const mutations: Array<[string, Record<string, unknown>?]> = [
      ['mutation { createApp(name: "blog") { id } }'],
      ['mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h }) { id } }', { h: `new.${t.zone}` }],
      ['mutation($id: ID!) { removeDomain(id: $id) }', { id: a.pendingDomain }],
      ['mutation($id: ID!) { requestCertificate(input: { domain: $id }) { id } }', { id: a.pendingDomain }],
      ['mutation($id: ID!) { revokeCertificate(id: $id) { id } }', { id: a.certificate }],
      ['mutation($id: ID!) { deleteCertificate(id: $id) }', { id: a.certificate }],
      ['mutation { createApiToken(name: "escalate", scopes: ["admin"]) { token } }'],
    ];
    for (const [query, vars] of mutations) {
      const res = await gql(t.url, read, query, vars);
      expect(codeOf(res), query).toBe('FORBIDDEN');
    }
    const after = await gqlOk(t.url, t.token, '{ domains { totalCount } certificates { totalCount } apps { name } }');
    expect(after).toEqual({ domains: { totalCount: 2 }, certificates: { totalCount: 1 }, apps: [{ name: 'shop' }] });
  });
});
