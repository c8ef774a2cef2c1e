import type { EntityManager } from 'typeorm';
import { bind } from '../db/rows.js';
import { CHANNEL, type Topic, type TopicPayloads } from './topics.js';

/**
 * Publishes inside the caller's transaction: Postgres delivers NOTIFY only when the transaction
 * commits, so subscribers never see a change that was rolled back.
 */
export async function publish<T extends Topic>(db: EntityManager, topic: T, payload: TopicPayloads[T]): Promise<void> {
  const params: unknown[] = [];
  await db.query(`select ${notifyCall(params, notification(topic, payload))}`, params);
}

/** A NOTIFY for a statement that publishes as it writes (certificate-events.ts): the same channel and message as publish(). */
export interface Notification {
  channel: string;
  message: string;
}

export function notification<T extends Topic>(topic: T, payload: TopicPayloads[T]): Notification {
  return { channel: CHANNEL, message: JSON.stringify({ topic, payload }) };
}

/** The `pg_notify(...)` call sending `n`, its values appended to `params`. */
export function notifyCall(params: unknown[], n: Notification): string {
  return `pg_notify(${bind(params, n.channel)}, ${bind(params, n.message)})`;
}
