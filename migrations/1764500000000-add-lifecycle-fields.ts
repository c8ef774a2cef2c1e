import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lifecycle fields (server/src/certificates/lifecycle.ts): `failed_attempts` now counts consecutive
 * failed orders (first issuance or renewal) and survives each round; `order_retries` counts retryable
 * errors within one order; `next_attempt_at` and `rate_limited_until` say when certplane tries again.
 * Domains keep their DNS facts (`dns_verified_at`, `dns_result`), from which their status is derived
 * (server/src/domains/status.ts). The expiry sweep reads issued certificates by `expires_at`.
 */
export class AddLifecycleFields1764500000000 implements MigrationInterface {
  name = 'AddLifecycleFields1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table certificates
        add column order_retries integer not null default 0,
        add column next_attempt_at timestamptz,
        add column rate_limited_until timestamptz`);
    await q.query(`update certificates set order_retries = failed_attempts, failed_attempts = 0 where status in ('PENDING', 'VALIDATING')`);
    await q.query(`create index certificates_expiry_due on certificates (expires_at) where status = 'ISSUED'`);
    await q.query(`alter table domains add column dns_verified_at timestamptz, add column dns_result text`);
    await q.query(`update domains set dns_verified_at = coalesce(dns_checked_at, updated_at) where status <> 'PENDING_DNS'`);
    await q.query(`update domains set dns_result = status_message where status = 'PENDING_DNS'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index certificates_expiry_due`);
    await q.query(`alter table certificates drop column order_retries, drop column next_attempt_at, drop column rate_limited_until`);
    await q.query(`alter table domains drop column dns_verified_at, drop column dns_result`);
  }
}
