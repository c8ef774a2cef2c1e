import type { AppContext } from '../context.js';
import { DomainRow } from '../db/entities.js';
import { createDnsClient } from '../dns/dns-client.js';
import { diagnoseDomain, type DomainDiagnosis } from '../dns/diagnostics/index.js';
import { acmeChallengeTarget } from './dns-requirements.js';
import { DomainEventType, recordDomainEvent } from './domain-events.js';
import { findDomain } from './domain-service.js';
import { dnsObserved } from './domain-verification.js';
import { domainOwnershipRecord } from './ownership.js';

/** One real lookup per domain per this many ms; within it checkDomain answers the last result, with its time. */
export const CHECK_DOMAIN_INTERVAL_MS = 5_000;

export interface DomainCheckResult extends DomainDiagnosis {
  /** True when this is the last result, served again within CHECK_DOMAIN_INTERVAL_MS (checkedAt says when it was taken). */
  cached: boolean;
  domainId: string;
}

/** A diagnosis as stored in domains.last_check, with its time back as a Date. */
const revive = (json: DomainDiagnosis & { checkedAt: string | Date }): DomainDiagnosis => ({ ...json, checkedAt: new Date(json.checkedAt) });

/** Runs the diagnosis of the domain's DNS, with what the platform expects of it. */
export function diagnose(ctx: AppContext, domain: DomainRow): Promise<DomainDiagnosis> {
  const ownership = domainOwnershipRecord(ctx.config, domain);
  return diagnoseDomain({
    client: createDnsClient({ servers: ctx.resolvers, timeoutMs: 2000, retries: 0 }),
    hostname: domain.hostname,
    platformTargets: ctx.config.platform.targets,
    acmeChallengeTarget: acmeChallengeTarget(ctx.config, domain.id),
    ownership: { name: ownership.name, values: [ownership.orgValue, ownership.appValue] },
    caaIdentities: ctx.config.acme.caaIdentities,
    authoritativePort: ctx.config.dns.authoritativePort,
    now: ctx.now(),
  });
}

/**
 * checkDomain (Fly's "check certificate"): looks at the domain's DNS now, on the zone's authoritative
 * servers and the configured resolvers, and returns what it found, with flags and the exact records to
 * fix. At most one real lookup per domain every CHECK_DOMAIN_INTERVAL_MS (claimed atomically, so
 * concurrent calls from several API processes share it); within that window the last result is
 * answered with `cached` and its time. A check moves the domain on at once when the hostname now
 * points at the platform or its ownership TXT record is there, and is logged on the domain.
 * NOT_FOUND for a domain outside the organization.
 */
export async function checkDomain(ctx: AppContext, organizationId: string, id: string): Promise<DomainCheckResult> {
  const domain = await findDomain(ctx, organizationId, id);
  const now = ctx.now();
  const claimed: unknown[] = await ctx.db.query(
    `update domains set last_check_at = $2 where id = $1 and (last_check_at is null or last_check_at <= $2::timestamptz - $3 * interval '1 millisecond') returning id`,
    [domain.id, now, CHECK_DOMAIN_INTERVAL_MS],
  );
  const updated = Array.isArray(claimed[0]) ? (claimed[0] as unknown[]) : claimed;
  if (updated.length === 0) {
    const [row] = (await ctx.db.query('select last_check from domains where id = $1', [domain.id])) as Array<{ last_check: (DomainDiagnosis & { checkedAt: string }) | null }>;
    if (row?.last_check) return { ...revive(row.last_check), cached: true, domainId: domain.id };
    // A concurrent first check has the slot and no result yet: look too, without storing.
    return { ...(await diagnose(ctx, domain)), cached: false, domainId: domain.id };
  }
  const diagnosis = await diagnose(ctx, domain);
  await ctx.db.transaction(async (m) => {
    const fresh = await m.getRepository(DomainRow).findOne({ where: { id: domain.id } });
    if (!fresh) return;
    await m.query('update domains set last_check = $2 where id = $1', [domain.id, JSON.stringify(diagnosis)]);
    const problems = diagnosis.validationErrors.map((e) => e.code);
    await recordDomainEvent(
      m,
      fresh,
      DomainEventType.CHECKED,
      `DNS checked: ${diagnosis.dnsConfigured ? 'points at the platform' : 'does not point at the platform'}` +
        `${diagnosis.ownershipTxtConfigured ? ', ownership TXT present' : ''}${problems.length ? `; problems: ${problems.join(', ')}` : '; no problems'}`,
    );
    const hasTargets = ctx.config.platform.targets.length > 0;
    // Only the platform's own targets prove pointing; with none configured the DNS check job decides,
    // and a check that proves ownership keeps the domain's last DNS finding.
    if (!hasTargets && !diagnosis.ownershipTxtConfigured) return;
    const addressProblem = diagnosis.validationErrors.find((e) => !/Caa|Ownership|AcmeChallenge/.test(e.code));
    const pointsTo = !hasTargets
      ? { ok: false, reason: fresh.dnsResult ?? '' }
      : diagnosis.dnsConfigured
        ? { ok: true, reason: `points at the platform (checkDomain): ${[...diagnosis.records.cnames, ...diagnosis.records.a, ...diagnosis.records.aaaa].join(', ')}` }
        : { ok: false, reason: addressProblem ? `${addressProblem.message}: ${addressProblem.fix}` : 'the host name does not point at the platform' };
    await dnsObserved(ctx, m, fresh, { pointsTo, ownershipProven: diagnosis.ownershipTxtConfigured });
  });
  return { ...diagnosis, cached: false, domainId: domain.id };
}
