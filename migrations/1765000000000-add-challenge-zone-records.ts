import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The TXT values of certplane's own challenge zone (CERTPLANE_CHALLENGE_ZONE served by certplane,
 * server/src/dns/challenge-zone/): one row per value, so one name holds several at once (a wildcard
 * and its apex, overlapping orders). Every process serving the zone answers from these rows
 * (kept in memory, told of changes by NOTIFY); written only by dns/challenge-zone/records.ts.
 */
export class AddChallengeZoneRecords1765000000000 implements MigrationInterface {
  name = 'AddChallengeZoneRecords1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table challenge_zone_records (
        name text not null check (name = lower(name) and name !~ '\\.$'),
        value text not null,
        created_at timestamptz(3) not null default now(),
        primary key (name, value)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table challenge_zone_records`);
  }
}
