import type { EntityManager } from 'typeorm';
import type { SavedChallenge } from '../db/entities.js';
import { enqueue, type JobSpec } from './enqueue.js';
import type { TaskPayloads } from './payloads.js';

/**
 * The queue's write side: one typed function per job, each owning its task name and job key. Jobs are
 * added through the caller's transaction (the state change and its job commit together). Nothing
 * imports a task file to enqueue.
 */

/**
 * Job priorities (graphile-worker runs lower numbers first; within one, the earliest run_at). Someone
 * waits on a DNS check and on a first issuance; nobody waits on a renewal, whose certificate still
 * serves for a third of its lifetime. So a renewal storm (every certificate due at once) runs in the
 * slots those leave, and never holds a new domain's DNS check or a first issuance behind it
 * (bench/storm.ts measures it). Within each kind of order, steps of orders already in flight run ahead
 * of new orders, so orders finish in the order they started.
 */
export const Priority = {
  /** Domain and zone DNS checks: short, and a customer watches them. */
  DNS_CHECK: -10,
  /** Steps of a first issuance already under way. */
  ORDER_CONTINUATION: -1,
  /** A new first issuance (and a FAILED or EXPIRED certificate ordered again). */
  ORDER: 0,
  /** Steps of a renewal under way (an ISSUED certificate's new order). */
  RENEWAL_CONTINUATION: 4,
  /** A new renewal. */
  RENEWAL: 5,
  /**
   * Removing an order's challenge records: housekeeping nobody waits on, so during a burst of orders it
   * runs once they have all started (the records stay a little longer), and in idle slots otherwise.
   */
  CLEANUP: 10,
} as const;

/** Job key prefix of an order's job: one pending job per certificate (`acme_order:<certificate id>`). */
export const ACME_ORDER_KEY_PREFIX = 'acme_order:';
export const acmeOrderJobKey = (certificateId: string) => `${ACME_ORDER_KEY_PREFIX}${certificateId}`;
export const domainCheckJobKey = (domainId: string) => `check_domain_dns:${domainId}`;
export const zoneCheckJobKey = (zoneId: string) => `check_zone:${zoneId}`;

export interface AcmeOrderJobOptions {
  /** When to run (default now). */
  runAt?: Date;
  /** A step of an order already started (runs before new orders). */
  continuation?: boolean;
  /** The order renews an ISSUED certificate (runs after DNS checks and first issuances). */
  renewal?: boolean;
}

/** The job priority of an order's next step (see Priority). */
export function orderPriority(opts: Pick<AcmeOrderJobOptions, 'continuation' | 'renewal'>): number {
  if (opts.renewal) return opts.continuation ? Priority.RENEWAL_CONTINUATION : Priority.RENEWAL;
  return opts.continuation ? Priority.ORDER_CONTINUATION : Priority.ORDER;
}

/**
 * The arguments of graphile-worker's `addJob` for a certificate's order job: used as they are by a
 * running job (`helpers.addJob(...acmeOrderJob(id))`, on the job's own connection), or through
 * `enqueueAcmeOrder` in a transaction.
 */
export function acmeOrderJob(certificateId: string, opts: AcmeOrderJobOptions = {}) {
  const payload: TaskPayloads['acme_order'] = { certificateId };
  return [
    'acme_order' as const,
    payload,
    { jobKey: acmeOrderJobKey(certificateId), runAt: opts.runAt, priority: orderPriority(opts) },
  ] as const;
}

/** Queues (or moves) a certificate's order job. */
export async function enqueueAcmeOrder(m: EntityManager, certificateId: string, opts: AcmeOrderJobOptions = {}): Promise<void> {
  const [task, payload, spec] = acmeOrderJob(certificateId, opts);
  await enqueue(m, task, payload, spec);
}

/** Job key of the renewal scan, shared with its crontab line (jobs/worker.ts): one pending scan at a time. */
export const RENEWAL_SCAN_JOB_KEY = 'renewal_scan';

/** graphile-worker `addJob` arguments of a renewal scan to run now (the rest of a storm; see tasks/renewal-scan.ts). */
export function renewalScanJob() {
  return ['renewal_scan' as const, {}, { jobKey: RENEWAL_SCAN_JOB_KEY, priority: Priority.RENEWAL }] as const;
}

/** Queues (or moves) a domain's DNS check. */
export async function enqueueDomainCheck(m: EntityManager, domainId: string, runAt?: Date): Promise<void> {
  await enqueue(m, 'check_domain_dns', { domainId }, { jobKey: domainCheckJobKey(domainId), runAt, priority: Priority.DNS_CHECK });
}

/** Queues (or moves) a pending zone's next verification check. */
export async function enqueueZoneCheck(m: EntityManager, zoneId: string, runAt?: Date): Promise<void> {
  await enqueue(m, 'check_zone', { zoneId }, { jobKey: zoneCheckJobKey(zoneId), runAt, priority: Priority.DNS_CHECK });
}

/** The job removing an order's challenge records; undefined without any (manual ones are the customer's to remove). */
export function challengeCleanupJob(certificateId: string, all: SavedChallenge[]): JobSpec<'dns_cleanup'> | undefined {
  const challenges = all.filter((c) => c.via !== 'manual'); // created by the customer, who removes them
  if (!challenges.length) return undefined;
  return {
    task: 'dns_cleanup',
    payload: { certificateId, records: challenges.map((c) => ({ name: c.publishedName ?? c.recordName, value: c.recordValue, ...(c.via ? { via: c.via } : {}) })) },
    opts: { priority: Priority.CLEANUP },
  };
}

/** Queues removal of an order's challenge records (no-op without any). */
export async function enqueueChallengeCleanup(m: EntityManager, certificateId: string, all: SavedChallenge[]): Promise<void> {
  const job = challengeCleanupJob(certificateId, all);
  if (job) await enqueue(m, job.task, job.payload, job.opts);
}
