import type { DataSource } from 'typeorm';
import type { CertificateRow } from '../db/entities.js';
import { refreshDomainStatus } from '../domains/domain-status-writer.js';
import { enqueueAcmeOrder, enqueueChallengeCleanup } from '../jobs/queue.js';
import { publish } from '../pubsub/publish.js';
import { updateCertificateWithEvents, type NewEvent } from './certificate-events.js';
import { NO_ORDER } from './lifecycle.js';
import { EventType } from './status.js';

/**
 * Lifecycle operations of orders that wait for the customer (the other half of lifecycle.ts, the one
 * owner of certificate writes): held by a preflight check, waiting for TXT records created by hand, or
 * started over when the CA's authorizations expired meanwhile. Each changes the row and its events, and
 * moves the domain (ACTION_REQUIRED while the customer must act).
 */

type Cert = CertificateRow;

/**
 * order held: a preflight check found something only a person can fix before the order reaches the CA
 * (a CAA record forbidding the CA), so no order is placed and the CA's failed-validation limit is not
 * spent. The certificate says why (the domain needs action) and the order's job looks again at `until`.
 * Logged, and told to subscribers, once per distinct reason.
 */
export async function orderHeld(db: DataSource, cert: Cert, reason: string, until: Date): Promise<void> {
  await db.transaction(async (m) => {
    const events = cert.orderHeld && cert.statusReason === reason ? [] : [{ type: EventType.PREFLIGHT_HELD, status: cert.status, message: `order held: ${reason}` }];
    const patch: Partial<Cert> = { orderHeld: true, statusReason: reason, nextAttemptAt: until };
    await updateCertificateWithEvents(m, cert.id, patch, events);
    Object.assign(cert, patch);
    await enqueueAcmeOrder(m, cert.id, { runAt: until, continuation: true, renewal: cert.status === 'ISSUED' });
    // A new hold is news to subscribers (orderHeld and statusReason changed; the status did not).
    if (events.length) await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status: cert.status });
    await refreshDomainStatus(m, cert.domainId);
  });
}

/**
 * manual records required (or no longer): the order's challenge records were saved with those the
 * customer must create by hand (`via: manual`); the domain goes ACTION_REQUIRED with the records in
 * `actionRequired`, and back once a delegation lets a provider write them. Subscribers hear of it.
 */
export async function manualRecordsRequired(db: DataSource, cert: Cert, patch: Partial<Cert>, events: NewEvent[]): Promise<void> {
  await db.transaction(async (m) => {
    const full: Partial<Cert> = { ...patch, orderRetries: 0, nextAttemptAt: null, rateLimitedUntil: null };
    await updateCertificateWithEvents(m, cert.id, full, events.map((e) => ({ ...e, status: cert.status })));
    Object.assign(cert, full);
    await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: cert.organizationId, certificateId: cert.id, status: cert.status });
    await refreshDomainStatus(m, cert.domainId);
  });
}

/**
 * order expired: the CA's authorizations expired before the order could go on (records never created
 * by hand); a new order with new values starts at once, records it wrote are removed, and the domain
 * shows the new values.
 */
export async function orderExpired(db: DataSource, cert: Cert, message: string): Promise<void> {
  await db.transaction(async (m) => {
    const written = cert.challenges.filter((c) => c.via !== 'manual');
    const patch: Partial<Cert> = { ...NO_ORDER, nextAttemptAt: null, statusReason: message };
    await updateCertificateWithEvents(m, cert.id, patch, [{ type: EventType.ORDER_EXPIRED, status: cert.status, message }]);
    Object.assign(cert, patch);
    await enqueueChallengeCleanup(m, cert.id, written);
    await enqueueAcmeOrder(m, cert.id, { continuation: true, renewal: cert.status === 'ISSUED' });
    await refreshDomainStatus(m, cert.domainId);
  });
}
