import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

let t: TestApp;
let keyToken: string;
let appDomain: string;
/** Every domain and certificate this file creates, in creation order. */
const domainIds: string[] = [];
const certificateIds: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
  const created = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "keys", scopes: ["read", "certificates:read_private_key"]) { token } }');
  keyToken = created.createApiToken.token;
});
afterAll(async () => {
  await t?.stop();
});

/** Points `hostname` at the platform, then adds it without automatic certificates. */
async function addDomain(hostname: string): Promise<string> {
  await t.dns.setRecord(hostname, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: false }) { id } }', { h: hostname });
  domainIds.push(addDomain.id);
  return addDomain.id;
}

const REQUEST = 'mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { id status hostname sans isWildcard keyType } }';
const ISSUED_FIELDS = 'hostname sans isWildcard keyType certificatePem privateKeyPem';

/** Requests a certificate and waits until it is ISSUED; returns it with its PEMs. */
async function issue(input: Record<string, unknown>) {
  const { requestCertificate } = await gqlOk(t.url, t.token, REQUEST, { input });
  certificateIds.push(requestCertificate.id);
  expect(requestCertificate.status).toBe('PENDING');
  return waitForCertificate(t.url, keyToken, requestCertificate.id, ['ISSUED'], ISSUED_FIELDS) as Promise<Record<string, any>>;
}

describe('a domain without automatic certificates', () => {
  it('goes IN_USE by itself once its DNS points at the platform, and gets no certificate', async () => {
    const id = await addDomain(`plain.${t.zone}`);
    const domain = await waitUntil(async () => {
      const r = await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { status letsencryptStatus certificate { id } } }', { id });
      return r.domain.status === 'IN_USE' && r.domain;
    }, 15_000, 'IN_USE');
    expect(domain).toEqual({ status: 'IN_USE', letsencryptStatus: 'DISABLED', certificate: null });
  });
});

const KEY_TYPES: Array<[string, string, Record<string, unknown>]> = [
  ['RSA_2048', 'rsa', { modulusLength: 2048 }],
  ['RSA_3072', 'rsa', { modulusLength: 3072 }],
  ['RSA_4096', 'rsa', { modulusLength: 4096 }],
  ['ECDSA_P256', 'ec', { namedCurve: 'prime256v1' }],
  ['ECDSA_P384', 'ec', { namedCurve: 'secp384r1' }],
];

describe('requestCertificate with a key type', () => {
  it.concurrent.for(KEY_TYPES)('issues a %s certificate whose leaf and private key are a %s key of that size or curve', async ([keyType, algorithm, details], { expect }) => {
    const host = `${keyType.toLowerCase().replace('_', '-')}.${t.zone}`;
    const domain = await addDomain(host);
    const cert = await issue({ domain, keyType });
    expect(cert).toMatchObject({ hostname: host, sans: [], isWildcard: false, keyType });
    const leaf = await verifyIssued(cert.certificatePem, [host], cert.privateKeyPem);
    expect(leaf.publicKey.asymmetricKeyType).toBe(algorithm);
    expect(leaf.publicKey.asymmetricKeyDetails).toMatchObject(details);
    const key = createPrivateKey(cert.privateKeyPem);
    expect(key.asymmetricKeyType).toBe(algorithm);
    expect(key.asymmetricKeyDetails).toMatchObject(details);
  });
});

describe('requestCertificate with SANs', () => {
  it('puts the domain and its distinct extra names on the certificate, normalised and without duplicates', async () => {
    const host = `app.${t.zone}`;
    const domain = (appDomain = await addDomain(host));
    await t.dns.setRecord(`api.${host}`, 'A', ['127.0.0.1']);
    const cert = await issue({ domain, sans: [`api.${host}`, `APP.${t.zone}`, `Api.App.${t.zone}.`] });
    expect(cert.sans).toEqual([`api.${host}`]);
    await verifyIssued(cert.certificatePem, [host, `api.${host}`], cert.privateKeyPem);
  });

  it('issues a wildcard certificate that also names its base domain, and it verifies', async () => {
    await t.dns.setRecord(`*.${t.zone}`, 'A', ['127.0.0.1']);
    const domain = await addDomain(`*.${t.zone}`);
    const cert = await issue({ domain, sans: [t.zone], keyType: 'ECDSA_P256' });
    expect(cert).toMatchObject({ hostname: `*.${t.zone}`, sans: [t.zone], isWildcard: true });
    const leaf = await verifyIssued(cert.certificatePem, [`*.${t.zone}`, t.zone], cert.privateKeyPem);
    expect(leaf.checkHost(`anything.${t.zone}`)).toBe(`*.${t.zone}`);
    expect(leaf.checkHost(t.zone)).toBe(t.zone);
    expect(leaf.checkHost(`a.b.${t.zone}`)).toBeUndefined();
  });

  it.each([
    ['a sibling name', (z: string) => [`other.${z}`], 'sans[0]'],
    ['a name that only ends with the same letters', (z: string) => [`myapp.${z}`], 'sans[0]'],
    ['the parent domain', (z: string) => [z], 'sans[0]'],
    ['a good name, then a foreign one', (z: string) => [`api.app.${z}`, 'example.org'], 'sans[1]'],
    ['an invalid name', () => ['not a name'], 'sans[0]'],
  ])('refuses %s as a SAN with BAD_USER_INPUT on the field, creating nothing', async (_what, sans, field) => {
    const before = (await gqlOk(t.url, t.token, '{ certificates { totalCount } }')).certificates.totalCount;
    const res = await gql(t.url, t.token, REQUEST, { input: { domain: appDomain, sans: sans(t.zone) } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0].message).toMatch(/not covered by the domain|not a valid hostname/);
    expect((await gqlOk(t.url, t.token, '{ certificates { totalCount } }')).certificates.totalCount).toBe(before);
  });

  it('refuses a second ACME certificate of the same key family for a domain with CONFLICT', async () => {
    const { domains } = await gqlOk(t.url, t.token, 'query { domains(hostname: "rsa-2048.") { edges { node { id } } } }');
    const domain = domains.edges[0].node.id;
    const res = await gql(t.url, t.token, REQUEST, { input: { domain, keyType: 'RSA_4096' } });
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0].message).toMatch(/already has an active ACME certificate of this key family/);
    const { certificates } = await gqlOk(t.url, t.token, 'query($d: ID) { certificates(domain: $d) { totalCount } }', { d: domain });
    expect(certificates.totalCount).toBe(1);
  });
});

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { id: string; hostname: string } }> };

async function page(list: 'domains' | 'certificates', args: { first?: number; after?: string | null; hostname?: string }): Promise<Page> {
  const q = `query($first: Int, $after: String, $hostname: String) { ${list}(first: $first, after: $after, hostname: $hostname) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id hostname } } } }`;
  return (await gqlOk(t.url, t.token, q, args))[list];
}

/** Walks every page of `size`; checks the page invariants on the way and returns the ids in order. */
async function walk(list: 'domains' | 'certificates', size: number, hostname?: string): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 50; pages++) {
    const p: Page = await page(list, { first: size, after, hostname });
    if (totalCount === -1) totalCount = p.totalCount;
    expect(p.totalCount).toBe(totalCount);
    ids.push(...p.edges.map((e) => e.node.id));
    expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
    if (!p.pageInfo.hasNextPage) return { ids, totalCount };
    expect(p.edges).toHaveLength(size);
    after = p.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

describe('pagination of domains and certificates', () => {
  it.each([['domains', domainIds], ['certificates', certificateIds]] as const)(
    'pages through every %s exactly once, oldest first, with a stable totalCount',
    async (list, created) => {
      expect(created.length).toBeGreaterThan(5);
      const everything = await page(list, { first: 100 });
      expect(everything.totalCount).toBe(created.length);
      expect(new Set(everything.edges.map((e) => e.node.id))).toEqual(new Set(created));
      expect(everything.pageInfo.hasNextPage).toBe(false);
      for (const size of [1, 2, 3]) {
        const { ids, totalCount } = await walk(list, size);
        expect(totalCount).toBe(created.length);
        expect(ids).toEqual(everything.edges.map((e) => e.node.id));
      }
      const firstTwo = await page(list, { first: 2 });
      expect(firstTwo.pageInfo.hasNextPage).toBe(true);
    },
  );

  it.each(['domains', 'certificates'] as const)('filters %s by a case-insensitive hostname substring, taken literally', async (list) => {
    const rsa = await walk(list, 2, 'RSA-');
    expect(rsa.totalCount).toBe(3);
    const { edges } = await page(list, { first: 100, hostname: 'RSA-' });
    expect(edges.map((e) => e.node.hostname).sort()).toEqual(['rsa-2048', 'rsa-3072', 'rsa-4096'].map((h) => `${h}.${t.zone}`));
    expect(edges.map((e) => e.node.id)).toEqual(rsa.ids);
    for (const literal of ['_', '%', '\\']) expect((await page(list, { hostname: literal })).totalCount).toBe(0);
  });

  it.each(['domains', 'certificates'] as const)('answers BAD_USER_INPUT on the after field for a cursor it did not hand out (%s)', async (list) => {
    const forged = Buffer.from(JSON.stringify({ not: 'a cursor' })).toString('base64url');
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const id = '0b0e6b1e-5f0c-4a39-9c52-3f1f6bb1f0a1';
    const bad = ['not-a-cursor', forged, cursor(['yesterday', 'x']), cursor(['2026-11-23T10:00:00.000Z', 'x']), cursor(['2026-02-30T10:00:00.000Z', id]), cursor(['2026-11-23 10:00', id])];
    for (const after of bad) {
      const res = await gql(t.url, t.token, `query($after: String) { ${list}(after: $after) { totalCount } }`, { after });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});
