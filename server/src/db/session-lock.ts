import pg from 'pg';
import { keepClientErrorsHandled } from './pool.js';

export interface SessionLockOptions {
  /** true: wait for the lock; false (default): give up at once when another session holds it. */
  wait?: boolean;
}

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Postgres advisory locks held on connections of their own (never the connection `fn` queries on, so
 * a lock outlives any transaction of `fn`). Connections are pooled: opening one per job run cost a
 * backend fork and a SCRAM exchange each time, about 7 per certificate (bench/issuance.ts). A
 * connection goes back to the pool only after `pg_advisory_unlock` said it released the lock; after
 * any error (a failed unlock, a connection lost mid-way, a restart of Postgres) it is closed instead,
 * and closing the session is what releases the lock. So no path leaves a lock behind on a pooled connection.
 */
export class SessionLocks {
  private readonly pool: pg.Pool;

  /** `max`: locks held at once (an order job holds its own and, while it writes DNS, a record's). */
  constructor(databaseUrl: string, max: number) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
    this.pool.on('connect', keepClientErrorsHandled);
    this.pool.on('error', () => undefined); // an idle session lost: pg-pool drops it, and it held no lock
  }

  /** Runs `fn` holding the lock named `key`; `{ acquired: false }` when `wait` is false and it is taken. */
  async run<T>(key: string, fn: () => Promise<T>, opts: SessionLockOptions = {}): Promise<LockResult<T>> {
    const client = await this.pool.connect();
    let reusable = false;
    try {
      if (opts.wait) {
        await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
      } else {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [key]);
        if (!rows[0].locked) {
          reusable = true;
          return { acquired: false };
        }
      }
      try {
        return { acquired: true, value: await fn() };
      } finally {
        reusable = await client
          .query<{ unlocked: boolean }>('select pg_advisory_unlock(hashtextextended($1, 0)) as unlocked', [key])
          .then((r) => r.rows[0].unlocked === true)
          .catch(() => false);
      }
    } finally {
      client.release(reusable ? undefined : true);
    }
  }

  /** Sessions open now (idle ones included): for tests. */
  get openSessions(): number {
    return this.pool.totalCount;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
