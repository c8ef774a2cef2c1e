import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per organization for its `certificates` and `domains` rows: the sum of
 * `organization_counts.changes`, to which every statement that inserts, updates, deletes or truncates
 * those rows adds 1 per organization it touched, in its own transaction. The sum therefore grows
 * exactly when such a change commits, and compaction keeps it (it folds sums). The API serves a list
 * page again from memory while the version it was read at is still the organization's
 * (server/src/db/list-cache.ts). Appended rows, as for the counts: no lock for writers to queue on.
 */
export class AddOrganizationChanges1764400000000 implements MigrationInterface {
  name = 'AddOrganizationChanges1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table organization_counts add column changes bigint not null default 0`);
    // Inserts and deletes already append a row: it now says `changes = 1` too.
    await q.query(`
      create or replace function organization_counts_add() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          insert into organization_counts (organization_id, certificates, changes)
            select organization_id, count(*), 1 from new_rows group by organization_id;
        else
          insert into organization_counts (organization_id, domains, changes)
            select organization_id, count(*), 1 from new_rows group by organization_id;
        end if;
        return null;
      end $$`);
    await q.query(`
      create or replace function organization_counts_remove() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          insert into organization_counts (organization_id, certificates, changes)
            select d.organization_id, -count(*), 1 from old_rows d
            where exists (select 1 from organizations o where o.id = d.organization_id) group by d.organization_id;
        else
          insert into organization_counts (organization_id, domains, changes)
            select d.organization_id, -count(*), 1 from old_rows d
            where exists (select 1 from organizations o where o.id = d.organization_id) group by d.organization_id;
        end if;
        return null;
      end $$`);
    // A truncate changes every organization that had counter rows (all of them, after the first row).
    await q.query(`
      create or replace function organization_counts_truncate() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          insert into organization_counts (organization_id, certificates, changes)
            select organization_id, -sum(certificates), 1 from organization_counts group by organization_id;
        else
          insert into organization_counts (organization_id, domains, changes)
            select organization_id, -sum(domains), 1 from organization_counts group by organization_id;
        end if;
        return null;
      end $$`);
    await q.query(`
      create function organization_changes_update() returns trigger language plpgsql as $$
      begin
        insert into organization_counts (organization_id, changes)
          select organization_id, 1 from (select organization_id from new_rows union select organization_id from old_rows) t
          where exists (select 1 from organizations o where o.id = t.organization_id);
        return null;
      end $$`);
    for (const table of ['certificates', 'domains']) {
      await q.query(`create trigger ${table}_change_update after update on ${table} referencing old table as old_rows new table as new_rows
        for each statement execute function organization_changes_update()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['certificates', 'domains']) await q.query(`drop trigger ${table}_change_update on ${table}`);
    await q.query(`drop function organization_changes_update()`);
    await q.query(`
      create or replace function organization_counts_add() returns trigger language plpgsql as $$
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
    await q.query(`
      create or replace function organization_counts_remove() returns trigger language plpgsql as $$
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
      create or replace function organization_counts_truncate() returns trigger language plpgsql as $$
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
    await q.query(`alter table organization_counts drop column changes`);
  }
}
