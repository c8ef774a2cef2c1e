import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DNS provider credentials set through the API (Scalingo sets them per app): per organization or per
 * app, optionally only for names under one zone. Settings are sealed JSON (AES-256-GCM under the master
 * key, bound to the row's id), never readable back; their names are kept in clear to list them.
 * One set per scope (organization, app, zone).
 */
export class AddDnsCredentials1764900000000 implements MigrationInterface {
  name = 'AddDnsCredentials1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table dns_credentials (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        app_id uuid references apps(id) on delete cascade,
        zone text,
        provider text not null,
        settings bytea not null,
        setting_names text[] not null,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(
      `create unique index dns_credentials_scope on dns_credentials (organization_id, coalesce(app_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(zone, ''))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table dns_credentials`);
  }
}
