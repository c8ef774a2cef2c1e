import pg from 'pg';

export interface SessionLockOptions {
  /** true: wait for the lock; false (default): give up at once when another session holds it. */
  wait?: boolean;
}

/**
 * Runs `fn` under a Postgres advisory lock held by a connection of its own, closed afterwards.
 * Closing the session is what releases the lock, so no error path (a failed unlock, a connection
 * lost mid-way, a restart of Postgres) can leave a lock behind on a pooled connection.
 * Resolves `{ acquired: false }` when `wait` is false and the lock is taken.
 */
export async function withSessionLock<T>(
  databaseUrl: string,
  key: string,
  fn: () => Promise<T>,
  opts: SessionLockOptions = {},
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined); // a dropped session just means the lock is gone; fn's own queries report it
  await client.connect();
  try {
    if (opts.wait) {
      await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } else {
      const { rows } = await client.query('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [key]);
      if (!rows[0].locked) return { acquired: false };
    }
    return { acquired: true, value: await fn() };
  } finally {
    await client.end().catch(() => undefined);
  }
}
