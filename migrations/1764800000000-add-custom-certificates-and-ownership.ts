import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom certificates beside ACME ones, hostname ownership, and a domain's last DNS check:
 * - certificates.source ('ACME' or 'CUSTOM'); a domain holds at most one custom certificate and one
 *   active ACME certificate per key family (RSA, ECDSA), as Fly issues both;
 * - certificates.not_before (validity start, from the certificate) and expiry_warned_days (the smallest
 *   of 30/14/7/1 days already announced for a custom certificate);
 * - certificates.order_held: the order waits before reaching the CA for something only a person can fix
 *   (a preflight check: a CAA record forbidding the CA);
 * - status PENDING_OWNERSHIP (a custom certificate waiting for the ownership TXT or for DNS);
 * - domains.ownership_verified_at, primary_certificate_id (what an edge serves), last_check and
 *   last_check_at (checkDomain's last result, served again within its rate-limit window). No foreign key
 *   on primary_certificate_id: refreshDomainStatus, run after every certificate change, rewrites it and
 *   must see the id it replaces to announce the fallback;
 * - domain_events: what happened to a hostname (checks, claims across organizations, the certificate
 *   an edge serves changing). Rows outlive their domain (a claim removes it), so no foreign key.
 */
export class AddCustomCertificatesAndOwnership1764800000000 implements MigrationInterface {
  name = 'AddCustomCertificatesAndOwnership1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table certificates add column source text not null default 'ACME' check (source in ('ACME', 'CUSTOM'))`);
    await q.query(`alter table certificates add column not_before timestamptz`);
    await q.query(`alter table certificates add column expiry_warned_days integer`);
    await q.query(`alter table certificates add column order_held boolean not null default false`);
    await q.query(`drop index certificates_one_active_per_domain`);
    await q.query(
      `create unique index certificates_one_active_acme_per_key_family on certificates (domain_id, (split_part(key_type, '_', 1)))
        where source = 'ACME' and status in ('PENDING', 'VALIDATING', 'ISSUED')`,
    );
    await q.query(`create unique index certificates_one_custom_per_domain on certificates (domain_id) where source = 'CUSTOM'`);
    await q.query(`create index certificates_custom_expiring on certificates (expires_at) where source = 'CUSTOM' and status = 'ISSUED'`);
    await q.query(`alter table domains add column ownership_verified_at timestamptz`);
    await q.query(`alter table domains add column primary_certificate_id uuid`);
    await q.query(`alter table domains add column last_check jsonb`);
    await q.query(`alter table domains add column last_check_at timestamptz`);
    await q.query(`
      create table domain_events (
        id bigserial primary key,
        organization_id uuid not null references organizations(id) on delete cascade,
        domain_id uuid,
        hostname text not null,
        type text not null,
        message text not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await q.query(`create index domain_events_org_host on domain_events (organization_id, hostname, id)`);
    await q.query(`create index domain_events_domain on domain_events (domain_id, id)`);
    // Existing issued certificates serve their domains.
    await q.query(`
      update domains d set primary_certificate_id = c.id
        from (select distinct on (domain_id) id, domain_id from certificates where status = 'ISSUED' order by domain_id, created_at desc) c
       where c.domain_id = d.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table domain_events`);
    await q.query(`alter table domains drop column last_check_at, drop column last_check, drop column primary_certificate_id, drop column ownership_verified_at`);
    await q.query(`drop index certificates_custom_expiring`);
    await q.query(`drop index certificates_one_custom_per_domain`);
    await q.query(`drop index certificates_one_active_acme_per_key_family`);
    await q.query(`delete from certificates where source = 'CUSTOM'`);
    await q.query(
      `create unique index certificates_one_active_per_domain on certificates (domain_id) where status in ('PENDING', 'VALIDATING', 'ISSUED')`,
    );
    await q.query(`alter table certificates drop column order_held, drop column expiry_warned_days, drop column not_before, drop column source`);
  }
}
