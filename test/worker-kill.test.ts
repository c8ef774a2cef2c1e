import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { startWorkerProcess } from './helpers/worker-process.js';

let t: TestApp;
beforeAll(async () => {
  // API in this process; workers are separate processes that the test kills.
  t = await startTestApp({ role: 'api', env: { CERTPLANE_STALE_ORDER_AFTER: '1' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "kill") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

async function certRow(id: string) {
  const [row] = await t.app.ctx.db.query('select status, order_step, order_url from certificates where id = $1', [id]);
  return row as { status: string; order_step: string; order_url: string | null };
}

describe('a worker killed during an order', () => {
  it.each(['order_created', 'records_published', 'challenges_accepted', 'finalized'])(
    'is SIGKILLed right after %s, and a new worker finishes the same order with no second order',
    async (step) => {
      const host = `${step.replace(/_/g, '-')}.${t.zone}`;
      await t.dns.setRecord(host, 'A', ['127.0.0.1']);
      const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "kill", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
      const doomed = await startWorkerProcess({ ...t.env, CERTPLANE_STALE_ORDER_AFTER: '1', CERTPLANE_FAILPOINTS: `crash-after:${step}` });
      const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }`, { d: addDomain.id });
      const exit = await Promise.race([doomed.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
      expect(exit?.signal, doomed.log()).toBe('SIGKILL');
      const atCrash = await certRow(requestCertificate.id);
      expect(atCrash.order_step).toBe(step);
      expect(atCrash.order_url).toMatch(/^https:\/\//);

      const healthy = await startWorkerProcess({ ...t.env, CERTPLANE_STALE_ORDER_AFTER: '1' });
      try {
        const deadline = Date.now() + 30_000;
        while ((await certRow(requestCertificate.id)).status !== 'ISSUED') {
          if (Date.now() > deadline) throw new Error(`not issued: ${JSON.stringify(await certRow(requestCertificate.id))}\n${healthy.log()}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        await healthy.kill('SIGTERM');
      }
      const done = await certRow(requestCertificate.id);
      expect(done.order_url).toBe(atCrash.order_url);
      const { certificateEvents } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type } } }`, { id: requestCertificate.id });
      const types = certificateEvents.nodes.map((e: { type: string }) => e.type);
      expect(types.filter((x: string) => x === 'order_created')).toHaveLength(1);
      expect(types.filter((x: string) => x === 'issued')).toHaveLength(1);
      const { certificates } = await gqlOk(t.url, t.token, `query($d: ID!) { certificates(domain: $d) { totalCount edges { node { certificatePem } } } }`, { d: addDomain.id });
      expect(certificates.totalCount).toBe(1);
      await verifyIssued(certificates.edges[0].node.certificatePem, [host]);
    },
    90_000,
  );
});

describe('a worker killed while it holds a job', () => {
  it("has its job unlocked for the other workers once it stops beating, not after graphile-worker's 4 hours", async () => {
    const host = `dns-check-kill.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const doomed = await startWorkerProcess({ ...t.env, CERTPLANE_STALE_ORDER_AFTER: '1', CERTPLANE_FAILPOINTS: 'crash-after:domain_check_started' });
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "kill", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
    const exit = await Promise.race([doomed.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    expect(exit?.signal, doomed.log()).toBe('SIGKILL');
    const locked = await t.app.ctx.db.query(`select locked_by from graphile_worker.jobs where task_identifier = 'check_domain_dns' and locked_by is not null`);
    expect(locked).toHaveLength(1);

    const healthy = await startWorkerProcess({ ...t.env, CERTPLANE_STALE_ORDER_AFTER: '1' });
    try {
      const deadline = Date.now() + 30_000;
      const status = async () => (await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { status } }', { id: addDomain.id })).domain.status;
      while ((await status()) !== 'IN_USE') {
        if (Date.now() > deadline) throw new Error(`domain not IN_USE: ${await status()}\n${healthy.log()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(healthy.log()).toContain('unlocked the jobs of workers that stopped');
      expect(healthy.log()).toContain(locked[0].locked_by);
    } finally {
      await healthy.kill('SIGTERM');
    }
  }, 90_000);
});

