import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';
import { createDnsClient } from '../server/src/dns/dns-client.js';

let t: TestApp;
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(inject('pdns').apiUrl);
  t = await startTestApp({
    env: {
      CERTPLANE_PDNS_API_URL: proxy.url,
      CERTPLANE_RETRY_BASE_MS: '200',
      CERTPLANE_MAX_ORDER_ATTEMPTS: '4',
      CERTPLANE_DNS_PROVIDER_TIMEOUT: '1',
      CERTPLANE_DNS_PROPAGATION_TIMEOUT: '2',
    },
  });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "faults") { id } }');
});
afterAll(async () => {
  await t?.stop();
  await proxy?.close();
});

async function request(label: string, zone = t.zone): Promise<string> {
  const host = `${label}.${zone}`;
  const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "faults", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
  const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }`, { d: addDomain.id });
  return requestCertificate.id;
}

const eventsOf = async (id: string) =>
  (await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message reason createdAt } } }`, { id })).certificateEvents
    .nodes as Array<{ type: string; message: string; reason: string | null; createdAt: string }>;

const txtAt = async (name: string) => (await createDnsClient({ servers: [inject('pdns').dnsAddress] }).query(name, 'TXT')).answers.length;

describe('when the DNS provider fails', () => {
  it('retries a PowerDNS API answering 500 first within about half a second, then with backoff, and issues once it recovers', async () => {
    proxy.mode = 'error500';
    const id = await request('flaky');
    await waitUntil(async () => (await eventsOf(id)).filter((e) => e.type === 'retry').length >= 2, 15_000, 'two retries');
    proxy.mode = 'pass';
    await waitForCertificate(t.url, t.token, id, ['ISSUED']);
    const retries = (await eventsOf(id)).filter((e) => e.type === 'retry');
    // The first retry: 250-750 ms whatever CERTPLANE_RETRY_BASE_MS says; the second: the base (200 ms) +-25%.
    const [, first] = /attempt 1 of 4 failed \(dns_provider\), retrying in (\d\.\d) s: .*500/.exec(retries[0].message) ?? [];
    expect(Number(first)).toBeGreaterThanOrEqual(0.2);
    expect(Number(first)).toBeLessThanOrEqual(0.8);
    expect(retries[1].message).toMatch(/attempt 2 of 4 failed \(dns_provider\), retrying in 0\.[123] s/);
    expect(retries.map((r) => r.reason)).toEqual(['dns_provider', 'dns_provider']);
    // The second attempt came after the first retry's wait, not after a poll or the exponential schedule.
    const gap = Date.parse(retries[1].createdAt) - Date.parse(retries[0].createdAt);
    expect(gap).toBeGreaterThanOrEqual(Number(first) * 1000 - 100);
    expect(gap).toBeLessThan(Number(first) * 1000 + 1000);
    await waitUntil(async () => (await txtAt(`_acme-challenge.flaky.${t.zone}`)) === 0, 10_000, 'challenge record removal');
  });

  it('gives up with a reason when the PowerDNS API stays unreachable', async () => {
    proxy.mode = 'refuse';
    const id = await request('down');
    const cert = await waitForCertificate(t.url, t.token, id, ['FAILED'], '', 20_000);
    proxy.mode = 'pass';
    expect(cert.statusReason).toMatch(/^gave up after 4 attempts: PowerDNS API at .* unreachable/);
  });

  it('gives up with a reason when the PowerDNS API never answers (timeout)', async () => {
    proxy.mode = 'hang';
    const id = await request('hang');
    const cert = await waitForCertificate(t.url, t.token, id, ['FAILED'], '', 25_000);
    proxy.mode = 'pass';
    expect(cert.statusReason).toMatch(/gave up after 4 attempts: .*no answer within 1000 ms/);
  });

  it('removes the challenge record after a failure, retrying the removal while the API is down', async () => {
    // A zone whose second nameserver never answers: the record is published but never fully visible.
    const zone = `dead-ns-${Date.now().toString(36)}.test`;
    await t.dns.createZone(zone);
    await t.dns.setRecord(zone, 'NS', [`ns1.${zone}.`, `ns2.${zone}.`]);
    await t.dns.setRecord(`ns2.${zone}`, 'A', ['127.0.0.2']);
    const id = await request('www', zone);
    const record = `_acme-challenge.www.${zone}`;
    await waitUntil(async () => (await eventsOf(id)).some((e) => e.type === 'record_published'), 15_000, 'record published');
    expect(await txtAt(record)).toBe(1);
    proxy.mode = 'error500'; // the clean-up after the failure meets a broken API
    const cert = await waitForCertificate(t.url, t.token, id, ['FAILED'], '', 20_000);
    expect(cert.statusReason).toMatch(new RegExp(`TXT record ${record} was not visible .* after \\d+ s: .*127\\.0\\.0\\.2`));
    await waitUntil(async () => proxy.counts.error500 > 0, 10_000, 'a failed clean-up attempt');
    expect(await txtAt(record)).toBe(1);
    proxy.mode = 'pass';
    await waitUntil(async () => (await txtAt(record)) === 0, 20_000, 'record removed once the API is back');
    expect((await eventsOf(id)).map((e) => e.type)).toContain('record_removed');
  });
});
