import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDnsClient } from '../server/src/dns/dns-client.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { BLOCKED_SUFFIX } from './helpers/pebble.js';
import { pebbleManagement } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

let t: TestApp;
// A short propagation timeout, so a record that never shows fails within seconds.
beforeAll(async () => {
  t = await startTestApp({ env: { CERTPLANE_DNS_PROPAGATION_TIMEOUT: '3' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const dns = () => createDnsClient({ servers: [inject('pdns').dnsAddress] });
const REQUEST = 'mutation($domain: ID!) { requestCertificate(input: { domain: $domain }) { id status } }';
const EVENTS = 'query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type status message } } }';

async function addDomain(hostname: string, letsencryptEnabled = false): Promise<string> {
  await t.dns.setRecord(hostname, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!, $le: Boolean!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: $le }) { id } }', {
    h: hostname,
    le: letsencryptEnabled,
  });
  return addDomain.id;
}

async function issued(hostname: string): Promise<{ domain: string; id: string; serial: string }> {
  const domain = await addDomain(hostname);
  const { requestCertificate } = await gqlOk(t.url, t.token, REQUEST, { domain });
  const cert = await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED'], 'serial');
  return { domain, id: cert.id, serial: cert.serial as string };
}

/** Pebble's own view of a serial: Status 'Valid' or 'Revoked', and the RFC 5280 reason code once revoked. */
async function pebbleStatus(serial: string): Promise<{ Status: string; Reason?: number }> {
  const res = await pebbleManagement(`/cert-status-by-serial/${serial}`);
  expect(res.status, res.body).toBe(200);
  const { Status, Reason } = JSON.parse(res.body) as { Status: string; Reason?: number };
  return Reason === undefined ? { Status } : { Status, Reason };
}

describe('when the CA refuses the names', () => {
  it('fails the certificate with the CA refusal as reason, marks the domain ACTION_REQUIRED and logs a failed event', async () => {
    const zone = `z${randomBytes(4).toString('hex')}.${BLOCKED_SUFFIX}`;
    await t.dns.createZone(zone);
    const host = `www.${zone}`;
    const domain = await addDomain(host, true);
    const query = 'query($id: ID!) { domain(id: $id) { status statusMessage letsencryptStatus certificate { id status statusReason } } }';
    await waitUntil(async () => (await gqlOk(t.url, t.token, query, { id: domain })).domain.certificate?.status === 'FAILED', 20_000, 'the certificate to fail');
    // Read again: one query reads the domain before its certificate, and the failure may commit in between.
    const d = (await gqlOk(t.url, t.token, query, { id: domain })).domain;
    expect(d.status).toBe('ACTION_REQUIRED');
    expect(d.letsencryptStatus).toBe('FAILED');
    expect(d.certificate.statusReason).toMatch(/^the CA refused the order for .*: .*forbidden by policy/);
    expect(d.certificate.statusReason).toContain(host);
    expect(d.statusMessage).toContain(d.certificate.statusReason);
    const { certificateEvents } = await gqlOk(t.url, t.token, EVENTS, { id: d.certificate.id });
    const failed = certificateEvents.nodes.filter((e: { type: string }) => e.type === 'failed');
    expect(failed).toEqual([{ type: 'failed', status: 'FAILED', message: d.certificate.statusReason }]);
    expect(certificateEvents.nodes.some((e: { type: string }) => e.type === 'retry')).toBe(false);
  });
});

describe('when the challenge record never shows on every authoritative server', () => {
  it('fails naming the record, then removes the record from the zone', async () => {
    // ns2 answers nowhere: 127.0.0.2 has nothing listening on the PowerDNS port.
    const zone = `z${randomBytes(4).toString('hex')}.test`;
    await t.dns.createZone(zone, [
      { name: zone, type: 'NS', content: `ns1.${zone}.` },
      { name: zone, type: 'NS', content: `ns2.${zone}.` },
      { name: `ns2.${zone}`, type: 'A', content: '127.0.0.2' },
    ]);
    const host = `www.${zone}`;
    const domain = await addDomain(host);
    const { requestCertificate } = await gqlOk(t.url, t.token, REQUEST, { domain });
    const cert = await waitForCertificate(t.url, t.token, requestCertificate.id, ['FAILED'], '', 30_000);
    const record = `_acme-challenge.${host}`;
    expect(cert.statusReason).toContain(`TXT record ${record} was not visible`);
    expect(cert.statusReason).toContain(`ns2.${zone}`);
    const { certificateEvents } = await gqlOk(t.url, t.token, EVENTS, { id: cert.id });
    expect(certificateEvents.nodes.map((e: { type: string }) => e.type)).toContain('record_published');
    await waitUntil(async () => (await dns().query(record, 'TXT')).answers.length === 0, 10_000, 'the TXT record to be removed');
    await waitUntil(async () => {
      const r = await gqlOk(t.url, t.token, EVENTS, { id: cert.id });
      return r.certificateEvents.nodes.some((e: { type: string }) => e.type === 'record_removed');
    }, 10_000, 'a record_removed event');
  });
});

describe('revocation', () => {
  it('revokes an issued certificate at the CA, records REVOKED, and refuses to revoke it twice', async () => {
    const { id, serial } = await issued(`revoke.${t.zone}`);
    expect(await pebbleStatus(serial)).toEqual({ Status: 'Valid' });
    const { revokeCertificate } = await gqlOk(t.url, t.token, 'mutation($id: ID!) { revokeCertificate(id: $id, reason: KEY_COMPROMISE) { status revokedAt revocationReason autoRenew } }', { id });
    expect(revokeCertificate).toMatchObject({ status: 'REVOKED', revocationReason: 'KEY_COMPROMISE', autoRenew: false });
    expect(Date.now() - Date.parse(revokeCertificate.revokedAt)).toBeLessThan(60_000);
    expect(await pebbleStatus(serial)).toEqual({ Status: 'Revoked', Reason: 1 });
    const again = await gql(t.url, t.token, 'mutation($id: ID!) { revokeCertificate(id: $id) { status } }', { id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0].message).toMatch(/REVOKED/);
    const { certificateEvents } = await gqlOk(t.url, t.token, EVENTS, { id });
    // The challenge clean-up is its own job and may log after the revocation: look past it.
    const steps = certificateEvents.nodes.filter((e: { type: string }) => e.type !== 'record_removed');
    expect(steps.at(-1)).toMatchObject({ type: 'revoked', status: 'REVOKED' });
  });

  it('lets a domain get a new certificate once its certificate is revoked', async () => {
    const { domain, id } = await issued(`again.${t.zone}`);
    const conflict = await gql(t.url, t.token, REQUEST, { domain });
    expect(conflict.errors?.[0].extensions?.code).toBe('CONFLICT');
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { revokeCertificate(id: $id, reason: SUPERSEDED) { id } }', { id });
    const { requestCertificate } = await gqlOk(t.url, t.token, REQUEST, { domain });
    expect(requestCertificate.id).not.toBe(id);
    await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED']);
  });

  it('revokes then deletes an issued certificate when deleteCertificate is asked to revoke', async () => {
    const { id, serial } = await issued(`delete.${t.zone}`);
    const res = await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteCertificate(id: $id, revoke: true) }', { id });
    expect(res.deleteCertificate).toBe(true);
    expect(await pebbleStatus(serial)).toEqual({ Status: 'Revoked', Reason: 5 });
    const gone = await gql(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { id } }', { id });
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it("says action is required when a Let's Encrypt domain's certificate is deleted, and checkDomain orders it again", async () => {
    const hostname = `lonely.${t.zone}`;
    const domain = await addDomain(hostname, true);
    const domainQuery = 'query($id: ID!) { domain(id: $id) { status statusMessage actionRequired { reason } certificates { id status } } }';
    await waitUntil(async () => (await gqlOk(t.url, t.token, domainQuery, { id: domain })).domain.status === 'IN_USE', 30_000, 'the automatic certificate');
    const [{ id }] = (await gqlOk(t.url, t.token, domainQuery, { id: domain })).domain.certificates;
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteCertificate(id: $id) }', { id });
    const after = (await gqlOk(t.url, t.token, domainQuery, { id: domain })).domain;
    expect(after).toMatchObject({ status: 'ACTION_REQUIRED', actionRequired: { reason: 'NoCertificate' }, certificates: [] });
    expect(after.statusMessage).toMatch(/no certificate .*requestCertificate/);
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { checkDomain(id: $id) { cached } }', { id: domain });
    await waitUntil(async () => (await gqlOk(t.url, t.token, domainQuery, { id: domain })).domain.status === 'IN_USE', 30_000, 'a new automatic certificate');
  });

  it('deletes without revoking by default, leaving the certificate valid at the CA', async () => {
    const { id, serial } = await issued(`keep.${t.zone}`);
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteCertificate(id: $id) }', { id });
    expect(await pebbleStatus(serial)).toEqual({ Status: 'Valid' });
    const gone = await gql(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { id } }', { id });
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
