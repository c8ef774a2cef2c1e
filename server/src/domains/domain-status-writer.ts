import type { EntityManager } from 'typeorm';
import { DomainRow, type SavedChallenge } from '../db/entities.js';
import { bind, queryRows, selectColumns, setClause, sideEffects } from '../db/rows.js';
import { recordsToCreate } from '../acme/manual-records.js';
import { notification, notifyCall, type Notification } from '../pubsub/publish.js';
import { EventType } from '../certificates/status.js';
import { decideDefaultDomain, decideDomainStatus, type DomainCertificateFacts, type DomainDecision } from './status.js';
import { DomainEventType } from './domain-events.js';

/**
 * Locks a domain row for the caller's transaction (FOR NO KEY UPDATE: certificates referencing it can
 * still be inserted by this transaction). Transactions that change a domain's certificates take it
 * first, so two of them (an API request and the DNS check job) queue instead of deadlocking.
 */
export async function lockDomain(m: EntityManager, domainId: string): Promise<void> {
  await queryRows(m, 'select 1 from domains where id = $1 for no key update', [domainId], { prepare: true });
}

/** An order waiting for TXT records the customer creates by hand (acme/manual-records.ts). */
const AWAITING_MANUAL = `(c.order_step = 'records_published' and c.challenges @> '[{"via": "manual"}]')`;

/**
 * The columns a status decision reads of a certificate (`platform`: the platform certificate, not the
 * domain's own). Every status change reads them: the challenges come only where records are awaited.
 */
const FACT_COLUMNS = `c.id, c.source, c.status, c.status_reason, c.created_at, c.issued_at, c.expires_at, c.failed_attempts, c.next_renewal_at,
  c.order_held, c.serial, c.step_started_at, ${AWAITING_MANUAL} as awaiting_manual, case when ${AWAITING_MANUAL} then c.challenges end as challenges`;

function toFacts(c: DomainFactsRow): DomainCertificateFacts {
  return {
    id: c.id,
    source: c.source,
    issuedAt: c.issued_at ? new Date(c.issued_at) : null,
    orderHeld: c.order_held,
    manualRecords: c.awaiting_manual && c.challenges ? recordsToCreate(c.challenges) : undefined,
    waitingSince: c.step_started_at ? new Date(c.step_started_at) : null,
    status: c.status,
    statusReason: c.status_reason,
    createdAt: new Date(c.created_at),
    expiresAt: c.expires_at ? new Date(c.expires_at) : null,
    failedAttempts: c.failed_attempts,
    nextRenewalAt: c.next_renewal_at ? new Date(c.next_renewal_at) : null,
  };
}

/** The certificate serving the platform domain (its primary certificate: what every default domain serves), or null. */
async function platformCertificate(m: EntityManager): Promise<DomainFactsRow | null> {
  const [row] = (await m.query(
    `select ${FACT_COLUMNS}, true as platform from domains p join certificates c on c.id = p.primary_certificate_id where p.kind = 'PLATFORM'`,
  )) as DomainFactsRow[];
  return row ?? null;
}

/**
 * Reads a domain's certificates (and, for a default domain, the platform certificate) and decides its
 * status (no writes; the domain row as given).
 */
export async function decideForDomain(m: EntityManager, domain: DomainRow, read?: DomainFactsRow[]): Promise<{ decision: DomainDecision; certificates: DomainFactsRow[] }> {
  const certificates = read ?? (await queryRows<DomainFactsRow>(m, `select ${FACT_COLUMNS}, false as platform from certificates c where c.domain_id = $1`, [domain.id], { prepare: true }));
  const platform = domain.kind === 'DEFAULT' ? await platformCertificate(m) : null;
  const decision = decideDomainStatus({
    kind: domain.kind,
    platformCertificate: platform && toFacts(platform),
    letsencryptEnabled: domain.letsencryptEnabled,
    dnsVerifiedAt: domain.dnsVerifiedAt,
    dnsResult: domain.dnsResult,
    certificates: certificates.map(toFacts),
  });
  return { decision, certificates: platform ? [...certificates, platform] : certificates };
}

/**
 * The one writer of a domain's status: reads the domain (locked for the caller's transaction) and its
 * certificates, decides with decideDomainStatus, writes status and message when they differ, and
 * publishes a status change (delivered on commit). Call after any change to the domain's DNS facts,
 * settings or certificates, in the same transaction. Returns null when the domain is gone.
 *
 * `locked`: the caller's transaction already holds the domain's lock (an earlier statement took it, as
 * updateCertificateWithEvents's `lockDomain`): the domain and its certificates are then read in one
 * statement. Otherwise the lock is taken first, by a statement of its own: a statement that waited for
 * the lock would still read the certificates as they were when it started (READ COMMITTED), missing
 * what the transaction it waited for changed.
 */
export async function refreshDomainStatus(m: EntityManager, domainId: string, opts: { locked?: boolean } = {}): Promise<(DomainDecision & { domain: DomainRow }) | null> {
  if (!opts.locked) await lockDomain(m, domainId);
  const [row] = await queryRows<DomainRow & { __certificates: DomainFactsRow[] }>(
    m,
    `select ${selectColumns(m.connection, DomainRow, 'd')},
       (select coalesce(json_agg(f), '[]') from (select ${FACT_COLUMNS}, false as platform from certificates c where c.domain_id = d.id) f) as "__certificates"
     from domains d where d.id = $1`,
    [domainId],
    { prepare: true },
  );
  if (!row) return null;
  const { __certificates: read, ...domain } = row;
  const { decision, certificates } = await decideForDomain(m, domain, read);
  // What changes is written by one statement: the domain row, its events and the notifications.
  const patch: Partial<DomainRow> = {};
  const sides: Array<(params: unknown[]) => string> = [];
  if (decision.status !== domain.status || decision.message !== domain.statusMessage) {
    if (decision.status !== domain.status) {
      sides.push(notifySql(notification('DOMAIN_STATUS_CHANGED', { organizationId: domain.organizationId, domainId: domain.id, status: decision.status })));
    }
    patch.status = decision.status;
    patch.statusMessage = decision.message;
  }
  const primaryMoved = decision.primaryCertificateId !== domain.primaryCertificateId;
  if (primaryMoved) {
    patch.primaryCertificateId = decision.primaryCertificateId;
    sides.push(...primaryChanged(domain, decision.primaryCertificateId, certificates));
  }
  if (Object.keys(patch).length) {
    const params: unknown[] = [domain.id];
    const set = setClause(m, DomainRow, patch, params);
    const { ctes, counts } = sideEffects(sides.map((side) => side(params)));
    await m.query(`with u as (update domains set ${set} where id = $1 returning id)${ctes} select count(*) as n${counts} from u`, params);
    Object.assign(domain, patch);
  }
  // The platform certificate changed (a first issuance, an import, an expiry; not a renewal: same row).
  if (primaryMoved && domain.kind === 'PLATFORM') await refreshDefaultDomains(m);
  return { ...decision, domain };
}

/** A side statement publishing `n` (delivered on commit, as publish()). */
const notifySql = (n: Notification) => (params: unknown[]) => `select ${notifyCall(params, n)}`;

/**
 * Every default domain follows the platform certificate: one decision (decideDefaultDomain) written to
 * all of them in one statement, each change logged on the domain (primary_changed). Runs in the
 * transaction that changed the platform domain's primary certificate, which holds that row's lock:
 * createApp takes it FOR SHARE before it reads the platform certificate for a new default domain, so
 * no new default domain is left behind with the old one. Returns how many domains changed.
 */
export async function refreshDefaultDomains(m: EntityManager): Promise<number> {
  const platform = await platformCertificate(m);
  const decision = decideDefaultDomain(platform && toFacts(platform));
  const what = decision.primaryCertificateId
    ? `the platform certificate ${platform!.serial ?? platform!.id} (${platform!.source.toLowerCase()}) now serves`
    : 'no valid platform certificate is left to serve';
  const rows = (await m.query(
    `with changed as (
       update domains set status = $1, status_message = $2, primary_certificate_id = $3, updated_at = now()
        where kind = 'DEFAULT' and (status, status_message, primary_certificate_id) is distinct from ($1::text, $2::text, $3::uuid)
        returning id, organization_id, hostname)
     insert into domain_events (organization_id, domain_id, hostname, type, message)
     select organization_id, id, hostname, $4, $5 || ' ' || hostname from changed
     returning id`,
    [decision.status, decision.message, decision.primaryCertificateId, DomainEventType.PRIMARY_CHANGED, what],
  )) as unknown[];
  return rows.length;
}

/**
 * The certificate an edge serves changed: recorded on the domain (refreshDomainStatus writes the
 * column), logged on the domain and on the new primary certificate, and told to the certificate's
 * subscribers (edges reload from that event). Returns the side statements that do it.
 */
function primaryChanged(domain: DomainRow, id: string | null, certificates: DomainFactsRow[]): Array<(params: unknown[]) => string> {
  const before = certificates.find((c) => c.id === domain.primaryCertificateId);
  const after = certificates.find((c) => c.id === id);
  const kindOf = (c: DomainFactsRow) => (c.platform ? `platform certificate ${c.serial ?? c.id} (${c.source.toLowerCase()})` : `${c.source.toLowerCase()} certificate ${c.serial ?? c.id}`);
  const was = before ? ` (was the ${kindOf(before)}, now ${before.status.toLowerCase()})` : domain.primaryCertificateId ? ' (the previous one was deleted)' : '';
  const domainEvent = (message: string) => (params: unknown[]) =>
    `insert into domain_events (organization_id, domain_id, hostname, type, message)
     values (${bind(params, domain.organizationId)}, ${bind(params, domain.id)}, ${bind(params, domain.hostname)}, ${bind(params, DomainEventType.PRIMARY_CHANGED)}, ${bind(params, message)}) returning 1`;
  if (!after) return [domainEvent(`no valid certificate is left to serve ${domain.hostname}${was}`)];
  const message = `the ${kindOf(after)} now serves ${domain.hostname}${was}`;
  // The platform certificate is the operator's: no event on it, nothing told to its subscribers from here.
  if (domain.primaryCertificateId === null || after.platform) return [domainEvent(message)];
  // A fallback or a switch (not a domain's first certificate): its subscribers hear of it.
  return [
    domainEvent(message),
    (params) =>
      `insert into certificate_events (certificate_id, organization_id, type, status, message)
       values (${bind(params, after.id)}, ${bind(params, domain.organizationId)}, ${bind(params, EventType.NOW_SERVING)}, ${bind(params, after.status)}, ${bind(params, message)}) returning 1`,
    notifySql(notification('CERTIFICATE_STATUS_CHANGED', { organizationId: domain.organizationId, certificateId: after.id, status: after.status })),
  ];
}

interface DomainFactsRow {
  id: string;
  /** The platform certificate (read for a default domain), not one of the domain's own. */
  platform: boolean;
  source: string;
  issued_at: Date | null;
  order_held: boolean;
  awaiting_manual: boolean;
  step_started_at: Date | null;
  /** Null unless awaiting_manual. */
  challenges: SavedChallenge[] | null;
  serial: string | null;
  status: string;
  status_reason: string | null;
  created_at: Date;
  expires_at: Date | null;
  failed_attempts: number;
  next_renewal_at: Date | null;
}
