import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { BLOCKED_SUFFIX } from './helpers/pebble.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

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
});
