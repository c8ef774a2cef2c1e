import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { CertificateRow, type DomainRow } from '../db/entities.js';
import { enqueueChallengeCleanup } from '../jobs/queue.js';
import { DomainEventType, recordDomainEvent } from './domain-events.js';
import { ownershipRecord, seenOwnershipValue } from './ownership.js';
import { closestVerifiedZone } from '../zones/zone-coverage.js';

/**
 * Claims of a hostname attached in another organization. Whoever controls the hostname's DNS decides,
 * proven by the ownership TXT record (`_certplane-ownership.<hostname>` holding the claiming
 * organization's value, or the value of the app it is added to), or by a zone of the claimant's that is
 * VERIFIED and covers the hostname, when no verified zone closer to the hostname belongs to another
 * organization. Without either the answer says how to prove ownership and reveals nothing about the other
 * organization.
 */

export interface ClaimCheck {
  proven: boolean;
  /** For the claimant: what proved it, or exactly which record to create. */
  message: string;
}

/**
 * The claimant's verified zone covering the hostname, else its ownership TXT on the hostname's
 * authoritative servers (DNS trouble: not proven).
 */
export async function proveClaim(ctx: AppContext, hostname: string, appId: string, organizationId: string): Promise<ClaimCheck> {
  const zone = await closestVerifiedZone(ctx.db, hostname);
  if (zone?.organizationId === organizationId) {
    return { proven: true, message: `the zone ${zone.name}, verified in this organization (by ${zone.verifiedBy === 'ns' ? 'NS delegation' : 'TXT record'}), holds ${hostname}` };
  }
  const rec = ownershipRecord(ctx.config, hostname, appId, organizationId);
  const howTo =
    `${hostname} is attached in another organization. To claim it, prove you control its DNS: create the TXT record ` +
    `${rec.name} with the value "${rec.orgValue}" (this organization) or "${rec.appValue}" (this app), or verify a zone that holds it (importZone), then add the domain again`;
  try {
    const value = await seenOwnershipValue(ctx, rec);
    if (value) return { proven: true, message: `ownership TXT record ${rec.name} = "${value}" seen on the authoritative servers` };
    return { proven: false, message: howTo };
  } catch {
    return { proven: false, message: `${howTo} (the DNS lookup failed just now)` };
  }
}

/**
 * The losing side of a proven claim, in the claimant's transaction: the other organization's domain and
 * its certificates are removed (challenge records of an order in flight cleaned up), and its log says
 * so without naming the claimant.
 */
export async function claimedAway(m: EntityManager, domain: DomainRow): Promise<void> {
  await m.query('select 1 from domains where id = $1 for update', [domain.id]);
  const certs = await m.getRepository(CertificateRow).find({ where: { domainId: domain.id } });
  for (const c of certs) await enqueueChallengeCleanup(m, c.id, c.challenges);
  const serials = certs.map((c) => c.serial ?? c.id).join(', ');
  await recordDomainEvent(
    m,
    domain,
    DomainEventType.CLAIMED_AWAY,
    `another organization proved control of ${domain.hostname} (its ownership TXT record, or a verified zone holding it); the domain and its ${certs.length} certificate(s)${certs.length ? ` (${serials})` : ''} were removed`,
    { keepDomainId: false },
  );
  await m.query('delete from domains where id = $1', [domain.id]);
}
