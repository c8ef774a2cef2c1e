import type { DataSource } from 'typeorm';

/** Marks these graphile-worker workers (this process's) alive now; forgets workers silent for a day. */
export async function heartbeat(db: DataSource, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db.query(
    `insert into worker_heartbeats (worker_id, seen_at) select unnest($1::text[]), now()
     on conflict (worker_id) do update set seen_at = now()`,
    [workerIds],
  );
  await db.query(`delete from worker_heartbeats where seen_at < now() - interval '1 day'`);
}

/** Removes the heartbeats of workers that stopped cleanly. */
export async function forgetWorkers(db: DataSource, workerIds: string[]): Promise<void> {
  if (workerIds.length) await db.query(`delete from worker_heartbeats where worker_id = any($1::text[])`, [workerIds]);
}

/**
 * Unlocks the jobs of workers that have not said they are alive for `silentMs` (their process was
 * killed), when the jobs have been locked that long too: other workers run them now, not after
 * graphile-worker's 4 hour lock. Returns the workers unlocked. A worker that never sent a heartbeat
 * (killed while starting) counts as silent.
 */
export async function unlockDeadWorkers(db: DataSource, silentMs: number): Promise<string[]> {
  const rows = (await db.query(
    `with dead as (
       select distinct j.locked_by as worker_id from graphile_worker.jobs j
       where j.locked_by is not null and j.locked_at < now() - $1 * interval '1 millisecond'
         and not exists (select 1 from worker_heartbeats h where h.worker_id = j.locked_by and h.seen_at > now() - $1 * interval '1 millisecond'))
     select array(select worker_id from dead) as ids`,
    [silentMs],
  )) as Array<{ ids: string[] }>;
  const ids = rows[0].ids;
  if (ids.length) await db.query(`select graphile_worker.force_unlock_workers($1::text[])`, [ids]);
  return ids;
}
