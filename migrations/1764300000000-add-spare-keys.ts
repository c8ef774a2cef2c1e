import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Private keys made ahead of time by the worker, sealed like certificate keys, for orders to take
 * instead of generating one (server/src/certificates/spare-keys.ts). Taken oldest first per key type.
 */
export class AddSpareKeys1764300000000 implements MigrationInterface {
  name = 'AddSpareKeys1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table spare_keys (
        id bigserial primary key,
        key_type text not null,
        sealed_key bytea not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index spare_keys_key_type_id on spare_keys (key_type, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table spare_keys`);
  }
}
