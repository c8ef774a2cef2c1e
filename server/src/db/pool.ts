import pg from 'pg';

/**
 * pg-pool removes its error listener from a client while it is checked out, so a connection that
 * drops mid-query (Postgres restarted) would emit an unhandled 'error' and kill the process. Every
 * pooled client gets a listener of its own; the failing query still rejects, so callers see the error.
 */
export function keepClientErrorsHandled(client: pg.PoolClient | pg.Client): void {
  client.on('error', () => undefined);
}

/** A pg Pool for graphile-worker and friends, hardened as above. */
export function createPgPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 });
  pool.on('connect', keepClientErrorsHandled);
  pool.on('error', () => undefined); // idle client lost: pg-pool already drops it
  return pool;
}
