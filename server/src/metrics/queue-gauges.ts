import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { TaskName } from '../jobs/payloads.js';

/** Every task, so each has its series (0 when none is queued); the compiler asks for a new one here. */
const TASKS: Record<TaskName, true> = { acme_order: true, check_domain_dns: true, dns_cleanup: true, renewal_scan: true, expiry_sweep: true, check_zone: true };
const STATES = ['ready', 'scheduled', 'running', 'failed'] as const;

/**
 * graphile-worker's queue, read from its jobs table: jobs by task and state (`ready`: runnable now,
 * `scheduled`: waiting for their run_at, `running`: locked by a worker, `failed`: out of attempts) and
 * how long the oldest runnable job of each task has waited (0 when none waits).
 */
/** Jobs by task and state, and the oldest runnable job's wait (graphile-worker's jobs view). */
export const QUEUE_SQL = `
  select task_identifier as task,
    count(*) filter (where locked_at is null and run_at <= now() and attempts < max_attempts)::int as ready,
    count(*) filter (where locked_at is null and run_at > now() and attempts < max_attempts)::int as scheduled,
    count(*) filter (where locked_at is not null)::int as running,
    count(*) filter (where locked_at is null and attempts >= max_attempts)::int as failed,
    coalesce(extract(epoch from now() - min(run_at) filter (where locked_at is null and run_at <= now() and attempts < max_attempts)), 0)::float8 as oldest
  from graphile_worker.jobs group by task_identifier`;

export function createQueueGauges(registry: Registry) {
  const registers = [registry];
  const jobs = new Gauge({ name: 'certplane_jobs', help: 'graphile-worker jobs, by task and state (ready, scheduled, running, failed)', labelNames: ['task', 'state'] as const, registers });
  const oldest = new Gauge({ name: 'certplane_job_queue_oldest_seconds', help: 'Seconds the oldest runnable, unlocked job of each task has waited past its run_at', labelNames: ['task'] as const, registers });

  return async function refresh(db: DataSource): Promise<void> {
    const rows = (await db.query(QUEUE_SQL)) as Array<{ task: string; ready: number; scheduled: number; running: number; failed: number; oldest: number }>;
    jobs.reset();
    oldest.reset();
    const zero = { ready: 0, scheduled: 0, running: 0, failed: 0, oldest: 0 };
    const byTask = new Map(Object.keys(TASKS).map((task) => [task, { task, ...zero }]));
    for (const r of rows) byTask.set(r.task, r);
    for (const r of byTask.values()) {
      for (const state of STATES) jobs.set({ task: r.task, state }, r[state]);
      oldest.set({ task: r.task }, r.oldest);
    }
  };
}
