import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A CA that asked everyone to wait (503 with Retry-After: maintenance, overload) pauses every order
 * against that directory until then, in every worker process (server/src/acme/ca-pause.ts).
 */
export class AddAcmeCaPauses1764700000000 implements MigrationInterface {
  name = 'AddAcmeCaPauses1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table acme_ca_pauses (
        directory_url text primary key,
        paused_until timestamptz not null,
        reason text not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table acme_ca_pauses`);
  }
}
