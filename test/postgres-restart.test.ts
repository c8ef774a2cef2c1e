import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../server/src/db/embedded-postgres.js';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';
import { startWorkerProcess, type WorkerProcess } from './helpers/worker-process.js';

// A Postgres of its own, so this file can stop and start it without disturbing the others.
const dataDir = path.resolve(process.env.CERTPLANE_TEST_TMP ?? '.test-tmp', `pg-restart-${process.pid}`);
let port: number;
let pg: EmbeddedPostgresHandle;
let t: TestApp;
let worker: WorkerProcess;

beforeAll(async () => {
  port = await freePort();
  pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  const url = await pg.createDatabase('restart');
  // The API in this process; the worker as its own process, as deployed.
  t = await startTestApp({ role: 'api', databaseUrl: url, env: { CERTPLANE_RETRY_BASE_MS: '300', CERTPLANE_STALE_ORDER_AFTER: '2' } });
  worker = await startWorkerProcess(t.env);
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "restart") { id } }');
});
afterAll(async () => {
  await worker?.kill('SIGTERM');
  await t?.stop().catch(() => undefined);
  await pg?.stop();
});

async function addAndRequest(label: string): Promise<string> {
  const host = `${label}.${t.zone}`;
  await t.dns.setRecord(host, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "restart", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
  const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }`, { d: addDomain.id });
  return requestCertificate.id;
}

describe('a Postgres restart during issuance', () => {
  it('is survived by the API, the worker and subscriptions, with nothing lost or stuck', async () => {
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map(addAndRequest));
    await pg.stop();
    // While the database is down the API answers with an error, and stays up.
    const down = await gql(t.url, t.token, '{ organization { id } }');
    expect(down.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    await new Promise((r) => setTimeout(r, 1500));
    pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });

    await waitUntil(async () => !(await gql(t.url, t.token, '{ organization { id } }')).errors, 20_000, 'the API to reconnect');
    try {
      for (const id of ids) await waitForCertificate(t.url, t.token, id, ['ISSUED'], '', 40_000);
    } catch (err) {
      const db = t.app.ctx.db;
      const diag = {
        domains: await db.query('select hostname, status, status_message from domains'),
        certs: await db.query('select id, status, order_step, failed_attempts, status_reason, updated_at from certificates'),
        locks: await db.query(`select l.objid, a.pid, a.state, a.query, a.backend_start from pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory'`),
      };
      const log = worker.log().split('\n').slice(-60).join('\n');
      throw new Error(`${(err as Error).message}\n${JSON.stringify(diag, null, 1)}\n--- worker log (tail) ---\n${log}`);
    }
    expect(worker.child.exitCode, worker.log()).toBeNull();

    // New work flows end to end, including events from the worker to a subscriber (LISTEN reconnected).
    const sub = await subscribe<{ certificateStatusChanged: { status: string } }>(t.url, t.token, 'subscription { certificateStatusChanged { status } }');
    const id = await addAndRequest('after');
    await sub.waitFor((e) => e.certificateStatusChanged.status === 'ISSUED', 30_000);
    sub.close();
    await waitForCertificate(t.url, t.token, id, ['ISSUED']);
    const [{ n }] = await t.app.ctx.db.query(`select count(*)::int n from certificates where status = 'ISSUED'`);
    expect(n).toBe(5);
  });
});
