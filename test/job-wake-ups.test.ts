import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { waitForCertificate } from './helpers/wait.js';

let t: TestApp;
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(inject('pdns').apiUrl);
  // A poll interval far longer than the first retry's wait: the retry would come 4 s late if only
  // polling found the re-queued step.
  t = await startTestApp({ env: { CERTPLANE_PDNS_API_URL: proxy.url, CERTPLANE_WORKER_POLL_INTERVAL: '4000' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "wake") { id } }');
});
afterAll(async () => {
  await t?.stop();
  await proxy?.close();
});

describe('a transient error within an order', () => {
  it("is retried after about half a second, when its wait ends, not at the worker's next poll", async () => {
    const host = `wake.${t.zone}`;
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "wake", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
    proxy.failNext = 4; // the DNS API answers 500 four times (one more than the provider retries by itself), then works again
    const t0 = Date.now();
    const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }`, { d: addDomain.id });
    await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED'], '', 30_000);
    const took = Date.now() - t0;
    const events = (await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type reason message createdAt } } }`, { id: requestCertificate.id }))
      .certificateEvents.nodes as Array<{ type: string; reason: string | null; message: string; createdAt: string }>;
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((r) => r.reason)).toEqual(['dns_provider']);
    expect(retries[0].message).toMatch(/retrying in 0\.[2-8] s/);
    const retryAt = Date.parse(retries[0].createdAt);
    const next = events.find((e) => Date.parse(e.createdAt) > retryAt + 100 && e.type !== 'retry');
    expect(next, 'a step after the retry').toBeDefined();
    expect(Date.parse(next!.createdAt) - retryAt).toBeLessThan(2000);
    expect(took).toBeLessThan(4000);
  });
});
