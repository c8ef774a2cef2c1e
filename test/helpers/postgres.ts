import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A new, empty database on the suite's embedded Postgres; one per test file keeps files independent. */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl + 'postgres' });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return serverUrl + name;
}
