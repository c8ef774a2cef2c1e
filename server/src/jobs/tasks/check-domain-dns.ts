import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { DomainRow } from '../../db/entities.js';
import { createDnsClient } from '../../dns/dns-client.js';
import { pointsToTargets, resolveHost, type PointsToResult } from '../../dns/resolve.js';
import { refreshDomainStatus } from '../../domains/domain-status-writer.js';
import { ensureAutomaticCertificate } from '../../domains/domain-service.js';
import { enqueueDomainCheck } from '../queue.js';
import { assertPayload } from '../payloads.js';
import { failpoint } from '../../failpoints.js';

/** A wildcard is checked through one name under it. */
export const probeName = (hostname: string) => hostname.replace(/^\*\./, 'certplane-check.');

async function check(ctx: AppContext, hostname: string): Promise<PointsToResult> {
  if (ctx.config.platform.targets.length === 0) {
    return { ok: true, code: 'NoTargets', reason: 'no platform targets configured (CERTPLANE_PLATFORM_TARGETS); DNS check skipped' };
  }
  try {
    const res = await resolveHost(createDnsClient({ servers: ctx.resolvers, timeoutMs: 3000 }), probeName(hostname));
    return pointsToTargets(res, ctx.config.platform.targets);
  } catch (err) {
    return { ok: false, code: 'NoAddresses', reason: `DNS lookup of ${hostname} failed: ${(err as Error).message}` };
  }
}

/**
 * Checks that a domain not yet verified points at the platform, and records what it found (the
 * domain's DNS facts); once it does, the domain's automatic certificate is requested (when wanted),
 * otherwise it checks again later. The domain's status follows from the facts (refreshDomainStatus).
 */
export function createCheckDomainDnsTask(ctx: AppContext): Task {
  return async (payload) => {
    const { domainId } = assertPayload('check_domain_dns', payload, ['domainId']);
    const domain = await ctx.db.getRepository(DomainRow).findOne({ where: { id: domainId } });
    if (!domain || domain.dnsVerifiedAt) return;
    failpoint('domain_check_started');
    const result = await check(ctx, domain.hostname);
    await ctx.db.transaction(async (m) => {
      const facts: Partial<DomainRow> = { dnsCheckedAt: ctx.now(), dnsCheckCount: domain.dnsCheckCount + 1, dnsResult: result.reason };
      if (result.ok) facts.dnsVerifiedAt = ctx.now();
      await m.getRepository(DomainRow).update({ id: domain.id }, facts);
      Object.assign(domain, facts);
      if (!result.ok) {
        await enqueueDomainCheck(m, domain.id, new Date(ctx.now().getTime() + ctx.config.platform.dnsCheckIntervalMs));
      } else if (domain.letsencryptEnabled) {
        await ensureAutomaticCertificate(ctx, m, domain);
      }
      await refreshDomainStatus(m, domain.id);
    });
  };
}
