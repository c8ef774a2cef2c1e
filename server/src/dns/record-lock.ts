import type { DataSource } from 'typeorm';

/**
 * Runs `fn` holding a Postgres advisory lock on a DNS record name, so read-modify-write of one TXT
 * rrset is serialised across every worker process (`example.com` and `*.example.com` share
 * `_acme-challenge.example.com`, and may be validated by two workers at once).
 */
export async function withRecordLock<T>(db: DataSource, recordName: string, fn: () => Promise<T>): Promise<T> {
  const qr = db.createQueryRunner();
  await qr.connect();
  const key = `dns-record:${recordName.toLowerCase().replace(/\.$/, '')}`;
  try {
    await qr.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await fn();
    } finally {
      await qr.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    await qr.release();
  }
}
