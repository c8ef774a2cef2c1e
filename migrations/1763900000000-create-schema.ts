import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: organizations, tokens, apps, domains, certificates, their events, ACME accounts. */
export class CreateSchema1763900000000 implements MigrationInterface {
  name = 'CreateSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- created_at is millisecond precision: pagination cursors carry it as a JS Date.
      create table organizations (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        plan text not null default 'free' check (plan in ('free', 'plus', 'pro', 'elite')),
        created_at timestamptz(3) not null default now()
      );
      create table api_tokens (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        name text not null,
        token_hash text not null unique,
        scopes text[] not null,
        created_at timestamptz(3) not null default now(),
        last_used_at timestamptz
      );
      create table apps (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        name text not null,
        created_at timestamptz(3) not null default now(),
        unique (organization_id, name)
      );
      create table domains (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        app_id uuid not null references apps(id) on delete cascade,
        hostname text not null unique,
        is_wildcard boolean not null default false,
        letsencrypt_enabled boolean not null default true,
        canonical boolean not null default false,
        status text not null,
        status_message text,
        dns_checked_at timestamptz,
        dns_check_count integer not null default 0,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz not null default now()
      );
      create index domains_org_created on domains (organization_id, created_at, id);
      -- At most one canonical domain per app (the one the others redirect to).
      create unique index domains_one_canonical_per_app on domains (app_id) where canonical;
      create table certificates (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        domain_id uuid not null references domains(id) on delete cascade,
        hostname text not null,
        sans text[] not null,
        is_wildcard boolean not null,
        key_type text not null,
        auto_renew boolean not null default true,
        status text not null,
        status_reason text,
        directory_url text not null,
        order_url text,
        order_step text not null default 'new',
        order_started_at timestamptz,
        step_started_at timestamptz,
        challenges jsonb not null default '[]',
        private_key bytea,
        pending_key bytea,
        certificate_pem text,
        issued_at timestamptz,
        expires_at timestamptz,
        next_renewal_at timestamptz,
        issuer text,
        serial text,
        fingerprint text,
        failed_attempts integer not null default 0,
        last_failure_at timestamptz,
        revoked_at timestamptz,
        revocation_reason text,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz not null default now()
      );
      -- One active certificate per domain, enforced by the database (two API processes can race).
      create unique index certificates_one_active_per_domain on certificates (domain_id)
        where status in ('PENDING', 'VALIDATING', 'ISSUED');
      create index certificates_org_created on certificates (organization_id, created_at, id);
      create index certificates_renewal_due on certificates (next_renewal_at)
        where auto_renew and status = 'ISSUED';
      create table certificate_events (
        id bigserial primary key,
        certificate_id uuid not null references certificates(id) on delete cascade,
        organization_id uuid not null,
        type text not null,
        status text not null,
        message text not null,
        created_at timestamptz not null default clock_timestamp()
      );
      create index certificate_events_cert on certificate_events (certificate_id, id);
      create table acme_accounts (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null references organizations(id) on delete cascade,
        directory_url text not null,
        account_url text,
        account_key bytea not null,
        email text,
        created_at timestamptz(3) not null default now(),
        unique (organization_id, directory_url)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table acme_accounts, certificate_events, certificates, domains, apps, api_tokens, organizations`);
  }
}
