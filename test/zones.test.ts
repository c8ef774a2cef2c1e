import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * Zones (CertaDNS) against the suite's real PowerDNS: control proven by the zone's TXT record or by
 * delegation to the platform's nameservers, reserved names and public suffixes refused, domains and
 * certificate names held by verified zones (CERTPLANE_REQUIRE_ZONES=true here), names of one zone sharing a
 * certificate issued by Pebble, isolation, and claims across organizations decided by verified zones.
 */

const suffix = randomBytes(3).toString('hex');
const PLATFORM = `platform-${suffix}.test`;
const NAMESERVERS = [`ns1.${PLATFORM}`, `ns2.${PLATFORM}`];
const RESERVED = `reserved-${suffix}.test`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: {
      CERTPLANE_REQUIRE_ZONES: 'true',
      CERTPLANE_RESERVED_ZONES: `${RESERVED}, other-${suffix}.test`,
      CERTPLANE_PLATFORM_NAMESERVERS: NAMESERVERS.join(','),
    },
  });
  await t.dns.createZone(PLATFORM, NAMESERVERS.map((ns) => ({ name: ns, type: 'A', content: '127.0.0.1' })));
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const ZONE_FIELDS = 'id name status statusMessage verifiedAt verifiedBy lastCheckedAt nextCheckAt checkCount nameservers verificationRecord { name type value } domains { hostname }';
const IMPORT = `mutation($name: String!) { importZone(name: $name) { ${ZONE_FIELDS} } }`;
const VERIFY = `mutation($id: ID!) { verifyZone(id: $id) { ${ZONE_FIELDS} } }`;
const ZONE = `query($id: ID!) { zone(id: $id) { ${ZONE_FIELDS} } }`;
const ADD_DOMAIN = 'mutation($h: String!, $app: String!) { addDomain(input: { app: $app, hostname: $h, letsencryptEnabled: false }) { id hostname } }';

/** A new zone in PowerDNS (SOA, NS ns1.<zone>), with `records`. */
async function dnsZone(records: Array<{ name: string; type: string; content: string }> = []) {
  const name = `z${randomBytes(4).toString('hex')}.test`;
  await t.dns.createZone(name, records);
  return name;
}
const importZone = async (name: string, token = t.token) => (await gqlOk(t.url, token, IMPORT, { name })).importZone;
const verifyZone = async (id: string, token = t.token) => (await gqlOk(t.url, token, VERIFY, { id })).verifyZone;
/** Imports `name` and proves control with its TXT record. */
async function verifiedZone(name: string, token = t.token) {
  const zone = await importZone(name, token);
  await t.dns.setRecord(zone.verificationRecord.name, 'TXT', [zone.verificationRecord.value]);
  const verified = await verifyZone(zone.id, token);
  expect(verified.status).toBe('VERIFIED');
  return verified;
}
const errorOf = (r: { errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> }) => ({
  code: r.errors?.[0]?.extensions?.code,
  field: r.errors?.[0]?.extensions?.field,
  message: r.errors?.[0]?.message ?? '',
});

describe('proving control of a zone', () => {
  it('verifies a zone by its TXT record on the authoritative servers, after a wrong value was refused', async () => {
    const name = await dnsZone();
    const zone = await importZone(name.toUpperCase() + '.');
    expect(zone).toMatchObject({ name, status: 'PENDING_VERIFICATION', verifiedAt: null, verifiedBy: null, nameservers: NAMESERVERS, domains: [] });
    expect(zone.verificationRecord).toMatchObject({ name: `_certplane-zone.${name}`, type: 'TXT', value: expect.stringMatching(/^certplane-zone-[A-Za-z0-9_-]{32}$/) });
    expect(zone.statusMessage).toContain(zone.verificationRecord.value);

    await t.dns.setRecord(zone.verificationRecord.name, 'TXT', ['certplane-zone-not-this-one']);
    const wrong = await verifyZone(zone.id);
    expect(wrong).toMatchObject({ status: 'PENDING_VERIFICATION', verifiedBy: null });
    expect(wrong.statusMessage).toContain('lacks it: has "certplane-zone-not-this-one"');
    expect(wrong.lastCheckedAt).not.toBeNull();
    expect(new Date(wrong.nextCheckAt).getTime()).toBeGreaterThan(Date.now());

    await t.dns.setRecord(zone.verificationRecord.name, 'TXT', ['certplane-zone-not-this-one', zone.verificationRecord.value]);
    const right = await verifyZone(zone.id);
    expect(right).toMatchObject({ status: 'VERIFIED', verifiedBy: 'TXT', nextCheckAt: null });
    expect(right.verifiedAt).not.toBeNull();
    const { zones } = await gqlOk(t.url, t.token, 'query { zones(first: 100, status: VERIFIED) { totalCount nodes { id name } } }');
    expect(zones.nodes).toContainEqual({ id: zone.id, name });

    const again = await gql(t.url, t.token, IMPORT, { name });
    expect(errorOf(again).code).toBe('CONFLICT');
  });

  it("verifies a zone delegated to the platform's nameservers through the background check, with no verifyZone", async () => {
    const name = await dnsZone();
    await t.dns.setRecord(name, 'NS', NAMESERVERS.map((ns) => `${ns}.`));
    const zone = await importZone(name);
    const verified = await waitUntil(async () => {
      const z = (await gqlOk(t.url, t.token, ZONE, { id: zone.id })).zone;
      return z.status === 'VERIFIED' && z;
    }, 10_000, 'the background check to verify the delegated zone');
    expect(verified.verifiedBy).toBe('NS');
    expect(verified.statusMessage).toContain(`names only the platform's nameservers (${NAMESERVERS.join(', ')})`);
  });

  it("does not take a zone whose NS records name a nameserver besides the platform's", async () => {
    const name = await dnsZone();
    await t.dns.setRecord(name, 'NS', [`${NAMESERVERS[0]}.`, `ns1.${name}.`]);
    const zone = await importZone(name);
    const checked = await verifyZone(zone.id);
    expect(checked.status).toBe('PENDING_VERIFICATION');
    expect(checked.statusMessage).toContain(`ns1.${name}`);
    expect(checked.statusMessage).toContain("not only the platform's nameservers");
  });
});

describe('names a zone may not have', () => {
  it.each([
    [RESERVED, RESERVED],
    [`shop.${RESERVED}`, RESERVED],
    [`api.other-${suffix}.test`, `other-${suffix}.test`],
  ])('refuses the reserved zone or name %s, naming %s', async (name, reserved) => {
    const err = errorOf(await gql(t.url, t.token, IMPORT, { name }));
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(err.message).toContain(`${reserved}, a zone reserved by the platform`);
  });

  it('refuses a domain under a reserved zone, whatever the zones', async () => {
    const err = errorOf(await gql(t.url, t.token, ADD_DOMAIN, { h: `www.${RESERVED}`, app: 'web' }));
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hostname' });
    expect(err.message).toContain(RESERVED);
  });

  it.each([
    ['co.uk', 'public suffix'],
    ['github.io', 'public suffix'], // a private suffix of the list counts too
    ['*.example.com', 'wildcard'],
  ])('refuses %s (%s)', async (name, why) => {
    const err = errorOf(await gql(t.url, t.token, IMPORT, { name }));
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(err.message).toContain(why);
  });
});

describe('with zones required', () => {
  it('answers NOT_FOUND "zone not found" for a domain outside every verified zone (a pending zone holds nothing)', async () => {
    const name = await dnsZone();
    await importZone(name);
    const err = errorOf(await gql(t.url, t.token, ADD_DOMAIN, { h: `www.${name}`, app: 'web' }));
    expect(err).toMatchObject({ code: 'NOT_FOUND', field: 'hostname' });
    expect(err.message).toMatch(/^zone not found/);
  });

  it('lets names of one zone share a certificate (issued by Pebble), refuses a SAN outside it on its field, and keeps the zone while its domain needs it', async () => {
    const name = await dnsZone();
    await t.dns.setRecord(`app.${name}`, 'A', ['127.0.0.1']);
    const zone = await verifiedZone(name);
    const { addDomain: domain } = await gqlOk(t.url, t.token, ADD_DOMAIN, { h: `app.${name}`, app: 'web' });
    const REQUEST = 'mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { id sans } }';

    const outside = errorOf(await gql(t.url, t.token, REQUEST, { input: { domain: domain.id, sans: [`www.${name}`, `www.${await dnsZone()}`], keyType: 'ECDSA_P256' } }));
    expect(outside).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sans[1]' });
    expect(outside.message).toContain(`not under ${name}`);

    const { requestCertificate } = await gqlOk(t.url, t.token, REQUEST, { input: { domain: domain.id, sans: [`www.${name}`], keyType: 'ECDSA_P256' } });
    const issued = await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED'], 'sans hostname', 40_000);
    expect(issued.hostname).toBe(`app.${name}`);
    expect(issued.sans).toEqual([`www.${name}`]);

    const { zone: withDomains } = await gqlOk(t.url, t.token, ZONE, { id: zone.id });
    expect(withDomains.domains).toEqual([{ hostname: `app.${name}` }]);
    const kept = errorOf(await gql(t.url, t.token, 'mutation($id: ID!) { deleteZone(id: $id) }', { id: zone.id }));
    expect(kept.code).toBe('CONFLICT');
    expect(kept.message).toContain(`app.${name}`);
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { removeDomain(id: $id) }', { id: domain.id });
    expect(await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteZone(id: $id) }', { id: zone.id })).toEqual({ deleteZone: true });
  }, 60_000);
});

describe('across organizations', () => {
  it('hides a zone from another organization: it cannot see, verify or delete it', async () => {
    const zone = await importZone(await dnsZone());
    const other = await t.newOrganization('zone-snoop');
    for (const [query, vars] of [
      [ZONE, { id: zone.id }],
      [VERIFY, { id: zone.id }],
      ['mutation($id: ID!) { deleteZone(id: $id) }', { id: zone.id }],
    ] as const) {
      expect(errorOf(await gql(t.url, other.token, query, vars)).code).toBe('NOT_FOUND');
    }
    expect((await gqlOk(t.url, other.token, 'query { zones { totalCount nodes { id } } }')).zones).toEqual({ totalCount: 0, nodes: [] });
    expect((await gqlOk(t.url, t.token, ZONE, { id: zone.id })).zone.id).toBe(zone.id);
  });

  it("moves a verified zone to another organization only with that organization's own TXT value", async () => {
    const name = await dnsZone();
    const first = await verifiedZone(name);
    const other = await t.newOrganization('zone-mover');
    const second = await importZone(name, other.token);
    expect(second.status).toBe('PENDING_VERIFICATION');
    expect(second.verificationRecord.value).not.toBe(first.verificationRecord.value);
    expect((await verifyZone(second.id, other.token)).status).toBe('PENDING_VERIFICATION'); // the first organization's value proves nothing here

    await t.dns.setRecord(second.verificationRecord.name, 'TXT', [first.verificationRecord.value, second.verificationRecord.value]);
    expect(await verifyZone(second.id, other.token)).toMatchObject({ status: 'VERIFIED', verifiedBy: 'TXT' });
    const { zone: left } = await gqlOk(t.url, t.token, ZONE, { id: first.id });
    expect(left).toMatchObject({ status: 'PENDING_VERIFICATION', verifiedAt: null, nextCheckAt: null });
    expect(left.statusMessage).toContain('another organization proved control');
  });

  it('takes a hostname from another organization with a verified zone closer to it, and not back with a wider one', async () => {
    const parent = await dnsZone();
    const host = `shop.sub.${parent}`;
    await verifiedZone(parent);
    const { addDomain: held } = await gqlOk(t.url, t.token, ADD_DOMAIN, { h: host, app: 'web' });

    const claimant = await t.newOrganization('zone-claimant');
    await gqlOk(t.url, claimant.token, 'mutation { createApp(name: "shop") { id } }');
    const refused = errorOf(await gql(t.url, claimant.token, ADD_DOMAIN, { h: host, app: 'shop' }));
    expect(refused.code).toBe('NOT_FOUND'); // no verified zone of its own yet

    await verifiedZone(`sub.${parent}`, claimant.token);
    const { addDomain: claimed } = await gqlOk(t.url, claimant.token, ADD_DOMAIN, { h: host, app: 'shop' });
    expect(claimed.hostname).toBe(host);
    const events = async (token: string) =>
      (await gqlOk(t.url, token, 'query($h: String!) { domainEvents(hostname: $h) { nodes { type message } } }', { h: host })).domainEvents.nodes;
    expect((await events(claimant.token)).find((e: { type: string }) => e.type === 'claimed').message).toContain(`the zone sub.${parent}, verified in this organization`);
    expect((await events(t.token)).at(-1).type).toBe('claimed_away');
    expect(errorOf(await gql(t.url, t.token, 'query($id: ID!) { domain(id: $id) { id } }', { id: held.id })).code).toBe('NOT_FOUND');

    // The first organization's zone is wider: the claimant's, closer to the hostname, decides.
    const back = errorOf(await gql(t.url, t.token, ADD_DOMAIN, { h: host, app: 'web' }));
    expect(back.code).toBe('CONFLICT');
  });
});
