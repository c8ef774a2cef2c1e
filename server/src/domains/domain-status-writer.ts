import type { EntityManager } from 'typeorm';
import { DomainRow, type SavedChallenge } from '../db/entities.js';
import { recordsToCreate } from '../acme/manual-records.js';
import { publish } from '../pubsub/publish.js';
import { decideDomainStatus, type DomainDecision } from './status.js';
import { DomainEventType, recordDomainEvent } from './domain-events.js';

/**
 * Locks a domain row for the caller's transaction (FOR NO KEY UPDATE: certificates referencing it can
 * still be inserted by this transaction). Transactions that change a domain's certificates take it
 * first, so two of them (an API request and the DNS check job) queue instead of deadlocking.
 */
export async function lockDomain(m: EntityManager, domainId: string): Promise<void> {
  await m.query('select 1 from domains where id = $1 for no key update', [domainId]);
}

/** Reads a domain's certificates and decides its status (no writes; the domain row as given). */
export async function decideForDomain(m: EntityManager, domain: DomainRow): Promise<{ decision: DomainDecision; certificates: DomainFactsRow[] }> {
  const certificates: DomainFactsRow[] = await m.query(
    `select id, source, status, status_reason, created_at, issued_at, expires_at, failed_attempts, next_renewal_at, order_held, serial,
            step_started_at, (order_step = 'records_published' and challenges @> '[{"via": "manual"}]') as awaiting_manual, challenges
       from certificates where domain_id = $1`,
    [domain.id],
  );
  const decision = decideDomainStatus({
    letsencryptEnabled: domain.letsencryptEnabled,
    dnsVerifiedAt: domain.dnsVerifiedAt,
    dnsResult: domain.dnsResult,
    certificates: certificates.map((c) => ({
      id: c.id,
      source: c.source,
      issuedAt: c.issued_at ? new Date(c.issued_at) : null,
      orderHeld: c.order_held,
      manualRecords: c.awaiting_manual ? recordsToCreate(c.challenges) : undefined,
      waitingSince: c.step_started_at ? new Date(c.step_started_at) : null,
      status: c.status,
      statusReason: c.status_reason,
      createdAt: new Date(c.created_at),
      expiresAt: c.expires_at ? new Date(c.expires_at) : null,
      failedAttempts: c.failed_attempts,
      nextRenewalAt: c.next_renewal_at ? new Date(c.next_renewal_at) : null,
    })),
  });
  return { decision, certificates };
}

/**
 * The one writer of a domain's status: reads the domain (locked for the caller's transaction) and its
 * certificates, decides with decideDomainStatus, writes status and message when they differ, and
 * publishes a status change (delivered on commit). Call after any change to the domain's DNS facts,
 * settings or certificates, in the same transaction. Returns null when the domain is gone.
 */
export async function refreshDomainStatus(m: EntityManager, domainId: string): Promise<(DomainDecision & { domain: DomainRow }) | null> {
  const domain = await m.getRepository(DomainRow).createQueryBuilder('d').setLock('for_no_key_update').where('d.id = :id', { id: domainId }).getOne();
  if (!domain) return null;
  const { decision, certificates } = await decideForDomain(m, domain);
  if (decision.status !== domain.status || decision.message !== domain.statusMessage) {
    const changed = decision.status !== domain.status;
    await m.getRepository(DomainRow).update({ id: domain.id }, { status: decision.status, statusMessage: decision.message });
    domain.status = decision.status;
    domain.statusMessage = decision.message;
    if (changed) await publish(m, 'DOMAIN_STATUS_CHANGED', { organizationId: domain.organizationId, domainId: domain.id, status: decision.status });
  }
  if (decision.primaryCertificateId !== domain.primaryCertificateId) {
    await primaryChanged(m, domain, decision.primaryCertificateId, certificates);
    domain.primaryCertificateId = decision.primaryCertificateId;
  }
  return { ...decision, domain };
}

/**
 * The certificate an edge serves changed: recorded on the domain, logged on the domain and on the new
 * primary certificate, and told to the certificate's subscribers (edges reload from that event).
 */
async function primaryChanged(m: EntityManager, domain: DomainRow, id: string | null, certificates: DomainFactsRow[]): Promise<void> {
  await m.query('update domains set primary_certificate_id = $2 where id = $1', [domain.id, id]);
  const before = certificates.find((c) => c.id === domain.primaryCertificateId);
  const after = certificates.find((c) => c.id === id);
  const was = before ? ` (was the ${before.source.toLowerCase()} certificate ${before.serial ?? before.id}, now ${before.status.toLowerCase()})` : domain.primaryCertificateId ? ' (the previous one was deleted)' : '';
  if (!after) {
    await recordDomainEvent(m, domain, DomainEventType.PRIMARY_CHANGED, `no valid certificate is left to serve ${domain.hostname}${was}`);
    return;
  }
  const message = `the ${after.source.toLowerCase()} certificate ${after.serial ?? after.id} now serves ${domain.hostname}${was}`;
  await recordDomainEvent(m, domain, DomainEventType.PRIMARY_CHANGED, message);
  if (domain.primaryCertificateId !== null) {
    // A fallback or a switch (not a domain's first certificate): its subscribers hear of it.
    await m.query(
      `insert into certificate_events (certificate_id, organization_id, type, status, message) values ($1, $2, 'now_serving', $3, $4)`,
      [after.id, domain.organizationId, after.status, message],
    );
    await publish(m, 'CERTIFICATE_STATUS_CHANGED', { organizationId: domain.organizationId, certificateId: after.id, status: after.status });
  }
}

interface DomainFactsRow {
  id: string;
  source: string;
  issued_at: Date | null;
  order_held: boolean;
  awaiting_manual: boolean;
  step_started_at: Date | null;
  challenges: SavedChallenge[];
  serial: string | null;
  status: string;
  status_reason: string | null;
  created_at: Date;
  expires_at: Date | null;
  failed_attempts: number;
  next_renewal_at: Date | null;
}
