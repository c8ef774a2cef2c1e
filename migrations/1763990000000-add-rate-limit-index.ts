import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit checks count recent events of one kind per organization before every new order. */
export class AddRateLimitIndex1763990000000 implements MigrationInterface {
  name = 'AddRateLimitIndex1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index certificate_events_org_type_time on certificate_events (organization_id, type, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index certificate_events_org_type_time`);
  }
}
