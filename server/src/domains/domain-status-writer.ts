import type { EntityManager } from 'typeorm';
import { DomainRow } from '../db/entities.js';
import { publish } from '../pubsub/publish.js';
import { decideDomainStatus, type DomainDecision } from './status.js';

/**
 * Locks a domain row for the caller's transaction (FOR NO KEY UPDATE: certificates referencing it can
 * still be inserted by this transaction). Transactions that change a domain's certificates take it
 * first, so two of them (an API request and the DNS check job) queue instead of deadlocking.
 */
export async function lockDomain(m: EntityManager, domainId: string): Promise<void> {
  await m.query('select 1 from domains where id = $1 for no key update', [domainId]);
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
  const certificates: DomainFactsRow[] = await m.query(
    `select status, status_reason, created_at, expires_at, failed_attempts, next_renewal_at from certificates where domain_id = $1`,
    [domainId],
  );
  const decision = decideDomainStatus({
    letsencryptEnabled: domain.letsencryptEnabled,
    dnsVerifiedAt: domain.dnsVerifiedAt,
    dnsResult: domain.dnsResult,
    certificates: certificates.map((c) => ({
      status: c.status,
      statusReason: c.status_reason,
      createdAt: new Date(c.created_at),
      expiresAt: c.expires_at ? new Date(c.expires_at) : null,
      failedAttempts: c.failed_attempts,
      nextRenewalAt: c.next_renewal_at ? new Date(c.next_renewal_at) : null,
    })),
  });
  if (decision.status !== domain.status || decision.message !== domain.statusMessage) {
    const changed = decision.status !== domain.status;
    await m.getRepository(DomainRow).update({ id: domain.id }, { status: decision.status, statusMessage: decision.message });
    domain.status = decision.status;
    domain.statusMessage = decision.message;
    if (changed) await publish(m, 'DOMAIN_STATUS_CHANGED', { organizationId: domain.organizationId, domainId: domain.id, status: decision.status });
  }
  return { ...decision, domain };
}

interface DomainFactsRow {
  status: string;
  status_reason: string | null;
  created_at: Date;
  expires_at: Date | null;
  failed_attempts: number;
  next_renewal_at: Date | null;
}
