import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDnsClient } from '../server/src/dns/dns-client.js';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { waitUntil } from './helpers/wait.js';

/** `_acme-challenge` delegated by CNAME, as the README tells customers whose DNS is elsewhere. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "dlg") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const dns = () => createDnsClient({ servers: [inject('pdns').dnsAddress], timeoutMs: 1000 });
const txt = async (name: string) => (await dns().query(name, 'TXT')).answers.filter((r) => r.type === 'TXT').map((r) => r.data);

describe('a challenge name delegated by CNAME', () => {
  it('publishes the TXT at the end of the CNAME chain, in the zone that holds it, issues, and removes it there', async () => {
    const delegated = `dlg${randomBytes(4).toString('hex')}.test`;
    await t.dns.createZone(delegated);
    const host = `cn.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    // Two links: _acme-challenge.cn.<zone> -> step.<zone> -> cn.<delegated>.
    await t.dns.setRecord(`_acme-challenge.${host}`, 'CNAME', [`step.${t.zone}.`]);
    await t.dns.setRecord(`step.${t.zone}`, 'CNAME', [`cn.${delegated}.`]);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "dlg", hostname: $h }) { id } }`, { h: host });
    const cert = await waitUntil(async () => {
      const { domain } = await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { status certificate { id status statusReason certificatePem } } }`, { id: addDomain.id });
      if (domain.certificate?.status === 'FAILED') throw new Error(`failed: ${domain.certificate.statusReason}`);
      return domain.certificate?.status === 'ISSUED' && domain.status === 'IN_USE' && domain.certificate;
    }, 30_000, 'issuance through the delegation');
    await verifyIssued(cert.certificatePem, [host]);
    const { certificateEvents } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message } } }`, { id: cert.id });
    const published = certificateEvents.nodes.find((e: { type: string }) => e.type === 'record_published');
    expect(published.message).toContain(`cn.${delegated} (CNAME from _acme-challenge.${host})`);
    // The CNAMEs are untouched and the value went away from the delegated name.
    expect((await dns().query(`_acme-challenge.${host}`, 'CNAME')).answers.map((r) => r.data)).toEqual([`step.${t.zone}`]);
    await waitUntil(async () => (await txt(`cn.${delegated}`)).length === 0, 10_000, 'the TXT at the delegated name removed');
  });
});
