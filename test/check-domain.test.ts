import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * checkDomain against real records in the suite's PowerDNS, and the same CAA look before every order.
 * The platform has a CNAME target and an address; background DNS checks are hourly here, so any move
 * of a domain comes from checkDomain itself.
 */

const EDGE = 'edge.platform.test';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: {
      CERTPLANE_PLATFORM_TARGETS: `${EDGE},127.0.0.1`,
      CERTPLANE_DNS_CHECK_INTERVAL: '3600',
      CERTPLANE_ACME_CAA_IDENTITIES: 'pebble.test',
      CERTPLANE_RETRY_BASE_MS: '200',
    },
  });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const CHECK = `mutation($id: ID!) { checkDomain(id: $id) {
  checkedAt cached dnsConfigured acmeChallengeDelegated ownershipTxtConfigured caaAllowsIssuer httpConfigured alpnConfigured
  validationErrors { code message fix } dnsProvider { id name }
  records { a aaaa cnames ownership { name txt source } caa { name flags tag value } zone nameservers acmeChallenge { name cname txt } }
  domain { status dnsVerifiedAt ownershipVerifiedAt } } }`;

async function addDomain(host: string, letsencrypt = false) {
  const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!, $le: Boolean!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: $le }) { id status dnsRequirements { ownership { name orgValue appValue } } } }', {
    h: host,
    le: letsencrypt,
  });
  return addDomain;
}
const check = async (id: string) => (await gqlOk(t.url, t.token, CHECK, { id })).checkDomain;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('checkDomain', () => {
  it('names an A record where the CNAME is expected, with its fix; then moves the domain on once the CNAME is there', async () => {
    const host = `www.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['203.0.113.9']);
    const d = await addDomain(host);
    const first = await check(d.id);
    expect(first).toMatchObject({ cached: false, dnsConfigured: false, httpConfigured: false, alpnConfigured: false, caaAllowsIssuer: true });
    expect(first.records).toMatchObject({ a: ['203.0.113.9'], cnames: [], zone: t.zone, nameservers: [`ns1.${t.zone}`] });
    const err = first.validationErrors.find((e: { code: string }) => e.code === 'CnameExpected');
    expect(err.message).toContain('203.0.113.9');
    expect(err.fix).toMatch(new RegExp(`remove the A record ${host.replace(/\./g, '\\.')} 203\\.0\\.113\\.9.*CNAME ${host.replace(/\./g, '\\.')} -> ${EDGE}`));
    expect(first.domain.status).toBe('PENDING_DNS');

    // Within 5 s: the last result, with its time.
    const again = await check(d.id);
    expect(again).toMatchObject({ cached: true, checkedAt: first.checkedAt });

    await t.dns.deleteRecord(host, 'A');
    await t.dns.setRecord(host, 'CNAME', [`${EDGE}.`]);
    await sleep(5100);
    const fixed = await check(d.id);
    expect(fixed).toMatchObject({ cached: false, dnsConfigured: true, validationErrors: [] });
    expect(fixed.records.cnames[0]).toBe(EDGE);
    expect(fixed.domain.status).toBe('IN_USE'); // no Let's Encrypt wanted: in use once it points here
    expect(fixed.domain.dnsVerifiedAt).not.toBeNull();
    const { domainEvents } = await gqlOk(t.url, t.token, 'query($h: String!) { domainEvents(hostname: $h) { nodes { type } } }', { h: host });
    expect(domainEvents.nodes.map((e: { type: string }) => e.type)).toEqual(['checked', 'checked', 'dns_verified']);
  }, 20_000);

  it('says when CAA forbids the CA, and names the record to add', async () => {
    const host = `caa.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    await t.dns.setRecord(t.zone, 'CAA', ['0 issue "other-ca.example"']);
    try {
      const d = await addDomain(host);
      const res = await check(d.id);
      expect(res.caaAllowsIssuer).toBe(false);
      expect(res.records.caa).toEqual([{ name: t.zone, flags: 0, tag: 'issue', value: 'other-ca.example' }]);
      const err = res.validationErrors.find((e: { code: string }) => e.code === 'CaaForbidsIssuer');
      expect(err.fix).toContain('pebble.test');
    } finally {
      await t.dns.deleteRecord(t.zone, 'CAA');
    }
  });

  it('reports an ownership TXT with a wrong value, with the accepted ones, and takes the right one as proof', async () => {
    const host = `own.${t.zone}`;
    const d = await addDomain(host);
    const own = d.dnsRequirements.ownership;
    await t.dns.setRecord(own.name, 'TXT', ['"certplane-org-not-this-one"']);
    const wrong = await check(d.id);
    expect(wrong.ownershipTxtConfigured).toBe(false);
    expect(wrong.records.ownership).toMatchObject({ name: own.name, txt: ['certplane-org-not-this-one'], source: 'authoritative' });
    const err = wrong.validationErrors.find((e: { code: string }) => e.code === 'OwnershipTxtWrongValue');
    expect(err.fix).toContain(own.orgValue);

    await t.dns.setRecord(own.name, 'TXT', [`"${own.appValue}"`]);
    await sleep(5100);
    const right = await check(d.id);
    expect(right.ownershipTxtConfigured).toBe(true);
    expect(right.domain.ownershipVerifiedAt).not.toBeNull();
  }, 20_000);

  it('answers NOT_FOUND for a domain of another organization', async () => {
    const d = await addDomain(`mine.${t.zone}`);
    const other = await t.newOrganization('other');
    const res = await gql(t.url, other.token, CHECK, { id: d.id });
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('the preflight before every order', () => {
  it('holds an order that CAA forbids, without reaching the CA, and lets it go once CAA allows the CA', async () => {
    const host = `held.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    await t.dns.setRecord(host, 'CAA', ['0 issue "other-ca.example"']);
    const changes = await subscribe<{ certificateStatusChanged: { hostname: string; orderHeld: boolean; statusReason: string | null } }>(
      t.url,
      t.token,
      'subscription { certificateStatusChanged { hostname orderHeld statusReason } }',
    );
    const d = await addDomain(host, true);
    // Subscribers hear of the hold (a dashboard row shows why), though the status stays PENDING.
    const heard = await changes.waitFor((e) => e.certificateStatusChanged.hostname === host && e.certificateStatusChanged.orderHeld, 20_000);
    expect(heard.certificateStatusChanged.statusReason).toMatch(/CAA/);
    changes.close();
    const held = await waitUntil(async () => {
      const { domain } = await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { status statusMessage certificates { id status orderHeld statusReason } } }', { id: d.id });
      return domain.certificates[0]?.orderHeld ? domain : null;
    }, 20_000, 'the order to be held');
    expect(held.status).toBe('ACTION_REQUIRED');
    expect(held.statusMessage).toMatch(/CAA at .* forbids pebble\.test/);
    const cert = held.certificates[0];
    expect(cert.status).toBe('PENDING');
    const events = async () =>
      (await gqlOk(t.url, t.token, 'query($id: ID!) { certificateEvents(id: $id) { nodes { type } } }', { id: cert.id })).certificateEvents.nodes.map((e: { type: string }) => e.type);
    expect(await events()).not.toContain('order_created');
    expect(await events()).toContain('preflight_held');

    await t.dns.setRecord(host, 'CAA', ['0 issue "pebble.test"']);
    const issued = await waitForCertificate(t.url, t.token, cert.id, ['ISSUED'], 'orderHeld', 30_000);
    expect(issued.orderHeld).toBe(false);
  }, 40_000);
});
