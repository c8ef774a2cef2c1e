import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { CertificateRow, DomainRow } from '../db/entities.js';
import { customActivated } from '../certificates/custom-lifecycle.js';
import { createDnsClient } from '../dns/dns-client.js';
import { pointsToTargets, resolveHost, type PointsToResult } from '../dns/resolve.js';
import { WILDCARD_PROBE_LABEL } from '../dns/diagnostics/index.js';
import { refreshDomainStatus } from './domain-status-writer.js';
import { ensureAutomaticCertificate } from './domain-service.js';
import { DomainEventType, recordDomainEvent } from './domain-events.js';
import { domainOwnershipRecord, seenOwnershipValue } from './ownership.js';

/** A wildcard is checked through one name under it (the same probe checkDomain looks at). */
export const probeName = (hostname: string) => hostname.replace(/^\*\./, `${WILDCARD_PROBE_LABEL}.`);

/** What one look at DNS found about a domain. */
export interface DnsObservation {
  /** Does the hostname point at the platform (and why not)? */
  pointsTo: Pick<PointsToResult, 'ok' | 'reason'>;
  /** Was an accepted ownership TXT value seen on every authoritative server? Undefined: not looked at. */
  ownershipProven?: boolean;
}

/** Does the hostname point at the platform? Through the configured resolvers; DNS trouble is a `false` with its reason. */
export async function lookUpPointing(ctx: AppContext, hostname: string): Promise<Pick<PointsToResult, 'ok' | 'reason'>> {
  if (ctx.config.platform.targets.length === 0) {
    return { ok: true, reason: 'no platform targets configured (CERTPLANE_PLATFORM_TARGETS); DNS check skipped' };
  }
  try {
    const res = await resolveHost(createDnsClient({ servers: ctx.resolvers, timeoutMs: 3000 }), probeName(hostname));
    return pointsToTargets(res, ctx.config.platform.targets);
  } catch (err) {
    return { ok: false, reason: `DNS lookup of ${hostname} failed: ${(err as Error).message}` };
  }
}

/** Is the domain's ownership TXT record (app or organization value) on its zone's authoritative servers? DNS trouble is a `false`. */
export async function lookUpOwnership(ctx: AppContext, domain: Pick<DomainRow, 'hostname' | 'appId' | 'organizationId'>): Promise<boolean> {
  try {
    return (await seenOwnershipValue(ctx, domainOwnershipRecord(ctx.config, domain))) !== null;
  } catch {
    return false;
  }
}

/**
 * Records what a look at DNS found, in the caller's transaction, and moves the domain on: the first time
 * the hostname points at the platform (dns_verified_at) or its ownership TXT is seen
 * (ownership_verified_at), each logged on the domain; either one activates a custom certificate waiting
 * for ownership; a pointing domain that wants Let's Encrypt gets its certificate requested. The status
 * follows (refreshDomainStatus). Returns the domain as written.
 */
export async function dnsObserved(ctx: AppContext, m: EntityManager, domain: DomainRow, obs: DnsObservation): Promise<DomainRow> {
  const now = ctx.now();
  const facts: Partial<DomainRow> = { dnsCheckedAt: now, dnsCheckCount: domain.dnsCheckCount + 1, dnsResult: obs.pointsTo.reason };
  const newlyPointing = obs.pointsTo.ok && !domain.dnsVerifiedAt;
  const newlyOwned = obs.ownershipProven === true && !domain.ownershipVerifiedAt;
  if (newlyPointing) facts.dnsVerifiedAt = now;
  if (newlyOwned) facts.ownershipVerifiedAt = now;
  await m.getRepository(DomainRow).update({ id: domain.id }, facts);
  Object.assign(domain, facts);
  if (newlyPointing) await recordDomainEvent(m, domain, DomainEventType.DNS_VERIFIED, `${domain.hostname} points at the platform: ${obs.pointsTo.reason}`);
  if (newlyOwned) {
    await recordDomainEvent(m, domain, DomainEventType.OWNERSHIP_VERIFIED, `ownership TXT record seen on the authoritative servers of ${domain.hostname}`);
  }
  if (newlyPointing || newlyOwned) {
    const waiting = await m
      .getRepository(CertificateRow)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where(`c.domain_id = :d and c.source = 'CUSTOM' and c.status = 'PENDING_OWNERSHIP'`, { d: domain.id })
      .getOne();
    if (waiting) await customActivated(m, waiting, newlyOwned ? 'the ownership TXT record was seen' : 'the hostname points at the platform');
  }
  if (domain.dnsVerifiedAt && domain.letsencryptEnabled) await ensureAutomaticCertificate(ctx, m, domain);
  await refreshDomainStatus(m, domain.id);
  return domain;
}
