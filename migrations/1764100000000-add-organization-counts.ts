import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `totalCount` of the unfiltered `certificates` and `domains` lists without counting rows
 * (bench/api.ts: the count was 2.3 ms of Postgres CPU per page over 10k rows, O(rows)).
 * Statement-level triggers append one row of deltas per statement and organization (a bulk insert
 * adds its count once); the count is the sum of the organization's rows, which the worker compacts to
 * one row every minute (server/src/db/organization-counts.ts). Appending instead of updating one
 * counter row keeps concurrent inserts in an organization from queueing on that row's lock (measured:
 * a burst of 100 requestCertificate calls took 4.2 s with a single counter row).
 */
export class AddOrganizationCounts1764100000000 implements MigrationInterface {
  name = 'AddOrganizationCounts1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table organization_counts (
        organization_id uuid not null references organizations(id) on delete cascade,
        certificates bigint not null default 0,
        domains bigint not null default 0
      )`);
    await q.query(`create index organization_counts_org on organization_counts (organization_id)`);
    await q.query(`
      create function organization_counts_add() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          insert into organization_counts (organization_id, certificates)
            select organization_id, count(*) from new_rows group by organization_id;
        else
          insert into organization_counts (organization_id, domains)
            select organization_id, count(*) from new_rows group by organization_id;
        end if;
        return null;
      end $$`);
    // Rows removed because their organization is being deleted add nothing: its counts go with it.
    await q.query(`
      create function organization_counts_remove() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          insert into organization_counts (organization_id, certificates)
            select d.organization_id, -count(*) from old_rows d
            where exists (select 1 from organizations o where o.id = d.organization_id) group by d.organization_id;
        else
          insert into organization_counts (organization_id, domains)
            select d.organization_id, -count(*) from old_rows d
            where exists (select 1 from organizations o where o.id = d.organization_id) group by d.organization_id;
        end if;
        return null;
      end $$`);
    await q.query(`
      create function organization_counts_truncate() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          insert into organization_counts (organization_id, certificates)
            select organization_id, -sum(certificates) from organization_counts group by organization_id having sum(certificates) <> 0;
        else
          insert into organization_counts (organization_id, domains)
            select organization_id, -sum(domains) from organization_counts group by organization_id having sum(domains) <> 0;
        end if;
        return null;
      end $$`);
    for (const table of ['certificates', 'domains']) {
      await q.query(`create trigger ${table}_count_insert after insert on ${table} referencing new table as new_rows
        for each statement execute function organization_counts_add()`);
      await q.query(`create trigger ${table}_count_delete after delete on ${table} referencing old table as old_rows
        for each statement execute function organization_counts_remove()`);
      await q.query(`create trigger ${table}_count_truncate after truncate on ${table} for each statement execute function organization_counts_truncate()`);
    }
    // Rows that exist already (creating the triggers locked both tables against writes until this commits).
    await q.query(`
      insert into organization_counts (organization_id, certificates, domains)
      select o.id,
        (select count(*) from certificates c where c.organization_id = o.id),
        (select count(*) from domains d where d.organization_id = o.id)
      from organizations o`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['certificates', 'domains']) {
      await q.query(`drop trigger ${table}_count_truncate on ${table}`);
      await q.query(`drop trigger ${table}_count_delete on ${table}`);
      await q.query(`drop trigger ${table}_count_insert on ${table}`);
    }
    await q.query(`drop function organization_counts_truncate()`);
    await q.query(`drop function organization_counts_remove()`);
    await q.query(`drop function organization_counts_add()`);
    await q.query(`drop table organization_counts`);
  }
}
