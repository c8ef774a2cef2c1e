import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate } from './helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "upd") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const add = async (label: string, le = false) =>
  (await gqlOk(t.url, t.token, `mutation($h: String!, $le: Boolean!) { addDomain(input: { app: "upd", hostname: $h, letsencryptEnabled: $le }) { id hostname } }`, { h: `${label}.${t.zone}`, le })).addDomain as { id: string; hostname: string };

describe('changing domains and certificates in place', () => {
  it('keeps at most one canonical domain per app', async () => {
    const a = await add('canon-a');
    const b = await add('canon-b');
    const set = `mutation($id: ID!) { updateDomain(id: $id, input: { canonical: true }) { canonical } }`;
    expect((await gqlOk(t.url, t.token, set, { id: a.id })).updateDomain.canonical).toBe(true);
    expect((await gqlOk(t.url, t.token, set, { id: b.id })).updateDomain.canonical).toBe(true);
    const { domains } = await gqlOk(t.url, t.token, `{ domains(hostname: "canon-", first: 10) { nodes { hostname canonical } } }`);
    expect(domains.nodes.filter((d: { canonical: boolean }) => d.canonical).map((d: { hostname: string }) => d.hostname)).toEqual([b.hostname]);
  });

  it("turning Let's Encrypt on for a domain already in use requests its certificate", async () => {
    await t.dns.setRecord(`late.${t.zone}`, 'A', ['127.0.0.1']);
    const d = await add('late');
    const inUse = async () => (await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { status } }`, { id: d.id })).domain.status;
    for (let i = 0; i < 100 && (await inUse()) !== 'IN_USE'; i++) await new Promise((r) => setTimeout(r, 100));
    const { updateDomain } = await gqlOk(t.url, t.token, `mutation($id: ID!) { updateDomain(id: $id, input: { letsencryptEnabled: true }) { status letsencryptEnabled certificate { id } } }`, { id: d.id });
    expect(updateDomain).toMatchObject({ status: 'CREATING', letsencryptEnabled: true });
    await waitForCertificate(t.url, t.token, updateDomain.certificate.id, ['ISSUED']);
  });

  it('switches autoRenew without a new order, and logs it', async () => {
    const d = await add('renew-flag');
    const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id autoRenew } }`, { d: d.id });
    expect(requestCertificate.autoRenew).toBe(true);
    await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED']);
    const { updateCertificate } = await gqlOk(t.url, t.token, `mutation($id: ID!) { updateCertificate(id: $id, input: { autoRenew: false }) { autoRenew status } }`, { id: requestCertificate.id });
    expect(updateCertificate).toEqual({ autoRenew: false, status: 'ISSUED' });
    const { certificateEvents } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message } } }`, { id: requestCertificate.id });
    expect(certificateEvents.nodes.at(-1)).toEqual({ type: 'settings_changed', message: 'autoRenew set to false' });
    expect(certificateEvents.nodes.filter((e: { type: string }) => e.type === 'order_created')).toHaveLength(1);
  });

  it('finds a domain by its exact hostname, normalised, and only in the caller organization', async () => {
    const d = await add('exact');
    await add('exact-not');
    const q = `query($h: String!) { domainByHostname(hostname: $h) { id } }`;
    expect((await gqlOk(t.url, t.token, q, { h: `EXACT.${t.zone}.` })).domainByHostname.id).toBe(d.id);
    expect((await gql(t.url, t.token, q, { h: `exac.${t.zone}` })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(t.url, t.token, q, { h: 'not a host' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const other = await t.newOrganization('other');
    expect((await gql(t.url, other.token, q, { h: `exact.${t.zone}` })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
