import pg from 'pg';
import { CHANNEL, type Envelope, type Topic, type TopicPayloads } from './topics.js';

type Handler = (env: Envelope) => void;

export interface EventBus {
  /** Async iterator of a topic's payloads that pass `filter`; ends when the consumer returns. */
  subscribe<T extends Topic>(topic: T, filter: (p: TopicPayloads[T]) => boolean): AsyncIterableIterator<TopicPayloads[T]>;
  subscriberCount(): number;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** Delay before reconnecting after the LISTEN connection drops (default 1000 ms). */
  reconnectDelayMs?: number;
  /** Most events buffered per slow subscriber before the oldest are dropped (default 1000). */
  maxQueue?: number;
  log?: (msg: string) => void;
}

/** One LISTEN connection per process, fanned out to in-process subscribers; reconnects by itself. */
export async function createEventBus(databaseUrl: string, opts: EventBusOptions = {}): Promise<EventBus> {
  const handlers = new Set<Handler>();
  let client: pg.Client | null = null;
  let closed = false;
  const maxQueue = opts.maxQueue ?? 1000;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      let env: Envelope;
      try {
        env = JSON.parse(msg.payload) as Envelope;
      } catch {
        return;
      }
      for (const h of handlers) h(env);
    });
    c.on('error', (err) => {
      opts.log?.(`event bus connection lost: ${err.message}`);
    });
    c.on('end', () => {
      if (client === c) client = null;
      if (!closed) setTimeout(() => void reconnect(), opts.reconnectDelayMs ?? 1000).unref();
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
  };
  const reconnect = async () => {
    if (closed || client) return;
    try {
      await connect();
      opts.log?.('event bus reconnected');
    } catch (err) {
      opts.log?.(`event bus reconnect failed: ${(err as Error).message}`);
      setTimeout(() => void reconnect(), opts.reconnectDelayMs ?? 1000).unref();
    }
  };
  await connect();

  return {
    subscribe<T extends Topic>(topic: T, filter: (p: TopicPayloads[T]) => boolean) {
      const queue: TopicPayloads[T][] = [];
      let wake: ((r: IteratorResult<TopicPayloads[T]>) => void) | null = null;
      let done = false;
      const handler: Handler = (env) => {
        if (done || env.topic !== topic) return;
        const p = env.payload as TopicPayloads[T];
        if (!filter(p)) return;
        if (wake) {
          const w = wake;
          wake = null;
          w({ value: p, done: false });
        } else {
          queue.push(p);
          if (queue.length > maxQueue) queue.shift();
        }
      };
      handlers.add(handler);
      const finish = () => {
        done = true;
        handlers.delete(handler);
        queue.length = 0;
        if (wake) wake({ value: undefined, done: true });
        wake = null;
      };
      const it: AsyncIterableIterator<TopicPayloads[T]> = {
        next: () =>
          queue.length
            ? Promise.resolve({ value: queue.shift()!, done: false })
            : done
              ? Promise.resolve({ value: undefined, done: true })
              : new Promise((resolve) => (wake = resolve)),
        return: () => {
          finish();
          return Promise.resolve({ value: undefined, done: true });
        },
        throw: (err) => {
          finish();
          return Promise.reject(err);
        },
        [Symbol.asyncIterator]() {
          return it;
        },
      };
      return it;
    },
    subscriberCount: () => handlers.size,
    async close() {
      closed = true;
      handlers.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
