import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans become configuration (CERTPLANE_PLANS; server/src/plans/plans.ts), so the column takes any plan
 * name; organizations made before plans were enforced move to `unlimited` (nothing they did is refused
 * now). Organizations can be suspended (their tokens stop working). Platform-operator credentials
 * (`cpo_` tokens, SHA-256 stored) manage organizations through the operator part of the API.
 */
export class AddPlansAndOperators1765100000000 implements MigrationInterface {
  name = 'AddPlansAndOperators1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table organizations drop constraint if exists organizations_plan_check`);
    await q.query(`update organizations set plan = 'unlimited'`);
    await q.query(`alter table organizations alter column plan set default 'free'`);
    await q.query(`alter table organizations add column suspended_at timestamptz`);
    await q.query(`
      create table operator_tokens (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        token_hash text not null unique,
        created_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table operator_tokens`);
    await q.query(`alter table organizations drop column suspended_at`);
    await q.query(`update organizations set plan = 'free' where plan not in ('free', 'plus', 'pro', 'elite')`);
    await q.query(`alter table organizations add constraint organizations_plan_check check (plan in ('free', 'plus', 'pro', 'elite'))`);
  }
}
