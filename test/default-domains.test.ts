import { randomBytes, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { renewalRequested } from '../server/src/certificates/lifecycle.js';
import { CertificateRow } from '../server/src/db/entities.js';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { pdnsApi } from './helpers/pdns.js';
import { createTestCa, type TestCa } from './helpers/test-ca.js';
import { verifyIssued } from './helpers/verify.js';
import { waitUntil } from './helpers/wait.js';

/**
 * Default domains and the platform certificate (Scalingo's <app>.osc-fr1.scalingo.io), against the
 * suite's real Pebble and PowerDNS: the platform zone is made in PowerDNS before certplane starts, so
 * the wildcard *.<platform domain> ordered at start is validated through it.
 */

const pdns = inject('pdns');
const platformDomain = `apps-${randomBytes(4).toString('hex')}.test`;
// A plan with the API but no certificate at all: default domains still come.
const plans = [
  { name: 'none', maxCertificates: 0, api: true, wildcard: false, autoRenew: true, manualRenewal: false },
  { name: 'pro', maxCertificates: 25, api: true, wildcard: false, autoRenew: true, manualRenewal: true },
];

let t: TestApp;
let op: string;
let ca: TestCa;
beforeAll(async () => {
  await pdnsApi(pdns.apiUrl, pdns.apiKey).createZone(platformDomain);
  t = await startTestApp({ env: { CERTPLANE_PLATFORM_DOMAIN: platformDomain, CERTPLANE_PLANS: JSON.stringify(plans), CERTPLANE_DEFAULT_PLAN: 'pro' } });
  op = await t.operatorToken();
  ca = createTestCa('Platform Test');
});
afterAll(async () => {
  ca?.remove();
  await t?.stop();
});

const codeOf = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;
const DOMAIN = `id hostname kind status statusMessage letsencryptEnabled primaryCertificate { id hostname source status domain { id hostname } }`;
const createApp = async (token: string, name: string) =>
  (await gqlOk(t.url, token, `mutation($n: String!) { createApp(name: $n) { id name defaultDomain { ${DOMAIN} } } }`, { n: name })).createApp;
const domain = async (token: string, id: string) => (await gqlOk(t.url, token, `query($id: ID!) { domain(id: $id) { ${DOMAIN} } }`, { id })).domain;
const domainEvents = async (token: string, hostname: string) =>
  (await gqlOk(t.url, token, 'query($h: String!) { domainEvents(hostname: $h, first: 100) { nodes { type message } } }', { h: hostname })).domainEvents.nodes as Array<{ type: string; message: string }>;
const platformCertificate = async (fields = 'id status statusReason source serial') => (await gqlOk(t.url, op, `{ platformCertificate { ${fields} } }`)).platformCertificate;

/** The platform certificate, once it serves (certplane ordered it at start). */
async function issuedPlatformCertificate() {
  return waitUntil(async () => {
    const c = await platformCertificate();
    if (c?.status === 'FAILED') throw new Error(`the platform certificate failed: ${c.statusReason}`);
    return c?.status === 'ISSUED' && c;
  }, 60_000, 'the platform certificate');
}

describe('default domains', () => {
  it('gives a new app <app>.<platform domain> at once, IN_USE, served by the platform wildcard issued through Pebble', async () => {
    const app = await createApp(t.token, 'web');
    const host = `web.${platformDomain}`;
    expect(app.defaultDomain).toMatchObject({ hostname: host, kind: 'DEFAULT', status: 'IN_USE', letsencryptEnabled: false });

    const platform = await issuedPlatformCertificate();
    const served = await waitUntil(async () => {
      const d = await domain(t.token, app.defaultDomain.id);
      return d.primaryCertificate?.id === platform.id && d;
    }, 30_000, 'the default domain to serve the platform certificate');
    expect(served).toMatchObject({ status: 'IN_USE', statusMessage: null });
    // Reached through the default domain, the platform certificate answers that domain, never the platform's own.
    expect(served.primaryCertificate).toMatchObject({ hostname: `*.${platformDomain}`, source: 'ACME', status: 'ISSUED', domain: { id: app.defaultDomain.id, hostname: host } });

    const full = await platformCertificate('certificatePem privateKeyPem domain { hostname kind }');
    expect(full.domain).toEqual({ hostname: `*.${platformDomain}`, kind: 'PLATFORM' });
    const leaf = await verifyIssued(full.certificatePem, [`*.${platformDomain}`], full.privateKeyPem);
    // It covers the default domain (checkHost answers the name that matched).
    expect(leaf.checkHost(host)).toBe(`*.${platformDomain}`);
    expect(leaf.checkHost(`a.b.${platformDomain}`)).toBeUndefined();

    // An app made once the certificate serves has it from its first answer.
    const later = await createApp(t.token, 'later');
    expect(later.defaultDomain.primaryCertificate?.id).toBe(platform.id);
    const log = await domainEvents(t.token, `later.${platformDomain}`);
    expect(log.map((e) => e.type)).toContain('primary_changed');
  });

  it('counts the platform certificate against no plan: an organization allowed no certificate still gets its default domain', async () => {
    const platform = await issuedPlatformCertificate();
    const none = await t.newOrganization('no-certificates', ['admin'], 'none');
    const app = await createApp(none.token, 'frugal');
    expect(app.defaultDomain).toMatchObject({ status: 'IN_USE', primaryCertificate: { id: platform.id } });
    const { certificates } = await gqlOk(t.url, none.token, '{ certificates { totalCount nodes { id } limits { plan max current } } }');
    expect(certificates).toEqual({ totalCount: 0, nodes: [], limits: { plan: 'none', max: 0, current: 0 } });
    // A custom domain of its own would need a certificate the plan refuses.
    const custom = await gql(t.url, none.token, 'mutation($h: String!) { addDomain(input: { app: "frugal", hostname: $h }) { id } }', { h: `www.${t.zone}` });
    expect(custom.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LIMIT_REACHED' });
  });

  it('renames the default domain with its app (same domain, still served), logged under both names', async () => {
    const app = await createApp(t.token, 'before');
    const renamed = (await gqlOk(t.url, t.token, `mutation($id: ID!) { renameApp(id: $id, name: "after") { name defaultDomain { ${DOMAIN} } } }`, { id: app.id })).renameApp;
    expect(renamed).toMatchObject({ name: 'after', defaultDomain: { id: app.defaultDomain.id, hostname: `after.${platformDomain}`, kind: 'DEFAULT', status: 'IN_USE' } });
    expect(renamed.defaultDomain.primaryCertificate?.id).toBe(app.defaultDomain.primaryCertificate?.id);
    expect((await domainEvents(t.token, `before.${platformDomain}`)).map((e) => e.message)).toContainEqual(expect.stringContaining(`renamed to after.${platformDomain}`));
    expect((await domainEvents(t.token, `after.${platformDomain}`)).map((e) => e.message)).toContainEqual(expect.stringContaining(`renamed from before.${platformDomain}`));
    // A name another app holds on the platform is refused: default domains are unique.
    const other = await t.newOrganization('other-renamer');
    await createApp(other.token, 'elsewhere');
    const taken = await gql(t.url, other.token, 'mutation { renameApp(id: "elsewhere", name: "after") { name } }');
    expect(codeOf(taken)).toBe('CONFLICT');
    expect(taken.errors?.[0].message).toContain(`after.${platformDomain}`);
  });

  it('refuses to remove a default domain or give it certificates of its own (CONFLICT); deleting the app removes it', async () => {
    const app = await createApp(t.token, 'doomed');
    const id = app.defaultDomain.id;
    for (const q of [
      'mutation($id: ID!) { removeDomain(id: $id) }',
      'mutation($id: ID!) { requestCertificate(input: { domain: $id }) { id } }',
      'mutation($id: ID!) { updateDomain(id: $id, input: { letsencryptEnabled: true }) { id } }',
      'mutation($id: ID!) { importCustomCertificate(input: { domain: $id, certificateChainPem: "x", privateKeyPem: "y" }) { id } }',
    ]) {
      const r = await gql(t.url, t.token, q, { id });
      expect(codeOf(r), q).toBe('CONFLICT');
      expect(r.errors?.[0].message).toContain('default domain');
    }
    expect((await domain(t.token, id)).status).toBe('IN_USE');
    expect((await gqlOk(t.url, t.token, 'mutation { deleteApp(id: "doomed") }')).deleteApp).toBe(true);
    expect(codeOf(await gql(t.url, t.token, 'query($id: ID!) { domain(id: $id) { id } }', { id }))).toBe('NOT_FOUND');
    // The name is free again on the platform.
    expect((await createApp(t.token, 'doomed')).defaultDomain.hostname).toBe(`doomed.${platformDomain}`);
  });

  it('reserves names under the platform domain: no organization adds them (BAD_USER_INPUT), and an app name is taken platform-wide (CONFLICT)', async () => {
    const other = await t.newOrganization('squatter');
    await createApp(other.token, 'mine');
    for (const h of [`web.${platformDomain}`, `x.${platformDomain}`, `*.${platformDomain}`, platformDomain]) {
      const r = await gql(t.url, other.token, 'mutation($h: String!) { addDomain(input: { app: "mine", hostname: $h }) { id } }', { h });
      expect(codeOf(r), h).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].extensions).toMatchObject({ field: 'hostname' });
      expect(r.errors?.[0].message).toContain('reserved by the platform');
    }
    expect(codeOf(await gql(t.url, other.token, 'mutation($n: String!) { importZone(name: $n) { id } }', { n: platformDomain }))).toBe('BAD_USER_INPUT');
    const taken = await gql(t.url, other.token, 'mutation { createApp(name: "web") { id } }');
    expect(codeOf(taken)).toBe('CONFLICT');
    expect(taken.errors?.[0].message).toContain(`web.${platformDomain}`);
    expect((await gqlOk(t.url, other.token, '{ apps { name } }')).apps).toEqual([{ name: 'mine' }]);
    // A name that is no hostname label cannot be an app's here.
    expect(codeOf(await gql(t.url, other.token, 'mutation { createApp(name: "dash-") { id } }'))).toBe('BAD_USER_INPUT');
  });
});

describe('the platform certificate belongs to the operator', () => {
  it("is no organization's: its private key is FORBIDDEN, and it is in no list, query, log or subscription of theirs", async () => {
    const platform = await issuedPlatformCertificate();
    const keys = await t.newOrganization('key-reader', ['read', 'write', 'certificates:read_private_key']);
    const app = await createApp(keys.token, 'keyed');
    const read = await gql(t.url, keys.token, 'query($id: ID!) { domain(id: $id) { primaryCertificate { id certificatePem privateKeyPem } } }', { id: app.defaultDomain.id });
    expect(codeOf(read)).toBe('FORBIDDEN');
    expect(read.data?.domain.primaryCertificate).toMatchObject({ id: platform.id, privateKeyPem: null });
    expect(read.data?.domain.primaryCertificate.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(JSON.stringify(read)).not.toContain('PRIVATE KEY');
    // Nor through the domain it was reached by: that is the organization's default domain, whose certificates are its own (none).
    const around = await gqlOk(t.url, keys.token, 'query($id: ID!) { domain(id: $id) { certificates { id } primaryCertificate { domain { kind certificates { id } app { name } } } } }', { id: app.defaultDomain.id });
    expect(around.domain).toEqual({ certificates: [], primaryCertificate: { domain: { kind: 'DEFAULT', certificates: [], app: { name: 'keyed' } } } });

    // The platform's own domain is out of reach too.
    const platformDomainId = (await platformCertificate('domain { id }')).domain.id;
    for (const q of ['query($id: ID!) { domain(id: $id) { id } }', 'query($id: ID!) { certificates(domain: $id) { totalCount } }', 'mutation($id: ID!) { removeDomain(id: $id) }']) {
      expect(codeOf(await gql(t.url, keys.token, q, { id: platformDomainId })), q).toBe('NOT_FOUND');
    }
    for (const q of [
      'query($id: ID!) { certificate(id: $id) { id privateKeyPem } }',
      'query($id: ID!) { certificateEvents(id: $id) { nodes { message } } }',
      'mutation($id: ID!) { renewCertificate(id: $id) { id } }',
      'mutation($id: ID!) { revokeCertificate(id: $id) { id } }',
      'mutation($id: ID!) { deleteCertificate(id: $id) }',
      'mutation($id: ID!) { updateCertificate(id: $id, input: { autoRenew: false }) { id } }',
    ]) {
      const r = await gql(t.url, keys.token, q, { id: platform.id });
      expect(codeOf(r), q).toBe('NOT_FOUND');
    }
    const { certificates } = await gqlOk(t.url, keys.token, '{ certificates { totalCount nodes { id } } }');
    expect(certificates).toEqual({ totalCount: 0, nodes: [] });
    const sub = await subscribe(t.url, keys.token, 'subscription($id: ID) { certificateStatusChanged(id: $id) { id } }', { id: platform.id });
    await waitUntil(async () => sub.errors.length > 0, 5000, 'the subscription to be refused');
    expect(JSON.stringify(sub.errors)).toContain('NOT_FOUND');
    sub.close();
    // The operator's list of organizations does not show the platform's own.
    const { organizations } = await gqlOk(t.url, op, '{ organizations { name } }');
    expect(organizations.map((o: { name: string }) => o.name)).not.toContain('platform');
    // And an organization token reaches no operator field.
    expect(codeOf(await gql(t.url, t.token, '{ platformCertificate { id } }'))).toBe('FORBIDDEN');
  });

  it('renewed (same row, new serial), it keeps serving every default domain with nothing else changing', async () => {
    const platform = await issuedPlatformCertificate();
    const app = await createApp(t.token, 'steady');
    const before = (await domainEvents(t.token, `steady.${platformDomain}`)).length;
    await t.app.ctx.db.transaction(async (m) => {
      const cert = await m.getRepository(CertificateRow).findOneByOrFail({ id: platform.id });
      await renewalRequested(m, cert, new Date(), t.app.ctx.config.acme.directoryUrl);
    });
    const renewed = await waitUntil(async () => {
      const c = await platformCertificate('id status serial orderInFlight');
      return c.serial !== platform.serial && !c.orderInFlight && c;
    }, 60_000, 'the renewal');
    expect(renewed).toMatchObject({ id: platform.id, status: 'ISSUED' });
    expect((await domain(t.token, app.defaultDomain.id)).primaryCertificate).toMatchObject({ id: platform.id, status: 'ISSUED' });
    expect((await domainEvents(t.token, `steady.${platformDomain}`)).length).toBe(before);
  });

  it('imported by the operator from another CA, it serves every default domain at once; the ACME one stands by', async () => {
    const acme = await issuedPlatformCertificate();
    const app = await createApp(t.token, 'imported');
    const leaf = ca.leaf([`*.${platformDomain}`]);
    const chain = leaf.pem + ca.intermediate.pem;
    const IMPORT = 'mutation($c: String!, $k: String!) { importPlatformCertificate(certificateChainPem: $c, privateKeyPem: $k) { id source status hostname } }';

    expect(codeOf(await gql(t.url, t.token, IMPORT, { c: chain, k: leaf.keyPem }))).toBe('FORBIDDEN');
    const wrong = ca.leaf([`*.elsewhere-${platformDomain}`]);
    const refused = await gql(t.url, op, IMPORT, { c: wrong.pem + ca.intermediate.pem, k: wrong.keyPem });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'certificateChainPem' });

    const imported = (await gqlOk(t.url, op, IMPORT, { c: chain, k: leaf.keyPem })).importPlatformCertificate;
    expect(imported).toMatchObject({ source: 'CUSTOM', status: 'ISSUED', hostname: `*.${platformDomain}` });
    expect(imported.id).not.toBe(acme.id);
    expect((await platformCertificate()).id).toBe(imported.id);
    for (const name of ['web', 'imported', 'after']) {
      const { apps } = await gqlOk(t.url, t.token, `{ apps { name defaultDomain { hostname primaryCertificate { id source } } } }`);
      const d = apps.find((a: { name: string }) => a.name === name).defaultDomain;
      expect(d.primaryCertificate, name).toEqual({ id: imported.id, source: 'CUSTOM' });
    }
    expect((await domainEvents(t.token, `imported.${platformDomain}`)).at(-1)?.message).toContain(`now serves imported.${platformDomain}`);
    // What an edge serves for a default domain is that certificate.
    const served = await gqlOk(t.url, op, '{ platformCertificate { certificatePem privateKeyPem } }');
    expect(new X509Certificate(served.platformCertificate.certificatePem).fingerprint256).toBe(new X509Certificate(leaf.pem).fingerprint256);
    expect(served.platformCertificate.privateKeyPem).toContain('PRIVATE KEY');
    // No organization reads the imported key either.
    const keys = await t.newOrganization('key-reader-2', ['admin', 'certificates:read_private_key']);
    const mine = await createApp(keys.token, 'mine2');
    expect(mine.defaultDomain.primaryCertificate).toMatchObject({ id: imported.id, source: 'CUSTOM' });
    const r = await gql(t.url, keys.token, 'query($id: ID!) { domain(id: $id) { primaryCertificate { privateKeyPem } } }', { id: mine.defaultDomain.id });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
  });
});

describe('CERTPLANE_PLATFORM_DOMAIN set on an installation that has apps', () => {
  it('gives every app its default domain at start (skipping a name a custom domain holds), and a restart orders nothing more', async () => {
    const later = `late-${randomBytes(4).toString('hex')}.test`;
    await pdnsApi(pdns.apiUrl, pdns.apiKey).createZone(later);
    const before = await startTestApp();
    let after: TestApp | undefined;
    try {
      for (const name of ['legacy', 'clash']) await gqlOk(before.url, before.token, 'mutation($n: String!) { createApp(name: $n) { id } }', { n: name });
      await gqlOk(before.url, before.token, 'mutation($h: String!) { addDomain(input: { app: "legacy", hostname: $h, letsencryptEnabled: false }) { id } }', { h: `clash.${later}` });
      await before.stop();

      after = await startTestApp({ databaseUrl: before.env.DATABASE_URL, env: { ...before.env, CERTPLANE_PLATFORM_DOMAIN: later } });
      const apps = async (a: TestApp) =>
        (await gqlOk(a.url, before.token, `{ apps { name defaultDomain { hostname kind status primaryCertificate { id hostname } } } }`)).apps as Array<{ name: string; defaultDomain: any }>;
      expect((await apps(after)).find((a) => a.name === 'clash')?.defaultDomain).toBeNull();
      const served = await waitUntil(async () => {
        const legacy = (await apps(after!)).find((a) => a.name === 'legacy')!.defaultDomain;
        return legacy?.primaryCertificate && legacy;
      }, 60_000, 'the default domain of an existing app to be served');
      expect(served).toMatchObject({ hostname: `legacy.${later}`, kind: 'DEFAULT', status: 'IN_USE', primaryCertificate: { hostname: `*.${later}` } });
      const count = async (a: TestApp) => (await a.app.ctx.db.query(`select count(*)::int as n from certificates c join domains d on d.id = c.domain_id where d.kind = 'PLATFORM'`))[0].n;
      expect(await count(after)).toBe(1);
      // Renamed, the app whose name was taken gets its default domain.
      const renamed = await gqlOk(after.url, before.token, 'mutation { renameApp(id: "clash", name: "clash-two") { defaultDomain { hostname status } } }');
      expect(renamed.renameApp.defaultDomain).toEqual({ hostname: `clash-two.${later}`, status: 'IN_USE' });
      await after.stop();

      after = await startTestApp({ databaseUrl: before.env.DATABASE_URL, env: { ...before.env, CERTPLANE_PLATFORM_DOMAIN: later } });
      expect(await count(after)).toBe(1);
      expect((await apps(after)).find((a) => a.name === 'legacy')?.defaultDomain.primaryCertificate.id).toBe(served.primaryCertificate.id);
    } finally {
      await after?.stop();
    }
  });
});
