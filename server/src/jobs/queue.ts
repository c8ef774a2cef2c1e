import type { EntityManager } from 'typeorm';
import type { SavedChallenge } from '../db/entities.js';
import { enqueue } from './enqueue.js';
import type { TaskPayloads } from './payloads.js';

/**
 * The queue's write side: one typed function per job, each owning its task name and job key. Jobs are
 * added through the caller's transaction (the state change and its job commit together). Nothing
 * imports a task file to enqueue.
 */

/** Orders already in flight continue ahead of new ones (graphile-worker runs lower priorities first). */
export const CONTINUATION_PRIORITY = -1;

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
    { jobKey: acmeOrderJobKey(certificateId), runAt: opts.runAt, priority: opts.continuation ? CONTINUATION_PRIORITY : 0 },
  ] as const;
}

/** Queues (or moves) a certificate's order job. */
export async function enqueueAcmeOrder(m: EntityManager, certificateId: string, opts: AcmeOrderJobOptions = {}): Promise<void> {
  const [task, payload, spec] = acmeOrderJob(certificateId, opts);
  await enqueue(m, task, payload, spec);
}

/** Queues (or moves) a domain's DNS check. */
export async function enqueueDomainCheck(m: EntityManager, domainId: string, runAt?: Date): Promise<void> {
  await enqueue(m, 'check_domain_dns', { domainId }, { jobKey: domainCheckJobKey(domainId), runAt });
}

/** Queues (or moves) a pending zone's next verification check. */
export async function enqueueZoneCheck(m: EntityManager, zoneId: string, runAt?: Date): Promise<void> {
  await enqueue(m, 'check_zone', { zoneId }, { jobKey: zoneCheckJobKey(zoneId), runAt });
}

/** Queues removal of an order's challenge records (no-op without any). */
export async function enqueueChallengeCleanup(m: EntityManager, certificateId: string, all: SavedChallenge[]): Promise<void> {
  const challenges = all.filter((c) => c.via !== 'manual'); // created by the customer, who removes them
  if (!challenges.length) return;
  await enqueue(m, 'dns_cleanup', {
    certificateId,
    records: challenges.map((c) => ({ name: c.publishedName ?? c.recordName, value: c.recordValue, ...(c.via ? { via: c.via } : {}) })),
  });
}
