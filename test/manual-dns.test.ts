import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRenewalScanTask } from '../server/src/jobs/tasks/renewal-scan.js';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * Manual DNS-01 (Scalingo's instructions): with no way to write the challenge records (the installation
 * has no DNS provider here), the order waits, the domain is ACTION_REQUIRED with the exact records, and
 * certplane goes on by itself once the customer created them (in the suite's real PowerDNS, by hand as
 * far as certplane knows). Delegating _acme-challenge to a zone a provider can write ends it.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { CERTPLANE_DNS_PROVIDER: 'none' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "hand") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const DOMAIN = `status statusMessage actionRequired { reason message since records { name type ttl values } } certificate { id status serial nextRenewalAt }`;
const domain = async (id: string) => (await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { ${DOMAIN} } }`, { id })).domain;
const eventTypes = async (id: string): Promise<string[]> =>
  (await gqlOk(t.url, t.token, 'query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type } } }', { id })).certificateEvents.nodes.map((e: { type: string }) => e.type);
const quoted = (values: string[]) => values.map((v) => `"${v}"`);

async function addWithCertificate(host: string, sans: string[] = []) {
  await t.dns.setRecord(host, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "hand", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host });
  const { requestCertificate } = await gqlOk(t.url, t.token, 'mutation($d: ID!, $s: [String!]!) { requestCertificate(input: { domain: $d, sans: $s }) { id } }', { d: addDomain.id, s: sans });
  return { domainId: addDomain.id as string, certId: requestCertificate.id as string };
}

/** The domain once it asks for records by hand (optionally: other values than `not`). */
const asked = (domainId: string, not?: string[]) =>
  waitUntil(async () => {
    const d = await domain(domainId);
    const values = d.actionRequired?.records.flatMap((r: { values: string[] }) => r.values) ?? [];
    return d.status === 'ACTION_REQUIRED' && values.length && !values.some((v: string) => not?.includes(v)) ? d : null;
  }, 30_000, 'the domain to ask for records');

describe('manual DNS-01', () => {
  it('asks for one TXT with both values for an apex and its wildcard, issues once they are created, and asks again at renewal', async () => {
    const host = `w.${t.zone}`;
    const { domainId, certId } = await addWithCertificate(host, [`*.${host}`]);
    const d = await asked(domainId);
    expect(d.actionRequired.reason).toBe('ManualDnsRecordsRequired');
    expect(d.actionRequired.records).toHaveLength(1);
    const [record] = d.actionRequired.records;
    expect(record).toMatchObject({ name: `_acme-challenge.${host}`, type: 'TXT', ttl: 60 });
    expect(record.values).toHaveLength(2);
    expect(d.statusMessage).toContain(record.values[0]);
    expect((await gqlOk(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { status } }', { id: certId })).certificate.status).toBe('VALIDATING');
    expect(await eventTypes(certId)).toContain('manual_records');

    await t.dns.setRecord(record.name, 'TXT', quoted(record.values));
    const issued = await waitForCertificate(t.url, t.token, certId, ['ISSUED'], 'serial nextRenewalAt', 60_000);
    expect((await domain(domainId)).status).toBe('IN_USE');

    // Renewal: new values, the domain needs action again while the certificate keeps serving.
    await createRenewalScanTask({ ...t.app.ctx, now: () => new Date(new Date(issued.nextRenewalAt as string).getTime() + 1000) })({}, {} as never);
    const again = await asked(domainId, record.values);
    expect(again.statusMessage).toMatch(/renewal needs your action/);
    expect(again.certificate).toMatchObject({ status: 'ISSUED', serial: issued.serial });
    await t.dns.setRecord(record.name, 'TXT', quoted(again.actionRequired.records[0].values));
    await waitUntil(async () => (await domain(domainId)).certificate.serial !== issued.serial, 60_000, 'the renewal');
    expect((await domain(domainId)).status).toBe('IN_USE');
  }, 120_000);

  it('goes on by itself once _acme-challenge is delegated to a zone a provider can write', async () => {
    const delegated = `dl${randomBytes(4).toString('hex')}.test`;
    await t.dns.createZone(delegated);
    const pdns = inject('pdns');
    await gqlOk(t.url, t.token, 'mutation($z: String!, $u: String!, $k: String!) { setDnsCredentials(input: { zone: $z, provider: "powerdns", settings: [{ name: "api_url", value: $u }, { name: "api_key", value: $k }] }) { id } }', {
      z: delegated,
      u: pdns.apiUrl,
      k: pdns.apiKey,
    });
    const host = `dlg.${t.zone}`;
    const { domainId, certId } = await addWithCertificate(host);
    await asked(domainId); // the customer's own zone has no provider
    await t.dns.setRecord(`_acme-challenge.${host}`, 'CNAME', [`dlg.${delegated}.`]);
    await waitForCertificate(t.url, t.token, certId, ['ISSUED'], '', 60_000);
    expect((await domain(domainId)).status).toBe('IN_USE');
  }, 90_000);

  it('starts a new order with new values when the authorizations expire before the records exist', async () => {
    const host = `late.${t.zone}`;
    const { domainId, certId } = await addWithCertificate(host);
    const first = await asked(domainId);
    const old = first.actionRequired.records[0].values;
    // The authorizations' expiry, as the CA gave it, moved into the past.
    await t.app.ctx.db.query(
      `update certificates set challenges = (select jsonb_agg(c || '{"expires": "2020-01-01T00:00:00Z"}') from jsonb_array_elements(challenges) c) where id = $1`,
      [certId],
    );
    const second = await asked(domainId, old);
    expect(second.actionRequired.records[0].values).not.toEqual(old);
    expect(await eventTypes(certId)).toContain('order_expired');
  }, 90_000);
});
