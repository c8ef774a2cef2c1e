import type { EntityManager } from 'typeorm';
import { CHANNEL, type Topic, type TopicPayloads } from './topics.js';

/**
 * Publishes inside the caller's transaction: Postgres delivers NOTIFY only when the transaction
 * commits, so subscribers never see a change that was rolled back.
 */
export async function publish<T extends Topic>(db: EntityManager, topic: T, payload: TopicPayloads[T]): Promise<void> {
  const { channel, message } = notification(topic, payload);
  await db.query('select pg_notify($1, $2)', [channel, message]);
}

/** A NOTIFY for a statement that publishes as it writes (certificate-events.ts): the same channel and message as publish(). */
export interface Notification {
  channel: string;
  message: string;
}

export function notification<T extends Topic>(topic: T, payload: TopicPayloads[T]): Notification {
  return { channel: CHANNEL, message: JSON.stringify({ topic, payload }) };
}
