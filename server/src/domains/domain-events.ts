import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { DomainEventRow, type DomainRow } from '../db/entities.js';
import { pageById, type Page } from '../pagination.js';

/** What happened to a hostname, as event types (domain_events.type). */
export const DomainEventType = {
  /** checkDomain looked at DNS. */
  CHECKED: 'checked',
  /** A DNS check found the hostname pointing at the platform. */
  DNS_VERIFIED: 'dns_verified',
  /** The ownership TXT record was seen on the zone's authoritative servers. */
  OWNERSHIP_VERIFIED: 'ownership_verified',
  /** The certificate an edge serves changed (a custom one became active, the ACME fallback took over, none is left). */
  PRIMARY_CHANGED: 'primary_changed',
  /** This organization took the hostname from another one, with the ownership TXT record. */
  CLAIMED: 'claimed',
  /** Another organization took the hostname with the ownership TXT record; the domain and its certificates were removed. */
  CLAIMED_AWAY: 'claimed_away',
  /** The organization's plan refused the domain's automatic certificate (its quota was reached meanwhile). */
  PLAN_REFUSED: 'plan_refused',
  /** A default domain renamed with its app (logged under the old and the new hostname). */
  RENAMED: 'renamed',
} as const;
export type DomainEventType = (typeof DomainEventType)[keyof typeof DomainEventType];

/** Appends one event to a hostname's log, in the caller's transaction. Messages are for people and hold no secrets. */
export async function recordDomainEvent(
  m: EntityManager,
  domain: Pick<DomainRow, 'id' | 'organizationId' | 'hostname'>,
  type: DomainEventType,
  message: string,
  opts: { keepDomainId?: boolean } = {},
): Promise<void> {
  await m.query('insert into domain_events (organization_id, domain_id, hostname, type, message) values ($1, $2, $3, $4, $5)', [
    domain.organizationId,
    opts.keepDomainId === false ? null : domain.id,
    domain.hostname,
    type,
    message,
  ]);
}

/**
 * A hostname's events in the organization, oldest first, paged by event id (cursor = the id). Events of
 * a domain since removed (claimed by another organization) stay readable by hostname.
 */
export async function listDomainEvents(
  ctx: AppContext,
  organizationId: string,
  hostname: string,
  args: { first?: number | null; after?: string | null },
): Promise<Page<DomainEventRow>> {
  const repo = ctx.db.getRepository(DomainEventRow);
  return pageById(
    args,
    (afterId, take) =>
      repo
        .createQueryBuilder('e')
        .where('e.organizationId = :org and e.hostname = :hostname and e.id > :afterId', { org: organizationId, hostname, afterId })
        .orderBy('e.id', 'ASC')
        .take(take)
        .getMany(),
    () => repo.count({ where: { organizationId, hostname } }),
  );
}
