import type { DataSource } from 'typeorm';
import { AcmeProblemError } from './problems.js';

/**
 * CA-wide pauses. A 503 with Retry-After is the CA saying it is unavailable to everyone (RFC 8555
 * section 6.6; Let's Encrypt answers so during maintenance and overload): every order against that
 * directory waits until then, in every worker process, while DNS checks and other CAs' orders go on.
 * A 429 is one account's or one name's limit and pauses only its order.
 */

/**
 * How long a process trusts its last read of a directory's pause (ms, real time). Every step that talks
 * to the CA asks (four per certificate), so reading the table each time was ~4% of an order's SQL
 * statements (bench/issuance.ts --pg-statements); a pause another process records is seen at most
 * this much later, and one this process records at once.
 */
export const CA_PAUSE_READ_TTL_MS = 1000;

type Pause = { until: Date; reason: string } | null;
/** Per database (tests run several in one process): directory URL -> last pause read, and when. */
const lastRead = new WeakMap<DataSource, Map<string, { readAt: number; pause: Pause }>>();
const readsOf = (db: DataSource) => lastRead.get(db) ?? lastRead.set(db, new Map()).get(db)!;

/** Whether an error is the CA pausing everyone; returns until when, or null. */
export function caWidePause(err: unknown, now: Date): Date | null {
  if (!(err instanceof AcmeProblemError) || err.status !== 503 || err.retryAfterMs === null) return null;
  return new Date(now.getTime() + err.retryAfterMs);
}

/** Records a pause of `directoryUrl` until `until` (a later pause wins). */
export async function pauseCa(db: DataSource, directoryUrl: string, until: Date, reason: string): Promise<void> {
  const [row] = (await db.query(
    `insert into acme_ca_pauses (directory_url, paused_until, reason) values ($1, $2, $3)
     on conflict (directory_url) do update set paused_until = greatest(acme_ca_pauses.paused_until, excluded.paused_until), reason = excluded.reason
     returning paused_until, reason`,
    [directoryUrl, until, reason],
  )) as Array<{ paused_until: Date; reason: string }>;
  readsOf(db).set(directoryUrl, { readAt: performance.now(), pause: { until: new Date(row.paused_until), reason: row.reason } });
}

/** The pause of `directoryUrl` in force at `now`, if any (read again once CA_PAUSE_READ_TTL_MS has passed). */
export async function caPausedUntil(db: DataSource, directoryUrl: string, now: Date): Promise<Pause> {
  const reads = readsOf(db);
  let seen = reads.get(directoryUrl);
  if (!seen || performance.now() - seen.readAt >= CA_PAUSE_READ_TTL_MS) {
    const rows: Array<{ paused_until: Date; reason: string }> = await db.query(
      `select paused_until, reason from acme_ca_pauses where directory_url = $1`,
      [directoryUrl],
    );
    seen = { readAt: performance.now(), pause: rows.length ? { until: new Date(rows[0].paused_until), reason: rows[0].reason } : null };
    reads.set(directoryUrl, seen);
  }
  return seen.pause && seen.pause.until > now ? seen.pause : null;
}
