/**
 * The challenge zone's rows (table challenge_zone_records): the only writer. A write and its
 * CHALLENGE_ZONE_CHANGED notification commit together, so a serving process that hears of a change
 * reads the committed rows.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { publish } from '../../pubsub/publish.js';

export interface ChallengeRecord {
  /** Lower case, no trailing dot. */
  name: string;
  value: string;
}

/** Adds `value` at `name` (other values there stay). Idempotent. */
export async function addChallengeRecord(db: DataSource, name: string, value: string): Promise<void> {
  await db.transaction(async (m) => {
    await m.query(`insert into challenge_zone_records (name, value) values ($1, $2) on conflict do nothing`, [name, value]);
    await publish(m, 'CHALLENGE_ZONE_CHANGED', { name });
  });
}

/** Removes `value` from `name`. Idempotent. */
export async function removeChallengeRecord(db: DataSource, name: string, value: string): Promise<void> {
  await db.transaction(async (m) => {
    await m.query(`delete from challenge_zone_records where name = $1 and value = $2`, [name, value]);
    await publish(m, 'CHALLENGE_ZONE_CHANGED', { name });
  });
}

/** Every row, or the values at one name, oldest first. */
export async function loadChallengeRecords(db: DataSource | EntityManager, name?: string): Promise<ChallengeRecord[]> {
  return name === undefined
    ? db.query(`select name, value from challenge_zone_records order by created_at, value`)
    : db.query(`select name, value from challenge_zone_records where name = $1 order by created_at, value`, [name]);
}
