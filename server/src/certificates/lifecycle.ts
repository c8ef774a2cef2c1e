import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateRow, type DomainRow } from '../db/entities.js';
import { lockDomain, refreshDomainStatus } from '../domains/domain-status-writer.js';
import { conflict } from '../errors.js';
import { acmeOrderJob, challengeCleanupJob, enqueueAcmeOrder, enqueueChallengeCleanup } from '../jobs/queue.js';
import { addJobCall, type JobSpec } from '../jobs/enqueue.js';
import { bind, insertValues, selectColumns, sideEffects } from '../db/rows.js';
import { notification, notifyCall, publish } from '../pubsub/publish.js';
import { recordEvent, updateCertificateWithEvents, type NewEvent } from './certificate-events.js';
import { ledgerInsert, recordLedger } from './acme-ledger.js';
import { renewalRetryAt } from './renewal.js';
import { canTransition, EventType, OrderStep, type CertificateStatus, type KeyType } from './status.js';
import { countOrder, OrderOutcome } from '../metrics/order-metrics.js';

/**
 * The one owner of certificate writes. Each named operation changes the row, logs its events, queues
 * the work that follows, publishes to subscribers (delivered on commit) and moves the domain along
 * (refreshDomainStatus), in the caller's transaction; status changes are checked against the
 * transition table of status.ts. Nothing else writes certificate rows.
 */

type Cert = CertificateRow;

/** An order's saved state, back to "no order" (a failure, a renewal starting, a retry). */
/** The challenge records an order left in DNS: none once it is done (clean-up ran at finalization). */
const openChallenges = (cert: Cert) => (cert.orderStep === OrderStep.DONE ? [] : cert.challenges);

export const NO_ORDER: Readonly<Partial<Cert>> = Object.freeze({ orderStep: OrderStep.NEW, orderUrl: null, challenges: Object.freeze([]) as unknown as Cert['challenges'], orderStartedAt: null, orderRetries: 0, orderHeld: false });

export interface Change {
  status?: CertificateStatus;
  patch: Partial<Cert>;
  events: NewEvent[];
  /** Tell subscribers even when the status stays (a renewal: ISSUED -> ISSUED with a new serial). */
  notify?: boolean;
  /** More writes of the change, made by the same statement (see updateCertificateWithEvents). */
  statements?: Array<(params: unknown[]) => string>;
}

/** Applies one change in the caller's transaction (exported for custom-lifecycle.ts, the other half of this module). */
export async function apply(m: EntityManager, cert: Cert, change: Change): Promise<Cert> {
  const from = cert.status as CertificateStatus;
  const to = change.status ?? from;
  if (!canTransition(from, to)) throw new Error(`certificate ${cert.id}: ${from} -> ${to} is not allowed`);
  const patch = { ...change.patch, status: to };
  const notify = to !== from || change.notify ? notification('CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status: to }) : undefined;
  await updateCertificateWithEvents(m, cert.id, patch, change.events.map((e) => ({ ...e, status: to })), { notify, lockDomain: true, statements: change.statements });
  Object.assign(cert, patch);
  await refreshDomainStatus(m, cert.domainId, { locked: true });
  return cert;
}

export interface NewCertificate {
  sans: string[];
  keyType: KeyType;
  autoRenew: boolean;
  directoryUrl: string;
}

const isUniqueViolation = (err: unknown, constraint: string) =>
  (err as { code?: string; constraint?: string })?.code === '23505' && (err as { constraint?: string }).constraint === constraint;

/** CONFLICT: a second active ACME certificate of the same key family for `hostname`. */
const activeCertificateConflict = (hostname: string) =>
  conflict(`${hostname} already has an active ACME certificate of this key family (one RSA and one ECDSA at most); renew, revoke or delete it first`);

/**
 * Runs `fn` in a savepoint; a second active ACME certificate of the same key family for the domain (the
 * database refuses it) is a CONFLICT.
 */
async function oneActivePerDomain<T>(m: EntityManager, hostname: string, fn: () => Promise<T>): Promise<T> {
  await m.query('savepoint one_active');
  try {
    const out = await fn();
    await m.query('release savepoint one_active');
    return out;
  } catch (err) {
    if (!isUniqueViolation(err, 'certificates_one_active_acme_per_key_family')) throw err;
    await m.query('rollback to savepoint one_active');
    throw activeCertificateConflict(hostname);
  }
}

/**
 * created: inserts a PENDING certificate with its first event, its order job and its notification, in
 * one statement, then moves the domain along. Two API processes racing for one domain cannot both win:
 * the database itself refuses a second active certificate (CONFLICT). On CONFLICT the caller's
 * transaction is aborted: it rolls back, or back to a savepoint of its own (ensureAutomaticCertificate).
 */
export async function certificateCreated(m: EntityManager, domain: DomainRow, input: NewCertificate): Promise<Cert> {
  await lockDomain(m, domain.id);
  const row: Partial<Cert> = {
    id: randomUUID(),
    organizationId: domain.organizationId,
    domainId: domain.id,
    source: 'ACME',
    orderHeld: false,
    hostname: domain.hostname,
    sans: input.sans,
    isWildcard: domain.isWildcard,
    keyType: input.keyType,
    autoRenew: input.autoRenew,
    status: 'PENDING',
    directoryUrl: input.directoryUrl,
    orderStep: OrderStep.NEW,
    challenges: [],
    failedAttempts: 0,
    orderRetries: 0,
  };
  const names = [domain.hostname, ...input.sans].join(', ');
  const params: unknown[] = [];
  const [task, payload, opts] = acmeOrderJob(row.id!);
  const job = addJobCall(params, { task, payload, opts });
  const notify = notification('CERTIFICATE_STATUS_CHANGED', { organizationId: domain.organizationId, certificateId: row.id!, status: 'PENDING' });
  const insert = insertValues(m, CertificateRow, row, params);
  const event = `select c.id, c.organization_id, ${bind(params, EventType.REQUESTED)}, c.status, ${bind(params, `certificate requested for ${names} (${input.keyType})`)} from c`;
  const { ctes, counts } = sideEffects([`select ${job} from c`, `select ${notifyCall(params, notify)} from c`]);
  const sql = `with c as (insert into certificates ${insert} returning *),
      e as (insert into certificate_events (certificate_id, organization_id, type, status, message) ${event})${ctes}
    select ${selectColumns(m.connection, CertificateRow, 'c')}${counts} from c`;
  let created: Cert & { s0: unknown; s1: unknown };
  try {
    [created] = (await m.query(sql, params)) as Array<Cert & { s0: unknown; s1: unknown }>;
  } catch (err) {
    if (!isUniqueViolation(err, 'certificates_one_active_acme_per_key_family')) throw err;
    throw activeCertificateConflict(domain.hostname);
  }
  const { s0, s1, ...columns } = created;
  const cert = Object.assign(new CertificateRow(), columns);
  await refreshDomainStatus(m, domain.id, { locked: true }); // locked above
  return cert;
}

/**
 * step saved: an order step's state and events in one statement (atomic without a transaction, one
 * round trip: bench/issuance.ts measured transactions of four round trips as the worker's largest
 * cost). Completing a step ends its retries and waits (rate-limit waits included). Throws CertificateGoneError when the row is gone.
 */
export async function stepSaved(db: DataSource | EntityManager, cert: Cert, patch: Partial<Cert>, events: NewEvent[] = [], now?: Date, job?: JobSpec): Promise<void> {
  const stepChanged = patch.orderStep && patch.orderStep !== cert.orderStep;
  const full: Partial<Cert> = { ...patch, orderRetries: 0, nextAttemptAt: null, rateLimitedUntil: null, ...(stepChanged && now ? { stepStartedAt: now } : {}) };
  await updateCertificateWithEvents(db, cert.id, full, events.map((e) => ({ ...e, status: cert.status })), { job });
  Object.assign(cert, full);
}

/** order created: the order exists at the CA; a first issuance starts VALIDATING, a renewal stays ISSUED. */
export async function orderCreated(m: EntityManager, cert: Cert, patch: Partial<Cert>, event: NewEvent): Promise<void> {
  const status: CertificateStatus = cert.status === 'PENDING' ? 'VALIDATING' : (cert.status as CertificateStatus);
  const ledger = (params: unknown[]) => ledgerInsert(params, cert, 'order');
  await apply(m, cert, { status, patch: { ...patch, orderRetries: 0, nextAttemptAt: null, rateLimitedUntil: null, orderHeld: false }, events: [event], statements: [ledger] });
}

/** challenges validated: the order is finalized and its challenge records are queued for removal (one statement). */
export async function challengesValidated(db: DataSource | EntityManager, cert: Cert, now: Date): Promise<void> {
  const cleanup = challengeCleanupJob(cert.id, cert.challenges);
  await stepSaved(db, cert, { orderStep: OrderStep.FINALIZED }, [{ type: EventType.FINALIZED, message: 'challenges valid; order finalized with a CSR' }], now, cleanup);
}

/**
 * rate limited: the order waits until `until` (certplane's count of the CA's limits, or the CA's own
 * Retry-After); the reason and the time are on the certificate. Logged once per distinct message.
 */
export async function rateLimited(db: DataSource, cert: Cert, message: string, until: Date): Promise<void> {
  const events = cert.statusReason === message ? [] : [{ type: EventType.RATE_LIMITED, message }];
  await updateCertificateWithEvents(db, cert.id, { statusReason: message, rateLimitedUntil: until, nextAttemptAt: until }, events.map((e) => ({ ...e, status: cert.status })));
  Object.assign(cert, { statusReason: message, rateLimitedUntil: until, nextAttemptAt: until });
}

export interface RetryPlan {
  /** Retries of this order so far, this one included (unchanged for a wait the CA asked for). */
  retries: number;
  runAt: Date;
  now: Date;
  message: string;
  /** The kind of error retried (acme/order-errors.ts RetryKind), logged as the event's reason. */
  kind?: string;
  /** The CA asked for the wait (429/503 Retry-After): shown as rateLimitedUntil. */
  caAskedToWait?: boolean;
}

/**
 * retry scheduled: a retryable error (network, 5xx, DNS API down) or a wait the CA asked for
 * (Retry-After) within an order; the order's job comes back at `runAt`, never waiting in a worker
 * slot. The certificate says why and until when.
 */
export async function retryScheduled(db: DataSource, cert: Cert, plan: RetryPlan): Promise<void> {
  await db.transaction(async (m) => {
    const patch: Partial<Cert> = {
      orderRetries: plan.retries,
      lastFailureAt: plan.now,
      nextAttemptAt: plan.runAt,
      statusReason: plan.message,
      ...(plan.caAskedToWait ? { rateLimitedUntil: plan.runAt } : {}),
    };
    await updateCertificateWithEvents(m, cert.id, patch, [{ type: plan.caAskedToWait ? EventType.RATE_LIMITED : EventType.RETRY, status: cert.status, message: plan.message, reason: plan.kind }]);
    Object.assign(cert, patch);
    await enqueueAcmeOrder(m, cert.id, { runAt: plan.runAt, continuation: true, renewal: cert.status === 'ISSUED' });
    await refreshDomainStatus(m, cert.domainId); // its message says why it waits
  });
}

/**
 * account lost: the CA no longer knows the ACME account the order was placed with
 * (`accountDoesNotExist`: deleted, CA data reset). The order starts over (a new account is registered
 * by the next step), its challenge records are removed, and it is logged.
 */
export async function accountLost(db: DataSource, cert: Cert, message: string): Promise<void> {
  await db.transaction(async (m) => {
    const challenges = cert.challenges;
    const patch: Partial<Cert> = { ...NO_ORDER, orderRetries: cert.orderRetries + 1, nextAttemptAt: null, statusReason: message };
    await updateCertificateWithEvents(m, cert.id, patch, [{ type: EventType.ACCOUNT_REGISTERED, status: cert.status, message }]);
    Object.assign(cert, patch);
    await enqueueChallengeCleanup(m, cert.id, challenges);
    await enqueueAcmeOrder(m, cert.id, { continuation: true, renewal: cert.status === 'ISSUED' });
  });
}

/**
 * order failed: a permanent error, or too many retries. Names the CA refused or failed to validate go
 * to the issuance ledger. A first issuance ends FAILED; a failed renewal
 * keeps the valid certificate (ISSUED) and tries again after renewalRetryAt (the count of failed
 * renewals survives each round). Challenge records of the order are queued for removal.
 */
export async function orderFailed(m: EntityManager, cert: Cert, reason: string, now: Date, failedNames: string[] = []): Promise<void> {
  const challenges = cert.challenges;
  await recordLedger(m, cert, 'failed_validation', failedNames);
  const failedAttempts = cert.failedAttempts + 1;
  const base = { ...NO_ORDER, failedAttempts, lastFailureAt: now, statusReason: reason, rateLimitedUntil: null };
  countOrder(cert.status === 'ISSUED' ? OrderOutcome.RENEWAL_FAILED : OrderOutcome.FAILED);
  if (cert.status === 'ISSUED') {
    const retryAt = renewalRetryAt(failedAttempts, now, cert.expiresAt);
    await apply(m, cert, {
      patch: { ...base, nextRenewalAt: retryAt, nextAttemptAt: retryAt },
      events: [{ type: EventType.FAILED, message: `renewal failed (${failedAttempts} in a row): ${reason}; next attempt ${retryAt.toISOString()}` }],
      notify: true,
    });
  } else {
    await apply(m, cert, { status: 'FAILED', patch: { ...base, nextAttemptAt: null }, events: [{ type: EventType.FAILED, message: reason }] });
  }
  await enqueueChallengeCleanup(m, cert.id, challenges);
}

/**
 * order completed: the certificate (new, or renewed with a new serial, key and expiry) takes over.
 * Subscribers hear of it either way: edges reload the certificate from this event.
 */
export async function orderCompleted(m: EntityManager, cert: Cert, patch: Partial<Cert>, info: { issuer: string; serial: string; notAfter: Date }): Promise<void> {
  const renewed = cert.status === 'ISSUED';
  countOrder(renewed ? OrderOutcome.RENEWED : OrderOutcome.ISSUED);
  const ledger = (params: unknown[]) => ledgerInsert(params, cert, 'certificate');
  await apply(m, cert, {
    status: 'ISSUED',
    patch: { ...patch, orderStep: OrderStep.DONE, statusReason: null, failedAttempts: 0, orderRetries: 0, nextAttemptAt: null, rateLimitedUntil: null },
    events: [
      {
        type: renewed ? EventType.RENEWED : EventType.ISSUED,
        message: `${renewed ? 'renewed' : 'issued'} by ${info.issuer}, serial ${info.serial}, expires ${info.notAfter.toISOString()}`,
      },
    ],
    notify: true,
    statements: [ledger],
  });
}

/** The columns a renewal resets, as SQL for the scan's bulk update (NO_ORDER plus the renewal times; the served certificate stays). */
const RENEWAL_RESET_SQL = `order_step = '${OrderStep.NEW}', order_url = null, challenges = '[]', order_started_at = null,
  order_retries = 0, next_renewal_at = null, next_attempt_at = null, order_held = false`;

/**
 * renewal started (the scan): issued, auto-renewing certificates whose renewal time has come start a
 * new order (new key) with the CA configured now (`directoryUrl`: a change of
 * CERTPLANE_ACME_DIRECTORY, say from staging to production, applies from the next order), at most
 * `limit` per call, oldest due first. They stay ISSUED and served; the
 * count of failed renewals is kept. Subscribers hear of each. Uses the partial index
 * certificates_renewal_due.
 */
export async function startDueRenewals(m: EntityManager, now: Date, limit: number, directoryUrl: string): Promise<number> {
  const due: Array<{ id: string; organization_id: string; domain_id: string }> = await m
    .query(
      `update certificates set ${RENEWAL_RESET_SQL}, step_started_at = $1, directory_url = $3
        where id in (select id from certificates
                      where auto_renew and status = 'ISSUED' and next_renewal_at <= $1
                      order by next_renewal_at limit $2 for update skip locked)
        returning id, organization_id, domain_id`,
      [now, limit, directoryUrl],
    )
    .then((r: unknown) => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as Array<{ id: string; organization_id: string; domain_id: string }>);
  for (const row of due) {
    await renewalQueued(m, { id: row.id, organizationId: row.organization_id }, 'renewal due (a third of the lifetime remains, or a retry after a failure); new order started');
  }
  return due.length;
}

async function renewalQueued(m: EntityManager, cert: Pick<Cert, 'id' | 'organizationId'>, message: string): Promise<void> {
  await recordEvent(m, cert, EventType.RENEWAL_STARTED, 'ISSUED', message);
  await enqueueAcmeOrder(m, cert.id, { renewal: true });
  await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status: 'ISSUED' });
}

/**
 * renewal requested (renewCertificate): an ISSUED certificate starts a new order now (new key); a
 * FAILED or EXPIRED one is ordered again (PENDING). The new order goes to the CA configured now. CONFLICT while an order is in flight, or when the
 * status allows no new order (REVOKED).
 */
export async function renewalRequested(m: EntityManager, cert: Cert, now: Date, directoryUrl: string): Promise<Cert> {
  const inFlight = (cert.status === 'ISSUED' && cert.orderStep !== OrderStep.DONE) || cert.status === 'PENDING' || cert.status === 'VALIDATING';
  if (inFlight) throw conflict(`certificate ${cert.id} has an order in flight (${cert.status}, step ${cert.orderStep}); wait for it to end`);
  if (cert.status === 'ISSUED') {
    // The same reset as RENEWAL_RESET_SQL (the scan's bulk form), as a patch of this one row.
    await apply(m, cert, {
      patch: { ...NO_ORDER, nextRenewalAt: null, nextAttemptAt: null, stepStartedAt: now, directoryUrl },
      events: [{ type: EventType.RENEWAL_STARTED, message: 'renewal requested (renewCertificate); new order started' }],
      notify: true,
    });
    await enqueueAcmeOrder(m, cert.id, { renewal: true });
    return cert;
  }
  if (!canTransition(cert.status as CertificateStatus, 'PENDING')) {
    throw conflict(`certificate ${cert.id} is ${cert.status} and cannot be ordered again; request a new certificate`);
  }
  await oneActivePerDomain(m, cert.hostname, () =>
    apply(m, cert, {
      status: 'PENDING',
      patch: { ...NO_ORDER, directoryUrl, stepStartedAt: now, statusReason: null, nextAttemptAt: null, rateLimitedUntil: null, nextRenewalAt: null },
      events: [{ type: EventType.RETRY_REQUESTED, message: `new order requested (renewCertificate) after ${cert.status === 'FAILED' ? 'the failure' : 'expiry'}` }],
    }),
  );
  await enqueueAcmeOrder(m, cert.id);
  return cert;
}

/**
 * expired: issued certificates past their notAfter become EXPIRED (a sweep; at most `limit` per call)
 * and their domains follow. An order still in flight for them is abandoned (its records cleaned up);
 * renewCertificate orders again.
 */
export async function expireDue(m: EntityManager, now: Date, limit: number): Promise<number> {
  const rows: Cert[] = await m
    .getRepository(CertificateRow)
    .createQueryBuilder('c')
    .where(`c.status = 'ISSUED' and c.expires_at <= :now`, { now })
    .orderBy('c.expires_at')
    .limit(limit)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
  for (const cert of rows) {
    const challenges = openChallenges(cert);
    await apply(m, cert, {
      status: 'EXPIRED',
      patch: { ...NO_ORDER, orderStep: OrderStep.DONE, nextRenewalAt: null, nextAttemptAt: null, rateLimitedUntil: null },
      events: [{ type: EventType.EXPIRED, message: `expired at ${cert.expiresAt!.toISOString()} (serial ${cert.serial ?? 'unknown'})` }],
    });
    await enqueueChallengeCleanup(m, cert.id, challenges);
  }
  return rows.length;
}

/** revoked: recorded after the CA revoked it (or said it already had); renewal stops. */
export async function revoked(m: EntityManager, cert: Cert, reason: string, now: Date, note: string): Promise<Cert> {
  const challenges = openChallenges(cert);
  await apply(m, cert, {
    status: 'REVOKED',
    patch: { revokedAt: now, revocationReason: reason, autoRenew: false, nextRenewalAt: null, nextAttemptAt: null, ...NO_ORDER, orderStep: OrderStep.DONE },
    events: [{ type: EventType.REVOKED, message: note }],
  });
  await enqueueChallengeCleanup(m, cert.id, challenges);
  return cert;
}

/** settings changed: autoRenew, without a new order. */
export async function settingsChanged(m: EntityManager, cert: Cert, autoRenew: boolean): Promise<Cert> {
  return apply(m, cert, { patch: { autoRenew }, events: [{ type: EventType.SETTINGS_CHANGED, message: `autoRenew set to ${autoRenew}` }] });
}

/**
 * records removed: the challenge records of an order are gone from DNS (an event only). The clean-up
 * runs beside the order's last steps, so the event takes the status the certificate has when it is
 * written, not the one it had when the clean-up started.
 */
export async function recordsRemoved(m: EntityManager, certificateId: string, names: string[]): Promise<void> {
  // FOR SHARE waits for a transaction changing the certificate (the order completing) to commit, then
  // reads its new status; the event's id is drawn after that wait, so it sorts after that change's events.
  await m.query(
    `insert into certificate_events (certificate_id, organization_id, type, status, message)
     select id, organization_id, $2, status, $3 from certificates where id = $1 for share`,
    [certificateId, EventType.RECORD_REMOVED, `TXT records removed: ${[...new Set(names)].join(', ')}`],
  );
}

/** deleted: the row goes; challenge records of an order in flight are cleaned up by the queue. */
export async function certificateDeleted(m: EntityManager, cert: Cert): Promise<void> {
  await enqueueChallengeCleanup(m, cert.id, cert.challenges);
  await m.getRepository(CertificateRow).delete({ id: cert.id });
  await refreshDomainStatus(m, cert.domainId);
}
