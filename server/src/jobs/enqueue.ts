import type { EntityManager } from 'typeorm';
import { bind } from '../db/rows.js';
import type { TaskPayloads, TaskName } from './payloads.js';

export interface EnqueueOptions {
  runAt?: Date;
  /** Deduplicates: a pending job with the same key is replaced instead of doubled. */
  jobKey?: string;
  maxAttempts?: number;
  /** Lower runs first (default 0). */
  priority?: number;
}

/**
 * Adds a graphile-worker job through the caller's connection, so the job exists exactly when the
 * caller's transaction commits (state change and its job together). Callers use the typed functions
 * of queue.ts, which own task names and job keys.
 */
export async function enqueue<T extends TaskName>(db: EntityManager, task: T, payload: TaskPayloads[T], opts: EnqueueOptions = {}): Promise<void> {
  const params: unknown[] = [];
  await db.query(`select ${addJobCall(params, { task, payload, opts })}`, params);
}

/** A job to add, as enqueue() takes it. */
export interface JobSpec<T extends TaskName = TaskName> {
  task: T;
  payload: TaskPayloads[T];
  opts?: EnqueueOptions;
}

/**
 * The `graphile_worker.add_job(...)` call adding `spec`, its values appended to `params`: for a
 * statement that adds its job as it writes (certificates/certificate-events.ts), so the change and its
 * job commit together without a transaction of their own.
 */
export function addJobCall(params: unknown[], spec: JobSpec): string {
  const { task, payload, opts = {} } = spec;
  const at = (v: unknown) => bind(params, v);
  return `graphile_worker.add_job(${at(task)}::text, ${at(JSON.stringify(payload))}::json, run_at => ${at(opts.runAt ?? null)}::timestamptz, max_attempts => ${at(opts.maxAttempts ?? 25)}::int, job_key => ${at(opts.jobKey ?? null)}::text, priority => ${at(opts.priority ?? 0)}::int)`;
}
