import type { SessionLocks } from '../db/session-lock.js';

/**
 * Runs `fn` holding a Postgres advisory lock on a DNS record name, so read-modify-write of one TXT
 * rrset is serialised across every worker process (`example.com` and `*.example.com` share
 * `_acme-challenge.example.com`, and may be validated by two workers at once).
 */
export async function withRecordLock<T>(locks: SessionLocks, recordName: string, fn: () => Promise<T>): Promise<T> {
  const key = `dns-record:${recordName.toLowerCase().replace(/\.$/, '')}`;
  const res = await locks.run(key, fn, { wait: true });
  if (!res.acquired) throw new Error(`could not lock ${key}`);
  return res.value;
}
