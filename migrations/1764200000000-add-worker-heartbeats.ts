import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each graphile-worker worker of a live process says so here every housekeeping round. A job locked by a
 * worker that stopped saying so (its process was killed) is unlocked for others instead of waiting out
 * graphile-worker's 4 hour lock (server/src/jobs/dead-workers.ts).
 */
export class AddWorkerHeartbeats1764200000000 implements MigrationInterface {
  name = 'AddWorkerHeartbeats1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table worker_heartbeats (worker_id text primary key, seen_at timestamptz not null default now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table worker_heartbeats`);
  }
}
