import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Zones an organization claims (CertaDNS's zones): PENDING_VERIFICATION until control is proven by a
 * TXT record or by delegation to the platform's nameservers, then VERIFIED. An organization imports a
 * name once; any number of organizations may hold it PENDING, at most one VERIFIED (zones_verified_name):
 * another organization that proves control with its own TXT record moves the verified zone to itself.
 * Written only by server/src/zones/.
 */
export class AddZones1765200000000 implements MigrationInterface {
  name = 'AddZones1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table zones (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        name text not null check (name = lower(name) and name !~ '\\.$'),
        status text not null check (status in ('PENDING_VERIFICATION', 'VERIFIED')),
        status_message text,
        verified_at timestamptz,
        verified_by text check (verified_by in ('txt', 'ns')),
        check_count integer not null default 0,
        checks_started_at timestamptz not null default now(),
        last_checked_at timestamptz,
        next_check_at timestamptz,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz not null default now(),
        check ((status = 'VERIFIED') = (verified_at is not null and verified_by is not null))
      )`);
    await q.query(`create unique index zones_organization_name on zones (organization_id, name)`);
    await q.query(`create unique index zones_verified_name on zones (name) where status = 'VERIFIED'`);
    await q.query(`create index zones_organization_created on zones (organization_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table zones`);
  }
}
