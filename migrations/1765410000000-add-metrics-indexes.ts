import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the metrics' background reads (server/src/metrics/certificate-gauges.ts), so they stay cheap
 * at a million certificates:
 * - certificates_status_source: the counts by status and source, as an index-only scan;
 * - certificates_not_ready: the not-ready certificates changed most recently, read LIMITed in index order.
 * (The ISSUED ones soonest to expire already have certificates_expiry_due.)
 */
export class AddMetricsIndexes1765410000000 implements MigrationInterface {
  name = 'AddMetricsIndexes1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index certificates_status_source on certificates (status, source)`);
    await q.query(`create index certificates_not_ready on certificates (updated_at) where status <> 'ISSUED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index certificates_not_ready`);
    await q.query(`drop index certificates_status_source`);
  }
}
