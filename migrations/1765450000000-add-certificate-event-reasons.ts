import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * certificate_events.reason: a machine-readable reason beside the message a person reads. `retry`
 * events carry the kind of transient error they follow (acme/order-errors.ts RetryKind: bad_nonce,
 * dns_provider, ca_unreachable ...), which the issuance bench counts. Null for other events.
 */
export class AddCertificateEventReasons1765450000000 implements MigrationInterface {
  name = 'AddCertificateEventReasons1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table certificate_events add column reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table certificate_events drop column reason`);
  }
}
