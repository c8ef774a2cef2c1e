import type { DataSource } from 'typeorm';
import { AcmeProblemError } from './problems.js';

/**
 * CA-wide pauses. A 503 with Retry-After is the CA saying it is unavailable to everyone (RFC 8555
 * section 6.6; Let's Encrypt answers so during maintenance and overload): every order against that
 * directory waits until then, in every worker process, while DNS checks and other CAs' orders go on.
 * A 429 is one account's or one name's limit and pauses only its order.
 */

/** Whether an error is the CA pausing everyone; returns until when, or null. */
export function caWidePause(err: unknown, now: Date): Date | null {
  if (!(err instanceof AcmeProblemError) || err.status !== 503 || err.retryAfterMs === null) return null;
  return new Date(now.getTime() + err.retryAfterMs);
}

/** Records a pause of `directoryUrl` until `until` (a later pause wins). */
export async function pauseCa(db: DataSource, directoryUrl: string, until: Date, reason: string): Promise<void> {
  await db.query(
    `insert into acme_ca_pauses (directory_url, paused_until, reason) values ($1, $2, $3)
     on conflict (directory_url) do update set paused_until = greatest(acme_ca_pauses.paused_until, excluded.paused_until), reason = excluded.reason`,
    [directoryUrl, until, reason],
  );
}

/** The pause of `directoryUrl` in force at `now`, if any. */
export async function caPausedUntil(db: DataSource, directoryUrl: string, now: Date): Promise<{ until: Date; reason: string } | null> {
  const rows: Array<{ paused_until: Date; reason: string }> = await db.query(`select paused_until, reason from acme_ca_pauses where directory_url = $1 and paused_until > $2`, [directoryUrl, now]);
  return rows.length ? { until: new Date(rows[0].paused_until), reason: rows[0].reason } : null;
}
