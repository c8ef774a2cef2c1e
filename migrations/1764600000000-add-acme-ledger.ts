import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What certplane asked of each CA, kept apart from certificates so that deleting a certificate, a
 * domain or an organization does not give a rate-limit slot back (the CA does not forget either):
 * orders per account, certificates per exact set of names and per registered domain, failed
 * validations per name (server/src/certificates/acme-ledger.ts). Rows older than the longest window
 * are pruned by the worker's housekeeping. Filled from the event log of existing certificates.
 */
export class AddAcmeLedger1764600000000 implements MigrationInterface {
  name = 'AddAcmeLedger1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table acme_ledger (
        id bigserial primary key,
        directory_url text not null,
        organization_id uuid references organizations(id) on delete set null,
        kind text not null check (kind in ('order', 'certificate', 'failed_validation')),
        names text[] not null,
        registered_domains text[] not null default '{}',
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index acme_ledger_orders on acme_ledger (directory_url, organization_id, created_at) where kind = 'order'`);
    await q.query(`create index acme_ledger_names on acme_ledger (directory_url, kind, names, created_at)`);
    await q.query(`create index acme_ledger_registered_domains on acme_ledger using gin (registered_domains) where kind = 'certificate'`);
    await q.query(`create index acme_ledger_created on acme_ledger (created_at)`);
    await q.query(`
      insert into acme_ledger (directory_url, organization_id, kind, names, created_at)
      select c.directory_url, c.organization_id, case e.type when 'order_created' then 'order' else 'certificate' end,
             (select array_agg(x order by x) from unnest(array[c.hostname] || c.sans) x), e.created_at
        from certificate_events e join certificates c on c.id = e.certificate_id
       where e.type in ('order_created', 'issued') and e.created_at > now() - interval '8 days'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table acme_ledger`);
  }
}
