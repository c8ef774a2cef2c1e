import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { BLOCKED_SUFFIX } from './helpers/pebble.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';
import { recordLedger } from '../server/src/certificates/acme-ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "limits") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

describe("Let's Encrypt rate limits, applied before ordering", () => {
  it('holds the sixth order for a name that failed five times in the last hour, saying why, instead of asking the CA', async () => {
    const zone = `rl-${Date.now().toString(36)}.${BLOCKED_SUFFIX}`;
    await t.dns.createZone(zone);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "limits", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: `www.${zone}` });
    const request = async () => (await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }`, { d: addDomain.id })).requestCertificate.id as string;
    for (let i = 0; i < 5; i++) await waitForCertificate(t.url, t.token, await request(), ['FAILED']);

    const held = await request();
    const events = async () =>
      (await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message } } }`, { id: held })).certificateEvents.nodes as Array<{ type: string; message: string }>;
    await waitUntil(async () => (await events()).some((e) => e.type === 'rate_limited'), 15_000, 'rate_limited event');
    const { certificate } = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { status statusReason } }`, { id: held });
    expect(certificate.status).toBe('PENDING');
    expect(certificate.statusReason).toMatch(new RegExp(`^5 orders for www\\.${zone.replace(/\./g, '\\.')} failed in the last hour .* waits until \\d{4}-`));
    expect((await events()).map((e) => e.type)).not.toContain('order_created');
    // The hold is a scheduled job, not a busy loop: one event, and the job sleeps until the window frees.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await events()).filter((e) => e.type === 'rate_limited')).toHaveLength(1);
    const [job] = await t.app.ctx.db.query(`select run_at from graphile_worker.jobs where key = $1`, [`acme_order:${held}`]);
    expect(new Date(job.run_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  const add = async (h: string) =>
    (await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "limits", hostname: $h, letsencryptEnabled: false }) { id } }`, { h })).addDomain.id as string;
  const requestFor = async (d: string, sans: string[] = []) =>
    (await gqlOk(t.url, t.token, `mutation($d: ID!, $s: [String!]!) { requestCertificate(input: { domain: $d, sans: $s, keyType: ECDSA_P256 }) { id } }`, { d, s: sans })).requestCertificate.id as string;
  const heldFor = async (id: string) =>
    waitUntil(async () => {
      const { certificate } = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { status statusReason rateLimitedUntil } }`, { id });
      if (certificate.status !== 'PENDING') throw new Error(`certificate ${id} went ${certificate.status}: ${certificate.statusReason}`);
      return certificate.rateLimitedUntil && certificate;
    }, 15_000, 'the order to be held');

  it('keeps counting certificates after they are deleted: the sixth for the same names in 7 days is held', async () => {
    const host = `dup.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const domain = await add(host);
    for (let i = 0; i < 5; i++) {
      const id = await requestFor(domain);
      await waitForCertificate(t.url, t.token, id, ['ISSUED']);
      await gqlOk(t.url, t.token, `mutation($id: ID!) { deleteCertificate(id: $id) }`, { id });
    }
    const held = await heldFor(await requestFor(domain));
    expect(held.statusReason).toMatch(/^5 certificates for exactly these names were issued in the last 7 days/);
    // The ledger outlives the domain too.
    await gqlOk(t.url, t.token, `mutation($id: ID!) { removeDomain(id: $id) }`, { id: domain });
    const again = await add(host);
    expect((await heldFor(await requestFor(again))).statusReason).toMatch(/^5 certificates for exactly these names/);
  });

  it('counts failed validations per name, for each SAN: a name that failed five times as another certificate\'s SAN is held', async () => {
    const zone = `rs-${Date.now().toString(36)}.${BLOCKED_SUFFIX}`;
    await t.dns.createZone(zone);
    const base = await add(`x.${zone}`);
    for (let i = 0; i < 5; i++) await waitForCertificate(t.url, t.token, await requestFor(base, [`a.x.${zone}`]), ['FAILED']);
    const own = await add(`a.x.${zone}`);
    const held = await heldFor(await requestFor(own));
    expect(held.statusReason).toMatch(new RegExp(`^5 orders for a\\.x\\.${zone.replace(/\./g, '\\.')} failed in the last hour`));
  });

  it('holds the 51st certificate under one registered domain in 7 days, counting every organization of the installation', async () => {
    const other = await t.newOrganization('neighbour');
    const zone = `rd-${Date.now().toString(36)}.test`;
    await t.dns.createZone(zone);
    // The other organization was issued 50 certificates under the same registered domain.
    const directoryUrl = t.app.ctx.config.acme.directoryUrl;
    await t.app.ctx.db.transaction(async (m) => {
      for (let i = 0; i < 50; i++) await recordLedger(m, { directoryUrl, organizationId: other.organizationId, hostname: `n${i}.${zone}`, sans: [] }, 'certificate');
    });
    const host = `mine.${zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const held = await heldFor(await requestFor(await add(host)));
    expect(held.statusReason).toMatch(new RegExp(`^50 certificates for names under ${zone.replace(/\./g, '\\.')} were issued in the last 7 days`));
  });
});
