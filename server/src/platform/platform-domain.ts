import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { AppRow, CertificateRow, DomainRow, OrganizationRow } from '../db/entities.js';
import { certificateCreated, renewalRequested } from '../certificates/lifecycle.js';
import { DEFAULT_KEY_TYPE } from '../certificates/status.js';
import { refreshDefaultDomains, refreshDomainStatus } from '../domains/domain-status-writer.js';
import { enqueueChallengeCleanup } from '../jobs/queue.js';
import { DomainStatus } from '../domains/status.js';

/**
 * The platform's own domain and certificate (CERTPLANE_PLATFORM_DOMAIN; Scalingo's default domains).
 *
 * Ownership: the platform certificate needs an owner row like any certificate. It belongs to the
 * platform organization (organizations.is_platform: on `unlimited`, never given tokens, hidden from the
 * operator's list), whose app `platform` holds the PLATFORM domain `*.<platform domain>`. So the
 * certificate is written, ordered, renewed and expired by the ordinary lifecycle (certificates/
 * lifecycle.ts), through the installation's DNS provider (the platform organization has no credentials
 * of its own: dns/credentials.ts providerFor falls back to it), and counts against no customer's plan.
 * What serves the platform domain (its primary certificate: an imported one first, else the newest
 * valid ACME one) is what every DEFAULT domain serves (domains/domain-status-writer.ts).
 *
 * At start (the process that migrates), ensurePlatformDomain makes these rows when missing, orders the
 * ACME certificate unless one is active or an imported one serves (a FAILED or EXPIRED one is ordered
 * again: a restart retries), and gives every app without a default domain its own.
 */

const PLATFORM_LOCK = 72_630_003;
/** The platform organization's app holding the platform domain. */
export const PLATFORM_APP = 'platform';

/** The PLATFORM domain (`*.<platform domain>`), or null when none was made. */
export async function findPlatformDomain(m: EntityManager): Promise<DomainRow | null> {
  return m.getRepository(DomainRow).findOne({ where: { kind: 'PLATFORM' } });
}

/** Makes or updates the platform's rows for CERTPLANE_PLATFORM_DOMAIN (nothing when it is unset); idempotent, one process at a time. */
export async function ensurePlatformDomain(ctx: AppContext): Promise<void> {
  const base = ctx.config.platform.domain;
  if (!base) return;
  await ctx.db.transaction(async (m) => {
    await m.query('select pg_advisory_xact_lock($1)', [PLATFORM_LOCK]);
    let platform = await findPlatformDomain(m);
    if (platform && platform.hostname !== `*.${base}`) {
      await platformDomainMoved(ctx, m, platform, base);
      platform = null;
    }
    platform ??= await platformDomainCreated(ctx, m, base);
    await orderPlatformCertificate(ctx, m, platform);
    const added = await defaultDomainsAdded(ctx, m, base);
    await refreshDefaultDomains(m);
    if (added.created || added.skipped) {
      ctx.log.info('default domains given to existing apps', { platformDomain: base, created: added.created, skipped: added.skipped });
    }
    if (added.skipped) {
      ctx.log.warn(`${added.skipped} app(s) got no default domain: <app>.${base} is another app's or a custom domain's, or no hostname; renaming the app gives it one`);
    }
  });
}

async function platformDomainCreated(ctx: AppContext, m: EntityManager, base: string): Promise<DomainRow> {
  const orgs = m.getRepository(OrganizationRow);
  const org = (await orgs.findOne({ where: { isPlatform: true } })) ?? (await orgs.save(orgs.create({ name: 'platform', plan: 'unlimited', isPlatform: true })));
  const apps = m.getRepository(AppRow);
  const app = (await apps.findOne({ where: { organizationId: org.id, name: PLATFORM_APP } })) ?? (await apps.save(apps.create({ organizationId: org.id, name: PLATFORM_APP })));
  const repo = m.getRepository(DomainRow);
  const domain = await repo.save(
    repo.create({
      organizationId: org.id,
      appId: app.id,
      hostname: `*.${base}`,
      isWildcard: true,
      kind: 'PLATFORM',
      letsencryptEnabled: true,
      canonical: false,
      status: DomainStatus.CREATING,
      statusMessage: null,
      dnsCheckCount: 0,
      // The platform's own DNS answers it: nothing to check.
      dnsVerifiedAt: ctx.now(),
      dnsResult: "the platform's own domain",
      ownershipVerifiedAt: null,
    }),
  );
  await refreshDomainStatus(m, domain.id);
  return domain;
}

/**
 * The ACME platform certificate, unless it needs none: an ACME one is active (being ordered, or issued
 * and renewed by the renewal scan) or the operator's imported one serves. A FAILED or EXPIRED one is
 * ordered again in place; otherwise a new one is requested (`*.<platform domain>`, renewing).
 */
async function orderPlatformCertificate(ctx: AppContext, m: EntityManager, platform: DomainRow): Promise<void> {
  const certs = await m.getRepository(CertificateRow).find({ where: { domainId: platform.id }, order: { createdAt: 'DESC' } });
  if (certs.some((c) => c.status === 'ISSUED' && c.source === 'CUSTOM')) return;
  if (certs.some((c) => c.source === 'ACME' && ['PENDING', 'VALIDATING', 'ISSUED'].includes(c.status))) return;
  const again = certs.find((c) => c.source === 'ACME' && (c.status === 'FAILED' || c.status === 'EXPIRED'));
  if (again) {
    const locked = await m.getRepository(CertificateRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: again.id }).getOneOrFail();
    await renewalRequested(m, locked, ctx.now(), ctx.config.acme.directoryUrl);
    return;
  }
  await certificateCreated(m, platform, { sans: [], keyType: DEFAULT_KEY_TYPE, autoRenew: true, directoryUrl: ctx.config.acme.directoryUrl });
}

/**
 * CERTPLANE_PLATFORM_DOMAIN changed: the old platform domain goes with its certificates (not revoked),
 * and so do the default domains under it; defaultDomainsAdded then gives every app one under the new
 * domain (new domain ids: the hostnames changed anyway).
 */
async function platformDomainMoved(ctx: AppContext, m: EntityManager, old: DomainRow, base: string): Promise<void> {
  ctx.log.warn('CERTPLANE_PLATFORM_DOMAIN changed: default domains move to the new platform domain', { from: old.hostname.slice(2), to: base });
  const certs = await m.getRepository(CertificateRow).find({ where: { domainId: old.id } });
  for (const c of certs) await enqueueChallengeCleanup(m, c.id, c.challenges);
  await m.query(`delete from domains where kind = 'DEFAULT' or id = $1`, [old.id]);
}

/**
 * Every app (outside the platform organization) without a default domain gets one, in one statement;
 * an app whose `<app>.<platform domain>` is taken (by a custom domain made before the platform domain
 * was set, or by an older app of that name in another organization) or is no hostname is skipped. The
 * new rows are IN_USE; refreshDefaultDomains then gives them the platform certificate.
 */
async function defaultDomainsAdded(ctx: AppContext, m: EntityManager, base: string): Promise<{ created: number; skipped: number }> {
  const missing = `from apps a join organizations o on o.id = a.organization_id
     where not o.is_platform and not exists (select 1 from domains d where d.app_id = a.id and d.kind = 'DEFAULT')`;
  const created = (await m.query(
    `insert into domains (organization_id, app_id, hostname, kind, is_wildcard, letsencrypt_enabled, canonical, status, dns_check_count, dns_verified_at, dns_result)
     select a.organization_id, a.id, a.name || '.' || $1, 'DEFAULT', false, false, false, $2, 0, $3, $4
       ${missing}
        and a.name ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' and (substr(a.name, 3, 2) <> '--' or a.name like 'xn--%')
        and length(a.name) + 1 + length($1) <= 253
      order by a.created_at, a.id
     on conflict do nothing
     returning id`,
    [base, DomainStatus.IN_USE, ctx.now(), "the app's default domain: the platform's own DNS answers it"],
  )) as unknown[];
  const [{ n }] = (await m.query(`select count(*)::int as n ${missing}`)) as Array<{ n: number }>;
  return { created: created.length, skipped: n };
}
