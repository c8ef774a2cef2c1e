import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { SessionLocks } from '../server/src/db/session-lock.js';
import { createTestDatabase } from './helpers/postgres.js';

/** Pooled advisory-lock sessions: reused when the unlock is certain, closed (which releases) otherwise. */
let url: string;
let locks: SessionLocks;
let observer: pg.Client;

/** Whether another session could take the lock right now (and gives it back at once). */
async function isFree(key: string): Promise<boolean> {
  const { rows } = await observer.query('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
  if (rows[0].ok) await observer.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
  return rows[0].ok;
}

/** A lock holder that says when it is running (so holding the lock) and returns only when released. */
function holder<T>(value: T) {
  let started!: () => void;
  let release!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const gate = new Promise<void>((r) => (release = r));
  const fn = async () => {
    started();
    await gate;
    return value;
  };
  return { fn, running, release };
}

/** Sessions waiting in pg_advisory_lock for `key` (not granted yet). */
async function waiters(key: string): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and objid = (hashtextextended($1, 0) & x'ffffffff'::bigint)::oid`,
    [key],
  );
  return rows[0].n;
}

beforeAll(async () => {
  url = await createTestDatabase('locks');
  locks = new SessionLocks(url, 4);
  observer = new pg.Client({ connectionString: url });
  await observer.connect();
});
afterAll(async () => {
  await observer?.end();
  await locks?.close();
});

describe('SessionLocks', () => {
  it('holds the lock while fn runs, turns a second runner away, and reuses the session afterwards', async () => {
    const a = holder('first');
    const first = locks.run('order:a', a.fn);
    // fn runs only once the lock is taken: from here on it is held until release (no time limit to beat).
    await a.running;
    expect(await isFree('order:a')).toBe(false);
    expect(await locks.run('order:a', async () => 'second')).toEqual({ acquired: false });
    expect(await isFree('order:a')).toBe(false);
    a.release();
    expect(await first).toEqual({ acquired: true, value: 'first' });
    expect(await isFree('order:a')).toBe(true);
    const before = locks.openSessions;
    for (let i = 0; i < 5; i++) expect(await locks.run(`order:${i}`, async () => i)).toEqual({ acquired: true, value: i });
    expect(locks.openSessions).toBe(before);
  });

  it('releases the lock when fn throws, and passes the error on', async () => {
    await expect(locks.run('order:b', async () => Promise.reject(new Error('step failed')))).rejects.toThrow('step failed');
    expect(await isFree('order:b')).toBe(true);
  });

  it('queues waiters in turn when asked to wait', async () => {
    const order: string[] = [];
    const a = holder(undefined);
    const first = locks.run(
      'record:x',
      async () => {
        order.push('a start');
        await a.fn();
        order.push('a end');
      },
      { wait: true },
    );
    await a.running;
    const second = locks.run('record:x', async () => void order.push('b'), { wait: true });
    // b is queued in Postgres behind a (not merely late): a lets go only once b waits for the lock.
    await expect.poll(() => waiters('record:x'), { timeout: 30_000 }).toBe(1);
    expect(order).toEqual(['a start']);
    a.release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(await isFree('record:x')).toBe(true);
  });

  it('closes a session that lost its connection instead of pooling it, and the lock is free', async () => {
    const res = await locks.run('order:c', async () => {
      // Kill the lock's own session (as a Postgres restart or a network cut would).
      const { rows } = await observer.query<{ pid: number }>(
        `select pid from pg_locks where locktype = 'advisory' and granted and objid = (hashtextextended('order:c', 0) & x'ffffffff'::bigint)::oid`,
      );
      expect(rows).toHaveLength(1);
      await observer.query('select pg_terminate_backend($1)', [rows[0].pid]);
      return 'done anyway';
    });
    expect(res).toEqual({ acquired: true, value: 'done anyway' });
    // pg_terminate_backend only signals the backend: its locks go when it has exited, a moment later.
    await expect.poll(() => isFree('order:c'), { timeout: 5000 }).toBe(true);
    // Every pooled session still works: none of them is the dead one.
    const runs = await Promise.all([1, 2, 3, 4].map((i) => locks.run(`after:${i}`, async () => i)));
    expect(runs.map((r) => r.acquired)).toEqual([true, true, true, true]);
  });
});
