import type { EntityManager } from 'typeorm';
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
  await db.query(
    'select graphile_worker.add_job($1, $2::json, run_at => $3, max_attempts => $4, job_key => $5, priority => $6)',
    [task, JSON.stringify(payload), opts.runAt ?? null, opts.maxAttempts ?? 25, opts.jobKey ?? null, opts.priority ?? 0],
  );
}
