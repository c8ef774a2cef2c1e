import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { waitUntil } from './helpers/wait.js';
import { createRenewalScanTask } from '../server/src/jobs/tasks/renewal-scan.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "renew") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const CERT = 'id status serial nextRenewalAt expiresAt certificatePem';

describe('renewal', () => {
  it('renews a certificate once a third of its lifetime remains, serving the old one until the new one is issued', async () => {
    const host = `renew.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "renew", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
    const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }`, { d: addDomain.id });
    const first = await waitUntil(async () => {
      const { certificate } = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { ${CERT} } }`, { id: requestCertificate.id });
      return certificate.status === 'ISSUED' && certificate;
    }, 30_000, 'first issuance');

    const scanAt = (ms: number) => createRenewalScanTask({ ...t.app.ctx, now: () => new Date(ms) })({}, {} as never);
    // Just before the renewal time nothing happens.
    await scanAt(new Date(first.nextRenewalAt).getTime() - 60_000);
    const { certificateEvents: before } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type } } }`, { id: first.id });
    expect(before.nodes.map((e: { type: string }) => e.type)).not.toContain('renewal_started');

    const sub = await subscribe<{ certificateStatusChanged: { status: string } }>(t.url, t.token, `subscription($id: ID) { certificateStatusChanged(id: $id) { status } }`, { id: first.id });
    await scanAt(new Date(first.nextRenewalAt).getTime() + 1000);
    const during = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { status serial } }`, { id: first.id });
    expect(during.certificate).toMatchObject({ status: 'ISSUED' });

    const renewed = await waitUntil(async () => {
      const { certificate } = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { ${CERT} } }`, { id: first.id });
      return certificate.serial !== first.serial && certificate;
    }, 30_000, 'renewed certificate');
    sub.close();
    expect(renewed.status).toBe('ISSUED');
    await verifyIssued(renewed.certificatePem, [host]);
    // It never left ISSUED on the subscription (it was served throughout).
    expect(sub.events.map((e) => e.certificateStatusChanged.status).filter((s) => s !== 'ISSUED')).toEqual([]);
    const { certificateEvents } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type } } }`, { id: first.id });
    const types = certificateEvents.nodes.map((e: { type: string }) => e.type);
    expect(types.filter((x: string) => x === 'renewal_started')).toHaveLength(1);
    expect(types.filter((x: string) => x === 'issued')).toHaveLength(2);
    expect(types.filter((x: string) => x === 'order_created')).toHaveLength(2);
  });
});
