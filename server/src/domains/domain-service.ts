import type { EntityManager } from 'typeorm';
import { isUuid } from '../ids.js';
import type { AppContext } from '../context.js';
import { AppRow, CertificateRow, DomainRow, OrganizationRow, type CertificateSource } from '../db/entities.js';
import { certificateCreated } from '../certificates/lifecycle.js';
import { DEFAULT_KEY_TYPE } from '../certificates/status.js';
import { enqueueChallengeCleanup, enqueueDomainCheck } from '../jobs/queue.js';
import { paginate, likeEscape, type Page } from '../pagination.js';
import { bind, findInOrganization, selectColumns } from '../db/rows.js';
import { organizationCountSql, organizationVersionSql } from '../db/organization-counts.js';
import { publish } from '../pubsub/publish.js';
import { badInput, conflict, notFound, unauthenticated, UserError } from '../errors.js';
import { HostnameError, normalizeHostname } from './hostname.js';
import { decideDomainStatus } from './status.js';
import { decideForDomain, lockDomain, refreshDomainStatus } from './domain-status-writer.js';
import { activeCertificates, assertNewCertificateAllowed, planError, planOf } from '../plans/plan-gate.js';
import { checkNewCertificate } from '../plans/plans.js';
import { DomainEventType, recordDomainEvent } from './domain-events.js';
import { claimedAway, proveClaim } from './claims.js';
import { revokeCertificate } from '../certificates/certificate-service.js';
import { refuseReserved, requireVerifiedZone } from '../zones/zone-coverage.js';

export function parseHostname(input: string, field = 'hostname') {
  try {
    return normalizeHostname(input);
  } catch (err) {
    if (err instanceof HostnameError) throw badInput(err.message, field);
    throw err;
  }
}

/** An app of the organization, by id or by name; NOT_FOUND otherwise. */
export async function findApp(ctx: AppContext, organizationId: string, app: string): Promise<AppRow> {
  const repo = ctx.db.getRepository(AppRow);
  const row = isUuid(app)
    ? await repo.findOne({ where: { organizationId, id: app } })
    : await repo.findOne({ where: { organizationId, name: app } });
  if (!row) throw notFound('App', app);
  return row;
}

export async function findOrganization(ctx: AppContext, organizationId: string): Promise<OrganizationRow> {
  const row = await ctx.db.getRepository(OrganizationRow).findOneBy({ id: organizationId });
  // Deleted by the platform operator a moment ago (this process has not heard yet): its tokens are gone.
  if (!row) throw unauthenticated('invalid or revoked token');
  return row;
}

/** The organization's apps by name (at most 1,000). */
export async function listApps(ctx: AppContext, organizationId: string): Promise<AppRow[]> {
  return ctx.db.getRepository(AppRow).find({ where: { organizationId }, order: { name: 'ASC' }, take: 1000 });
}

export async function appOfDomain(ctx: AppContext, domain: Pick<DomainRow, 'appId'>): Promise<AppRow> {
  return ctx.db.getRepository(AppRow).findOneByOrFail({ id: domain.appId });
}

/** The domain's newest certificate (of `source` when given), or null. */
export async function newestCertificate(ctx: AppContext, domain: Pick<DomainRow, 'id'>, source?: CertificateSource): Promise<CertificateRow | null> {
  return ctx.db.getRepository(CertificateRow).findOne({ where: { domainId: domain.id, ...(source ? { source } : {}) }, order: { createdAt: 'DESC' } });
}

/** The domain's certificates (custom and ACME), newest first. */
export async function certificatesOfDomain(ctx: AppContext, domain: Pick<DomainRow, 'id'>): Promise<CertificateRow[]> {
  return ctx.db.getRepository(CertificateRow).find({ where: { domainId: domain.id }, order: { createdAt: 'DESC' } });
}

/**
 * The platform certificate as an organization sees it through one of its default domains: the row keeps
 * the platform organization's id (so every check of a certificate's organization refuses it: its key,
 * its events, its own domain), and `servedDomainId` names the default domain it was reached through.
 */
export type ServedPlatformCertificate = CertificateRow & { servedDomainId: string };

/** What an edge serves for the domain (decided with its status, domains.primary_certificate_id), or null. */
export async function primaryCertificate(
  ctx: AppContext,
  domain: Pick<DomainRow, 'id' | 'organizationId' | 'primaryCertificateId'>,
): Promise<CertificateRow | ServedPlatformCertificate | null> {
  if (!domain.primaryCertificateId) return null;
  const row = await ctx.db.getRepository(CertificateRow).findOne({ where: { id: domain.primaryCertificateId } });
  return row && row.organizationId !== domain.organizationId ? { ...row, servedDomainId: domain.id } : row;
}

/** CONFLICT for what a default domain cannot do (`what`: "removed on its own", ...): it is its app's, served by the platform certificate. */
export function refuseDefaultDomain(domain: Pick<DomainRow, 'kind' | 'hostname'>, what: string): void {
  if (domain.kind !== 'CUSTOM') {
    throw conflict(`${domain.hostname} is its app's default domain, served by the platform certificate: it cannot be ${what} (it is removed and renamed with its app)`);
  }
}

/** What the customer must do for a domain in ACTION_REQUIRED (the same decision as its status), or null. */
export async function actionRequired(ctx: AppContext, domain: DomainRow) {
  if (domain.status !== 'ACTION_REQUIRED') return null;
  const { decision } = await decideForDomain(ctx.db.manager, domain);
  if (decision.status !== 'ACTION_REQUIRED') return null;
  return { reason: decision.reason, message: decision.message ?? '', records: decision.records ?? [], since: decision.since ?? domain.updatedAt };
}

export async function findDomain(ctx: AppContext, organizationId: string, id: string): Promise<DomainRow> {
  const row = isUuid(id) ? await findInOrganization<DomainRow>(ctx.db, DomainRow, organizationId, id) : undefined;
  if (!row) throw notFound('Domain', id);
  return row;
}

/** The organization's domain with exactly this hostname (normalised first); NOT_FOUND otherwise. */
export async function findDomainByHostname(ctx: AppContext, organizationId: string, hostname: string): Promise<DomainRow> {
  const host = parseHostname(hostname).hostname;
  const row = await ctx.db.getRepository(DomainRow).findOne({ where: { organizationId, hostname: host } });
  if (!row) throw notFound('Domain', host);
  return row;
}

export interface AddDomainInput {
  app: string;
  hostname: string;
  letsencryptEnabled: boolean;
}

/**
 * Adds a domain as PENDING_DNS and queues its first DNS check, in one transaction. A hostname under a
 * zone the platform reserves is refused (BAD_USER_INPUT); with zones required, one outside every verified
 * zone of the organization is NOT_FOUND "zone not found" (zones/zone-coverage.ts). A hostname attached
 * in another organization is CONFLICT, unless this organization proves it controls the hostname's DNS
 * with the ownership TXT record (its organization value, or the app's value): the claim then moves the
 * hostname here and removes the other organization's domain and certificates (claims.ts).
 */
export async function addDomain(ctx: AppContext, organizationId: string, input: AddDomainInput): Promise<DomainRow> {
  const host = parseHostname(input.hostname);
  refuseReserved(ctx.config, host.hostname, 'hostname');
  const app = await findApp(ctx, organizationId, input.app);
  await requireVerifiedZone(ctx.db, ctx.config, organizationId, host.hostname, 'hostname');
  if (input.letsencryptEnabled) await assertAutomaticCertificateAllowed(ctx, organizationId, host.isWildcard);
  const taken = await ctx.db.getRepository(DomainRow).findOne({ where: { hostname: host.hostname } });
  const claim = taken && taken.organizationId !== organizationId ? await proveClaim(ctx, host.hostname, app.id, organizationId) : null;
  return ctx.db.transaction(async (m) => {
    const existing = await m.getRepository(DomainRow).findOne({ where: { hostname: host.hostname } });
    if (existing) {
      if (existing.organizationId === organizationId) throw conflict(`${host.hostname} is already attached to an app of this organization`);
      if (!claim?.proven) throw conflict(claim?.message ?? `${host.hostname} is attached in another organization; retry to see how to claim it`);
      await claimedAway(m, existing);
    }
    const repo = m.getRepository(DomainRow);
    const first = decideDomainStatus({ letsencryptEnabled: input.letsencryptEnabled, dnsVerifiedAt: null, dnsResult: null, certificates: [] });
    const domain = await repo.save(
      repo.create({
        organizationId,
        appId: app.id,
        hostname: host.hostname,
        isWildcard: host.isWildcard,
        letsencryptEnabled: input.letsencryptEnabled,
        canonical: false,
        status: first.status,
        statusMessage: first.message,
        dnsCheckCount: 0,
        ownershipVerifiedAt: claim?.proven ? ctx.now() : null,
      }),
    );
    if (claim?.proven) await recordDomainEvent(m, domain, DomainEventType.CLAIMED, `claimed from another organization: ${claim.message}`);
    await enqueueDomainCheck(m, domain.id);
    await publish(m, 'DOMAIN_STATUS_CHANGED', { organizationId, domainId: domain.id, status: domain.status });
    return domain;
  });
}

export interface UpdateDomainInput {
  canonical?: boolean | null;
  letsencryptEnabled?: boolean | null;
}

/**
 * Changes a domain's settings. Making a domain canonical unsets the app's previous canonical domain.
 * Turning Let's Encrypt on for a domain already past its DNS check requests the certificate now.
 */
export async function updateDomain(ctx: AppContext, organizationId: string, id: string, input: UpdateDomainInput): Promise<DomainRow> {
  const domain = await findDomain(ctx, organizationId, id);
  if (input.letsencryptEnabled) refuseDefaultDomain(domain, "given Let's Encrypt certificates of its own");
  if (input.letsencryptEnabled && !domain.letsencryptEnabled) await assertAutomaticCertificateAllowed(ctx, organizationId, domain.isWildcard);
  return ctx.db.transaction(async (m) => {
    const repo = m.getRepository(DomainRow);
    if (input.canonical != null && input.canonical !== domain.canonical) {
      if (input.canonical) await repo.update({ appId: domain.appId, canonical: true }, { canonical: false });
      await repo.update({ id: domain.id }, { canonical: input.canonical });
    }
    if (input.letsencryptEnabled != null && input.letsencryptEnabled !== domain.letsencryptEnabled) {
      await repo.update({ id: domain.id }, { letsencryptEnabled: input.letsencryptEnabled });
      if (input.letsencryptEnabled && domain.dnsVerifiedAt) await ensureAutomaticCertificate(ctx, m, domain);
      await refreshDomainStatus(m, domain.id);
    }
    return repo.findOneByOrFail({ id: domain.id });
  });
}

/**
 * A domain's automatic certificate (auto-renewing, RSA) must be one the organization's plan allows:
 * FORBIDDEN (plan-gate.ts) otherwise, before the domain asks for it. Checked again, under lock, when
 * the certificate is requested.
 */
async function assertAutomaticCertificateAllowed(ctx: AppContext, organizationId: string, wildcard: boolean): Promise<void> {
  const plan = await planOf(ctx, ctx.db.manager, organizationId);
  const current = plan.maxCertificates === null ? 0 : await activeCertificates(ctx.db.manager, organizationId);
  const refusal = checkNewCertificate(ctx.config.plans, plan, { wildcard, autoRenew: true, current });
  if (refusal) throw planError(refusal);
}

/**
 * Requests the automatic certificate of a domain whose DNS points here and that wants one
 * (letsencryptEnabled), unless it has an active ACME certificate already (requested by hand, or by a
 * racing check): in the caller's transaction. A custom certificate does not stop it: the ACME one stands by.
 */
export async function ensureAutomaticCertificate(ctx: AppContext, m: EntityManager, domain: DomainRow): Promise<void> {
  const active = await m.query(`select 1 from certificates where domain_id = $1 and source = 'ACME' and status in ('PENDING', 'VALIDATING', 'ISSUED')`, [domain.id]);
  if (active.length) return;
  await lockDomain(m, domain.id);
  await m.query('savepoint automatic_certificate');
  try {
    await assertNewCertificateAllowed(ctx, m, domain.organizationId, { wildcard: domain.isWildcard, autoRenew: true });
    await certificateCreated(m, domain, { sans: [], keyType: DEFAULT_KEY_TYPE, autoRenew: true, directoryUrl: ctx.config.acme.directoryUrl });
    await m.query('release savepoint automatic_certificate');
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    await m.query('rollback to savepoint automatic_certificate');
    // The plan refuses (quota reached since the domain was added): said on the domain; another request
    // winning the domain's slot (CONFLICT) moves the domain along by itself.
    if (err.extensions.code === 'FORBIDDEN') await recordDomainEvent(m, domain, DomainEventType.PLAN_REFUSED, `no automatic certificate: ${err.message}`);
  }
}

/**
 * Removes a domain and its certificates; TXT records of an order in flight are cleaned up by the queue.
 * An app's default domain is CONFLICT: it goes with its app (deleteApp).
 * With `revoke`, its issued ACME certificates are revoked at the CA first (reason cessationOfOperation);
 * a refusal by the CA stops the removal (nothing is deleted). Custom certificates are not revoked:
 * their CA is the customer's.
 */
export async function removeDomain(ctx: AppContext, organizationId: string, id: string, opts: { revoke?: boolean } = {}): Promise<void> {
  const domain = await findDomain(ctx, organizationId, id);
  refuseDefaultDomain(domain, 'removed on its own');
  if (opts.revoke) {
    const issued = await ctx.db.getRepository(CertificateRow).find({ where: { domainId: domain.id, source: 'ACME', status: 'ISSUED' } });
    for (const c of issued) await revokeCertificate(ctx, organizationId, c.id, 'CESSATION_OF_OPERATION');
  }
  await ctx.db.transaction(async (m) => {
    const certs = await m.getRepository(CertificateRow).find({ where: { domainId: domain.id } });
    for (const c of certs) await enqueueChallengeCleanup(m, c.id, c.challenges);
    await m.getRepository(DomainRow).delete({ id: domain.id });
  });
}

export async function listDomains(
  ctx: AppContext,
  organizationId: string,
  args: { first?: number | null; after?: string | null; hostname?: string | null; app?: string | null },
): Promise<Page<DomainRow>> {
  const params: unknown[] = [organizationId];
  const where = ['d.organization_id = $1'];
  if (args.hostname) where.push(`d.hostname ilike ${bind(params, `%${likeEscape(args.hostname.toLowerCase())}%`)} escape '\\'`);
  if (args.app) where.push(`d.app_id = ${bind(params, (await findApp(ctx, organizationId, args.app)).id)}`);
  const unfiltered = where.length === 1;
  return paginate<DomainRow>(
    {
      db: ctx.db,
      columns: selectColumns(ctx.db, DomainRow, 'd'),
      table: 'domains',
      alias: 'd',
      where,
      params,
      countSql: unfiltered ? organizationCountSql('domains', '$1') : undefined,
      versionSql: organizationVersionSql('$1'),
      // A hostname pattern decides between the trigram index and the ordered scan: planned per call.
      prepare: !args.hostname,
    },
    args.first,
    args.after,
  );
}
