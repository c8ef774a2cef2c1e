import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpirySweepTask } from '../server/src/jobs/tasks/expiry-sweep.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { createTestCa, type TestCa } from './helpers/test-ca.js';
import { pebbleManagement } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * Custom certificates (Fly's certificates API, Scalingo's "Not used") against the suite's real Pebble
 * and PowerDNS: imported beside ACME ones, served before them, the ACME one falling back in; ownership
 * proven by the TXT record; a hostname claimed across organizations; ACME stopped for a hostname.
 */

let t: TestApp;
let ca: TestCa;
beforeAll(async () => {
  t = await startTestApp();
  ca = createTestCa();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
});
afterAll(async () => {
  ca?.remove();
  await t?.stop();
});

const DOMAIN_FIELDS = `id hostname status statusMessage ownershipVerifiedAt
  primaryCertificate { id source status serial }
  certificates { id source status keyType }
  dnsRequirements { ownership { name appValue orgValue } acmeChallenge { name target } }`;

async function addDomain(host: string, opts: { pointing: boolean; letsencrypt: boolean; token?: string; app?: string }) {
  if (opts.pointing) await t.dns.setRecord(host, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(
    t.url,
    opts.token ?? t.token,
    `mutation($h: String!, $le: Boolean!, $app: String!) { addDomain(input: { app: $app, hostname: $h, letsencryptEnabled: $le }) { ${DOMAIN_FIELDS} } }`,
    { h: host, le: opts.letsencrypt, app: opts.app ?? 'shop' },
  );
  return addDomain;
}

const domain = async (id: string, token = t.token) => (await gqlOk(t.url, token, `query($id: ID!) { domain(id: $id) { ${DOMAIN_FIELDS} } }`, { id })).domain;
const events = async (id: string) =>
  (await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message } } }`, { id })).certificateEvents.nodes as Array<{ type: string; message: string }>;
const domainEvents = async (hostname: string, token = t.token) =>
  (await gqlOk(t.url, token, `query($h: String!) { domainEvents(hostname: $h) { nodes { type message } } }`, { h: hostname })).domainEvents.nodes as Array<{ type: string; message: string }>;

const IMPORT = `mutation($d: ID!, $c: String!, $k: String!) {
  importCustomCertificate(input: { domain: $d, certificateChainPem: $c, privateKeyPem: $k }) {
    id source status keyType serial issuer fingerprint notBefore expiresAt sans autoRenew daysLeft } }`;

async function acmeIssued(domainId: string) {
  const d = await waitUntil(async () => {
    const x = await domain(domainId);
    return x.certificates.find((c: { source: string; status: string }) => c.source === 'ACME' && c.status === 'ISSUED') ? x : null;
  }, 60_000, 'the ACME certificate');
  return d.certificates.find((c: { source: string }) => c.source === 'ACME').id as string;
}

describe('a custom certificate beside the ACME one', () => {
  it('serves first (NOT_USED), and the ACME certificate falls back in when it is deleted, with events', async () => {
    const host = `shop.${t.zone}`;
    const d = await addDomain(host, { pointing: true, letsencrypt: true });
    const acmeId = await acmeIssued(d.id);
    expect((await domain(d.id)).status).toBe('IN_USE');

    const leaf = ca.leaf([host, `www.${host}`]);
    // Chain given out of order, with the root, CRLF line endings and text around the blocks.
    const chain = `subject=${host}\r\n${ca.intermediate.pem}${ca.root.pem}${leaf.pem}`.replace(/\n/g, '\r\n');
    const { importCustomCertificate: custom } = await gqlOk(t.url, t.token, IMPORT, { d: d.id, c: chain, k: leaf.keyPem });
    expect(custom).toMatchObject({ source: 'CUSTOM', status: 'ISSUED', keyType: 'ECDSA_P256', issuer: 'Certplane Test Intermediate', sans: [`www.${host}`], autoRenew: false });
    expect(custom.daysLeft).toBeGreaterThanOrEqual(89);

    const served = await domain(d.id);
    expect(served.status).toBe('NOT_USED');
    expect(served.statusMessage).toMatch(/ACME certificate stands by/);
    expect(served.primaryCertificate).toMatchObject({ id: custom.id, source: 'CUSTOM' });
    expect(served.certificates.map((c: { source: string }) => c.source).sort()).toEqual(['ACME', 'CUSTOM']);

    // The stored chain: leaf first, then the intermediate; the root left out.
    const { certificate } = await gqlOk(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { certificatePem } }', { id: custom.id });
    expect(certificate.certificatePem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(certificate.certificatePem).not.toContain('\r');

    await gqlOk(t.url, t.token, 'mutation($d: ID!) { deleteCustomCertificate(domain: $d) }', { d: d.id });
    const back = await domain(d.id);
    expect(back).toMatchObject({ status: 'IN_USE', primaryCertificate: { id: acmeId, source: 'ACME' } });
    expect((await events(acmeId)).map((e) => e.type)).toContain('now_serving');
    const log = (await domainEvents(host)).filter((e) => e.type === 'primary_changed').map((e) => e.message);
    expect(log).toHaveLength(3); // the ACME one, the custom one, the ACME one again
    expect(log[2]).toMatch(/acme certificate .* now serves/);

    const again = await gql(t.url, t.token, 'mutation($d: ID!) { deleteCustomCertificate(domain: $d) }', { d: d.id });
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('falls back to the ACME certificate when the custom one expires, after warnings at 30, 14, 7 and 1 days', async () => {
    const host = `exp.${t.zone}`;
    const d = await addDomain(host, { pointing: true, letsencrypt: true });
    const acmeId = await acmeIssued(d.id);
    const leaf = ca.leaf([host], { days: 40 });
    const { importCustomCertificate: custom } = await gqlOk(t.url, t.token, IMPORT, { d: d.id, c: leaf.pem + ca.intermediate.pem, k: leaf.keyPem });
    const expires = new Date(custom.expiresAt).getTime();
    const sweepAt = (ms: number) => createExpirySweepTask({ ...t.app.ctx, now: () => new Date(ms) })({}, {} as never);
    const day = 86_400_000;
    for (const left of [35, 29, 28, 13.5, 6, 0.5, 0.25]) await sweepAt(expires - left * day);
    const warnings = (await events(custom.id)).filter((e) => e.type === 'expiry_warning').map((e) => e.message);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/expires in 29 day/);
    expect(warnings[3]).toMatch(/expires in 1 day.*import a renewed one/);

    await sweepAt(expires + 1000);
    const after = await domain(d.id);
    expect(after.status).toBe('IN_USE');
    expect(after.primaryCertificate).toMatchObject({ id: acmeId, source: 'ACME' });
    expect(after.certificates.find((c: { id: string }) => c.id === custom.id).status).toBe('EXPIRED');
    expect((await events(acmeId)).at(-1)!.type).toBe('now_serving');
  });

  it('holds an ACME certificate of each key family, and refuses a third', async () => {
    const host = `two.${t.zone}`;
    const d = await addDomain(host, { pointing: true, letsencrypt: true });
    await acmeIssued(d.id);
    const { requestCertificate } = await gqlOk(t.url, t.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }', { d: d.id });
    await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED'], '', 60_000);
    const third = await gql(t.url, t.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: RSA_4096 }) { id } }', { d: d.id });
    expect(third.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(third.errors?.[0].message).toMatch(/one RSA and one ECDSA/);
    const both = await domain(d.id);
    expect(both.certificates.map((c: { keyType: string }) => c.keyType).sort()).toEqual(['ECDSA_P256', 'RSA_2048']);
  });

  it('refuses what does not validate with BAD_USER_INPUT naming the field, storing nothing', async () => {
    const host = `bad.${t.zone}`;
    const d = await addDomain(host, { pointing: false, letsencrypt: false });
    const leaf = ca.leaf([host]);
    const other = ca.leaf([`other.${t.zone}`]);
    const cases: Array<[string, string, string, RegExp]> = [
      ['not PEM', 'hello', leaf.keyPem, /certificateChainPem/],
      ['a key that does not match', leaf.pem, other.keyPem, /privateKeyPem/],
      ['a hostname not covered', other.pem, other.keyPem, /certificateChainPem/],
    ];
    for (const [what, c, k, field] of cases) {
      const r = await gql(t.url, t.token, IMPORT, { d: d.id, c, k });
      expect(r.errors?.[0].extensions?.code, what).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].extensions?.field, what).toMatch(field);
    }
    expect((await domain(d.id)).certificates).toEqual([]);
  });
});

describe('hostname ownership', () => {
  it('keeps a custom certificate PENDING_OWNERSHIP until the ownership TXT is on the authoritative servers', async () => {
    const host = `own.${t.zone}`;
    const d = await addDomain(host, { pointing: false, letsencrypt: false });
    expect(d.dnsRequirements.ownership.name).toBe(`_certplane-ownership.${host}`);
    const leaf = ca.leaf([host]);
    const { importCustomCertificate: custom } = await gqlOk(t.url, t.token, IMPORT, { d: d.id, c: leaf.pem, k: leaf.keyPem });
    expect(custom.status).toBe('PENDING_OWNERSHIP');
    const pending = await domain(d.id);
    expect(pending.status).toBe('PENDING_DNS');
    expect(pending.statusMessage).toMatch(/ownership TXT/);
    expect(pending.primaryCertificate).toBeNull();

    // A wrong value proves nothing.
    await t.dns.setRecord(d.dnsRequirements.ownership.name, 'TXT', ['"certplane-org-wrong"']);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await domain(d.id)).certificates[0].status).toBe('PENDING_OWNERSHIP');

    await t.dns.setRecord(d.dnsRequirements.ownership.name, 'TXT', [`"${d.dnsRequirements.ownership.orgValue}"`]);
    const active = await waitUntil(async () => {
      const x = await domain(d.id);
      return x.primaryCertificate ? x : null;
    }, 20_000, 'the custom certificate to become active');
    expect(active.primaryCertificate).toMatchObject({ id: custom.id, status: 'ISSUED' });
    expect(active.ownershipVerifiedAt).not.toBeNull();
    expect((await events(custom.id)).map((e) => e.type)).toContain('activated');
    expect((await domainEvents(host)).map((e) => e.type)).toContain('ownership_verified');
  });

  it('lets another organization claim a hostname only with its ownership TXT, revealing nothing else', async () => {
    const host = `claim.${t.zone}`;
    const a = await addDomain(host, { pointing: true, letsencrypt: true });
    const acmeId = await acmeIssued(a.id);
    const b = await t.newOrganization('claimant');
    await gqlOk(t.url, b.token, 'mutation { createApp(name: "takeover") { id } }');

    const refused = await gql(t.url, b.token, `mutation($h: String!) { addDomain(input: { app: "takeover", hostname: $h }) { id } }`, { h: host });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    const msg = refused.errors![0].message;
    expect(msg).toContain(`_certplane-ownership.${host}`);
    expect(msg).not.toContain('test-org');
    expect(msg).not.toContain(t.organizationId);
    const orgValue = /"(certplane-org-[^"]+)"/.exec(msg)![1];

    await t.dns.setRecord(`_certplane-ownership.${host}`, 'TXT', [`"${orgValue}"`]);
    const claimed = await gqlOk(t.url, b.token, `mutation($h: String!) { addDomain(input: { app: "takeover", hostname: $h }) { ${DOMAIN_FIELDS} } }`, { h: host });
    expect(claimed.addDomain.ownershipVerifiedAt).not.toBeNull();
    expect(claimed.addDomain.dnsRequirements.ownership.orgValue).toBe(orgValue);

    const gone = await gql(t.url, t.token, 'query($id: ID!) { domain(id: $id) { id } }', { id: a.id });
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { id } }', { id: acmeId })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const loser = await domainEvents(host);
    expect(loser.at(-1)).toMatchObject({ type: 'claimed_away' });
    expect(loser.at(-1)!.message).not.toContain('claimant');
    expect((await domainEvents(host, b.token)).map((e) => e.type)).toContain('claimed');
  });
});

describe('stopping ACME for a hostname, and removing it', () => {
  it('deleteAcmeCertificates leaves the custom certificate serving and orders nothing more', async () => {
    const host = `stop.${t.zone}`;
    const d = await addDomain(host, { pointing: true, letsencrypt: true });
    await acmeIssued(d.id);
    const leaf = ca.leaf([host]);
    await gqlOk(t.url, t.token, IMPORT, { d: d.id, c: leaf.pem, k: leaf.keyPem });
    const { deleteAcmeCertificates } = await gqlOk(
      t.url,
      t.token,
      `mutation($d: ID!) { deleteAcmeCertificates(domain: $d) { letsencryptEnabled status certificates { source } primaryCertificate { source } } }`,
      { d: d.id },
    );
    expect(deleteAcmeCertificates).toEqual({ letsencryptEnabled: false, status: 'NOT_USED', certificates: [{ source: 'CUSTOM' }], primaryCertificate: { source: 'CUSTOM' } });
  });

  it('removeDomain(revoke: true) revokes its issued ACME certificate at the CA before removing it', async () => {
    const host = `rm.${t.zone}`;
    const d = await addDomain(host, { pointing: true, letsencrypt: true });
    const acmeId = await acmeIssued(d.id);
    const { certificate } = await gqlOk(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { serial } }', { id: acmeId });
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { removeDomain(id: $id, revoke: true) }', { id: d.id });
    const pebble = JSON.parse((await pebbleManagement(`/cert-status-by-serial/${certificate.serial}`)).body);
    expect(pebble.Status).toBe('Revoked');
    expect((await gql(t.url, t.token, 'query($id: ID!) { domain(id: $id) { id } }', { id: d.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
