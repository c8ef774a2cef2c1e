import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * DNS provider credentials set through the API, per organization and per app: checked at once, sealed,
 * never readable back, and used by the orders of their scope. The installation has no DNS provider here
 * (CERTPLANE_DNS_PROVIDER=none): only the credentials can answer the challenges (PowerDNS through its
 * API, the suite's real server).
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { CERTPLANE_DNS_PROVIDER: 'none' } });
  await gqlOk(t.url, t.token, 'mutation { a: createApp(name: "alpha") { id } b: createApp(name: "beta") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const SET = `mutation($input: SetDnsCredentialsInput!) { setDnsCredentials(input: $input) { id provider zone settingNames app { name } } }`;
const pdnsSettings = (apiKey = inject('pdns').apiKey) => [
  { name: 'api_url', value: inject('pdns').apiUrl },
  { name: 'api_key', value: apiKey },
];

async function requestFor(host: string, app: string) {
  await t.dns.setRecord(host, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!, $a: String!) { addDomain(input: { app: $a, hostname: $h, letsencryptEnabled: false }) { id } }', { h: host, a: app });
  const { requestCertificate } = await gqlOk(t.url, t.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }', { d: addDomain.id });
  return requestCertificate.id as string;
}

/** The domain's actionRequired once it asks for records by hand. */
async function manualRecordsOf(host: string) {
  return waitUntil(async () => {
    const { domainByHostname: d } = await gqlOk(t.url, t.token, 'query($h: String!) { domainByHostname(hostname: $h) { status actionRequired { reason records { name type ttl values } } } }', { h: host });
    return d.actionRequired?.records.length ? d.actionRequired : null;
  }, 20_000, `manual records for ${host}`);
}

describe('DNS provider credentials', () => {
  it('lists the providers and their settings', async () => {
    const { dnsProviders } = await gqlOk(t.url, t.token, '{ dnsProviders { name title settings { name required secret } } }');
    const pdns = dnsProviders.find((p: { name: string }) => p.name === 'powerdns');
    expect(pdns.settings).toContainEqual({ name: 'api_key', required: true, secret: true });
    expect(pdns.settings).toContainEqual({ name: 'endpoint', required: false, secret: false });
  });

  it('refuses credentials the provider refuses, or settings it does not have, storing nothing', async () => {
    const wrongKey = await gql(t.url, t.token, SET, { input: { provider: 'powerdns', settings: pdnsSettings('not-the-key') } });
    expect(wrongKey.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings' });
    expect(wrongKey.errors?.[0].message).toMatch(/PowerDNS refused these credentials: .*api key/i);
    const missing = await gql(t.url, t.token, SET, { input: { provider: 'powerdns', settings: [{ name: 'api_url', value: inject('pdns').apiUrl }] } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings.api_key' });
    const unknown = await gql(t.url, t.token, SET, { input: { provider: 'powerdns', settings: [...pdnsSettings(), { name: 'password', value: 'x' }] } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings.password' });
    const noSuch = await gql(t.url, t.token, SET, { input: { provider: 'nowhere-dns', settings: [] } });
    expect(noSuch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provider' });
    expect((await gqlOk(t.url, t.token, '{ dnsCredentials { id } }')).dnsCredentials).toEqual([]);
  });

  it('asks for the records by hand when no provider can answer (manual mode)', async () => {
    const host = `none.${t.zone}`;
    await requestFor(host, 'alpha');
    const action = await manualRecordsOf(host);
    expect(action.records).toEqual([{ name: `_acme-challenge.${host}`, type: 'TXT', ttl: 60, values: [expect.any(String)] }]);
  });

  it("answers an app's challenges with the app's credentials, sealed and never shown again", async () => {
    const { setDnsCredentials: creds } = await gqlOk(t.url, t.token, SET, { input: { app: 'beta', zone: t.zone, provider: 'powerdns', settings: pdnsSettings() } });
    expect(creds).toMatchObject({ provider: 'powerdns', zone: t.zone, settingNames: ['api_key', 'api_url'], app: { name: 'beta' } });
    const [row] = await t.app.ctx.db.query('select settings from dns_credentials where id = $1', [creds.id]);
    expect(Buffer.from(row.settings).toString('latin1')).not.toContain(inject('pdns').apiKey);

    await waitForCertificate(t.url, t.token, await requestFor(`b.${t.zone}`, 'beta'), ['ISSUED'], '', 60_000);
    // Another app of the organization has no credentials of its own, and the installation none: by hand.
    await requestFor(`a.${t.zone}`, 'alpha');
    expect((await manualRecordsOf(`a.${t.zone}`)).reason).toBe('ManualDnsRecordsRequired');
  }, 90_000);

  it("keeps another organization's credentials out of sight and out of reach", async () => {
    const b = await t.newOrganization('other');
    expect((await gqlOk(t.url, b.token, '{ dnsCredentials { id } }')).dnsCredentials).toEqual([]);
    const [mine] = (await gqlOk(t.url, t.token, '{ dnsCredentials { id } }')).dnsCredentials;
    const del = await gql(t.url, b.token, 'mutation($id: ID!) { deleteDnsCredentials(id: $id) }', { id: mine.id });
    expect(del.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteDnsCredentials(id: $id) }', { id: mine.id });
    expect((await gqlOk(t.url, t.token, '{ dnsCredentials { id } }')).dnsCredentials).toEqual([]);
  });
});
