import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/postgres.js';
import { startWorkerProcess, type WorkerProcess } from './helpers/worker-process.js';
import { waitUntil } from './helpers/wait.js';

/**
 * /readyz of an `api` process, with the job worker run as a process of its own (`certplane worker`) on
 * the same database: ready while the worker's heartbeats come, 503 with the reason once they stop.
 */
const HEARTBEAT = { CERTPLANE_WORKER_HEARTBEAT: '1' };
let api: TestApp;
let worker: WorkerProcess | undefined;
beforeAll(async () => {
  api = await startTestApp({ role: 'api', databaseUrl: await createTestDatabase('readyz'), env: HEARTBEAT });
});
afterAll(async () => {
  await worker?.kill();
  await api?.stop();
});

interface Ready {
  ok: boolean;
  database: { ok: boolean; latencyMs: number };
  worker: { ok: boolean; lastSeenAt: string | null; reason?: string };
}
const readyz = async () => {
  const res = await fetch(`${api.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Ready };
};

describe('/readyz', () => {
  it('is 503 while no job worker ever ran, with the database answering', async () => {
    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ ok: false, database: { ok: true }, worker: { ok: false, lastSeenAt: null, reason: 'no job worker has ever sent a heartbeat' } });
    expect(r.body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  it('is 200 while a worker process beats, and 503 with the reason a few seconds after it is killed', async () => {
    worker = await startWorkerProcess(api.env);
    const ready = await waitUntil(async () => ((await readyz()).status === 200 ? readyz() : null), 10_000, '/readyz 200');
    expect(ready.body).toMatchObject({ ok: true, database: { ok: true }, worker: { ok: true } });
    expect(Date.now() - new Date(ready.body.worker.lastSeenAt!).getTime()).toBeLessThan(5_000);

    await worker.kill('SIGKILL');
    const killedAt = Date.now();
    const down = await waitUntil(async () => {
      const r = await readyz();
      return r.status === 503 ? r : null;
    }, 10_000, '/readyz 503 after the worker was killed');
    // Three missed heartbeats of 1 s.
    expect(Date.now() - killedAt).toBeLessThan(6_000);
    expect(down.body.worker.ok).toBe(false);
    expect(down.body.worker.reason).toMatch(/^no job worker heartbeat in the last 3 s \(last at .+\)$/);
    expect(down.body.database.ok).toBe(true);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  }, 40_000);

  it('is 503 at once when a worker stops cleanly', async () => {
    const w = await startTestApp({ role: 'worker', databaseUrl: api.app.databaseUrl, env: HEARTBEAT });
    await waitUntil(async () => (await readyz()).status === 200, 10_000, '/readyz 200');
    await w.stop();
    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.body.worker.reason).toMatch(/^no job worker heartbeat/);
  }, 30_000);
});
