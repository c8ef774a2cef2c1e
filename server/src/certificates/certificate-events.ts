import type { DataSource, EntityManager } from 'typeorm';
import { CertificateRow } from '../db/entities.js';
import { bind, setClause, sideEffects } from '../db/rows.js';
import { notifyCall, type Notification } from '../pubsub/publish.js';
import { addJobCall, type JobSpec } from '../jobs/enqueue.js';

/** An event to log with a change: `at` dates one observed earlier (default now). */
export interface NewEvent {
  type: string;
  message: string;
  at?: Date;
  /** Machine-readable reason (a retry's RetryKind); null by default. */
  reason?: string;
}

/**
 * Low-level SQL of certificate writes, used by lifecycle.ts only (the one owner of certificate state).
 *
 * Appends one step to a certificate's log. Messages are for people and never hold key material. */
export async function recordEvent(
  m: EntityManager,
  cert: Pick<CertificateRow, 'id' | 'organizationId'>,
  type: string,
  status: string,
  message: string,
): Promise<void> {
  await m.query(
    'insert into certificate_events (certificate_id, organization_id, type, status, message) values ($1, $2, $3, $4, $5)',
    [cert.id, cert.organizationId, type, status, message],
  );
}

/** The certificate is gone (deleted while its order ran). */
export class CertificateGoneError extends Error {}

/**
 * Patches a certificate and appends its events in one statement: atomic without a transaction, one
 * round trip (bench/issuance.ts: transactions of four round trips were the worker's largest cost).
 * Events keep their order; `at` dates an event observed earlier (default now). When the row is there,
 * the same statement also publishes `also.notify` (pubsub/publish.ts: delivered on commit), adds
 * `also.job` (jobs/enqueue.ts) and, with `also.lockDomain`, locks the certificate's domain for the rest
 * of the caller's transaction; `also.statements` are more writes of the same change (each ending in
 * `returning 1`, run even when the row is gone: the caller's transaction then rolls back with the
 * CertificateGoneError). Throws CertificateGoneError when the row no longer exists.
 */
export async function updateCertificateWithEvents(
  db: DataSource | EntityManager,
  certificateId: string,
  patch: Partial<CertificateRow>,
  events: Array<{ type: string; status: string; message: string; at?: Date; reason?: string }>,
  also: { notify?: Notification; job?: JobSpec; lockDomain?: boolean; statements?: Array<(params: unknown[]) => string> } = {},
): Promise<void> {
  const params: unknown[] = [certificateId];
  const set = setClause(db, CertificateRow, patch, params);
  const list = (xs: unknown[]) => bind(params, xs);
  // CTEs that only read run when referenced: the final select references each.
  const sides: string[] = [];
  if (also.notify) sides.push(`select ${notifyCall(params, also.notify)} from u`);
  if (also.job) sides.push(`select ${addJobCall(params, also.job)} from u`);
  // The domain's lock (domain-status-writer.ts), for the transaction's refreshDomainStatus that follows.
  if (also.lockDomain) sides.push(`select 1 from domains d join u on d.id = u.domain_id for no key update of d`);
  // More writes of the same change, run whether or not the row is there (each returns a row: `returning 1`).
  for (const statement of also.statements ?? []) sides.push(statement(params));
  const { ctes: extra, counts } = sideEffects(sides);
  const count = `select count(*)::int as n${counts} from u`;
  const sql = events.length
    ? `with u as (update certificates set ${set} where id = $1 returning id, organization_id, domain_id),
         e as (insert into certificate_events (certificate_id, organization_id, type, status, message, created_at, reason)
           select u.id, u.organization_id, x.type, x.status, x.message, coalesce(x.at, now()), x.reason
           from u cross join unnest(${list(events.map((e) => e.type))}::text[], ${list(events.map((e) => e.status))}::text[],
             ${list(events.map((e) => e.message))}::text[], ${list(events.map((e) => e.at ?? null))}::timestamptz[],
             ${list(events.map((e) => e.reason ?? null))}::text[])
             with ordinality as x(type, status, message, at, reason, n)
           order by x.n)${extra}
       ${count}`
    : `with u as (update certificates set ${set} where id = $1 returning id, domain_id)${extra} ${count}`;
  const [row] = (await db.query(sql, params)) as Array<{ n: number }>;
  if (row.n === 0) throw new CertificateGoneError(`certificate ${certificateId} no longer exists`);
}
