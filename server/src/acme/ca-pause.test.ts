import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../db/data-source.js';
import { createTestDatabase } from '../../../test/helpers/postgres.js';
import { CA_PAUSE_READ_TTL_MS, caPausedUntil, pauseCa } from './ca-pause.js';

/** CA-wide pauses, read by every order step: recorded in Postgres, re-read at most once a CA_PAUSE_READ_TTL_MS per process. */
let db: DataSource;
let other: DataSource;
const directory = 'https://ca.test/dir';

beforeAll(async () => {
  const url = await createTestDatabase('ca_pause');
  db = await openDatabase(url, 2);
  other = await openDatabase(url, 2, { migrate: false }); // another process's view of the same database
});
afterAll(async () => {
  await db?.destroy();
  await other?.destroy();
});

describe('a CA-wide pause', () => {
  it('is seen at once by the process that recorded it, and only until it ends', async () => {
    const now = new Date();
    expect(await caPausedUntil(db, directory, now)).toBeNull();
    const until = new Date(now.getTime() + 60_000);
    await pauseCa(db, directory, until, 'maintenance');
    expect(await caPausedUntil(db, directory, now)).toEqual({ until, reason: 'maintenance' });
    expect(await caPausedUntil(db, directory, new Date(until.getTime() + 1))).toBeNull();
  });

  it('recorded by another process is seen within CA_PAUSE_READ_TTL_MS, without a read per step before that', async () => {
    const url = 'https://other-ca.test/dir';
    const now = new Date();
    expect(await caPausedUntil(db, url, now)).toBeNull(); // read (and remembered) here
    const until = new Date(now.getTime() + 60_000);
    await pauseCa(other, url, until, 'overloaded');
    expect(await caPausedUntil(db, url, now)).toBeNull(); // within the TTL: the earlier read stands
    await new Promise((r) => setTimeout(r, CA_PAUSE_READ_TTL_MS + 50));
    expect(await caPausedUntil(db, url, now)).toEqual({ until, reason: 'overloaded' });
  });

  it('keeps the later of two pauses', async () => {
    const url = 'https://third-ca.test/dir';
    const now = new Date();
    const later = new Date(now.getTime() + 120_000);
    await pauseCa(db, url, later, 'first');
    await pauseCa(db, url, new Date(now.getTime() + 30_000), 'second');
    expect((await caPausedUntil(db, url, now))?.until).toEqual(later);
  });
});
