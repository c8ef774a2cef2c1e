import type { EntityManager } from 'typeorm';
import { CHANNEL, type Topic, type TopicPayloads } from './topics.js';

/**
 * Publishes inside the caller's transaction: Postgres delivers NOTIFY only when the transaction
 * commits, so subscribers never see a change that was rolled back.
 */
export async function publish<T extends Topic>(db: EntityManager, topic: T, payload: TopicPayloads[T]): Promise<void> {
  await db.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify({ topic, payload })]);
}
