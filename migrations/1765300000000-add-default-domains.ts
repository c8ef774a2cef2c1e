import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Default domains and the platform certificate (CERTPLANE_PLATFORM_DOMAIN, server/src/platform/):
 * - organizations.is_platform: the one organization that holds the platform's own domain and
 *   certificate (the operator's; hidden from the operator's list, never given tokens);
 * - domains.kind: CUSTOM (added by an organization), DEFAULT (an app's `<app>.<platform domain>`,
 *   created and removed with its app, at most one per app) or PLATFORM (`*.<platform domain>`, whose
 *   certificate serves every default domain; at most one).
 */
export class AddDefaultDomains1765300000000 implements MigrationInterface {
  name = 'AddDefaultDomains1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table organizations add column is_platform boolean not null default false`);
    await q.query(`create unique index organizations_one_platform on organizations (is_platform) where is_platform`);
    await q.query(`alter table domains add column kind text not null default 'CUSTOM' check (kind in ('CUSTOM', 'DEFAULT', 'PLATFORM'))`);
    // Also the index the bulk refresh of every default domain scans (kind = 'DEFAULT').
    await q.query(`create unique index domains_one_default_per_app on domains (app_id) where kind = 'DEFAULT'`);
    await q.query(`create unique index domains_one_platform on domains (kind) where kind = 'PLATFORM'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index domains_one_platform`);
    await q.query(`drop index domains_one_default_per_app`);
    await q.query(`alter table domains drop column kind`);
    await q.query(`drop index organizations_one_platform`);
    await q.query(`alter table organizations drop column is_platform`);
  }
}
