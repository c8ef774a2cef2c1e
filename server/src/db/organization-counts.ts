import type { DataSource } from 'typeorm';

/**
 * Row counts per organization, kept by triggers as rows of deltas (migration add-organization-counts).
 * The count is the sum of the organization's rows: a scalar subquery on the organization id
 * placeholder `org` (e.g. `$1`), 0 before its first row.
 */
export function organizationCountSql(relation: 'certificates' | 'domains', org: string): string {
  return `(select coalesce(sum(${relation}), 0) from organization_counts where organization_id = ${org})`;
}

/**
 * The organization's data version: grows with every committed statement that changed its certificates
 * or domains (migration add-organization-changes). Same placeholder convention as the count.
 */
export function organizationVersionSql(org: string): string {
  return `(select coalesce(sum(changes), 0) from organization_counts where organization_id = ${org})`;
}

/**
 * Folds each organization's delta rows into one, so reading a count stays a one-row sum. One statement:
 * readers see the rows before or after, never half; rows appended meanwhile are left for next time,
 * and two compactions at once each fold only the rows they deleted.
 */
export async function compactOrganizationCounts(db: DataSource): Promise<number> {
  const rows = (await db.query(`
    with gone as (
      delete from organization_counts where organization_id in (
        select organization_id from organization_counts group by organization_id having count(*) > 1)
      returning organization_id, certificates, domains, changes),
    kept as (
      insert into organization_counts (organization_id, certificates, domains, changes)
      select organization_id, sum(certificates), sum(domains), sum(changes) from gone group by organization_id
      returning 1)
    select count(*)::int as n from kept`)) as Array<{ n: number }>;
  return rows[0].n;
}
