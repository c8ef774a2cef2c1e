import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The three counter functions of migration add-organization-counts, with (`changes`) or without the
 * `changes = 1` this migration adds to the rows they append: `up` installs the first, `down` the second.
 */
function counterFunctions(changes: boolean): string[] {
  const col = changes ? ', changes' : '';
  const one = changes ? ', 1' : '';
  const fn = (name: string, certificates: string, domains: string) => `
      create or replace function ${name}() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certificates' then
          ${certificates}
        else
          ${domains}
        end if;
        return null;
      end $$`;
  const add = (c: string) => `insert into organization_counts (organization_id, ${c}${col})
            select organization_id, count(*)${one} from new_rows group by organization_id;`;
  // Rows removed because their organization is being deleted add nothing: its counts go with it.
  const remove = (c: string) => `insert into organization_counts (organization_id, ${c}${col})
            select d.organization_id, -count(*)${one} from old_rows d
            where exists (select 1 from organizations o where o.id = d.organization_id) group by d.organization_id;`;
  // With changes, a truncate changes every organization that had counter rows, even at a count of 0.
  const truncate = (c: string) => `insert into organization_counts (organization_id, ${c}${col})
            select organization_id, -sum(${c})${one} from organization_counts group by organization_id${changes ? '' : ` having sum(${c}) <> 0`};`;
  return [
    fn('organization_counts_add', add('certificates'), add('domains')),
    fn('organization_counts_remove', remove('certificates'), remove('domains')),
    fn('organization_counts_truncate', truncate('certificates'), truncate('domains')),
  ];
}

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
    for (const sql of counterFunctions(true)) await q.query(sql);
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
    for (const sql of counterFunctions(false)) await q.query(sql);
    await q.query(`alter table organization_counts drop column changes`);
  }
}
