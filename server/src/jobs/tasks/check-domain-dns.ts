import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { DomainRow } from '../../db/entities.js';
import { createDnsClient } from '../../dns/dns-client.js';
import { pointsToTargets, resolveHost, type PointsToResult } from '../../dns/resolve.js';
import { DomainStatus, nextDomainStatus } from '../../domains/status.js';
import { setDomainStatus } from '../../domains/set-domain-status.js';
import { createCertificate } from '../../certificates/create-certificate.js';
import { DEFAULT_KEY_TYPE } from '../../certificates/status.js';
import { enqueue } from '../enqueue.js';
import { assertPayload } from '../payloads.js';
import { failpoint } from '../../failpoints.js';
import { UserError } from '../../../../schema/errors.js';

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

/** Checks that a PENDING_DNS domain points at the platform; then requests its certificate, or checks again later. */
export function createCheckDomainDnsTask(ctx: AppContext): Task {
  return async (payload) => {
    const { domainId } = assertPayload('check_domain_dns', payload, ['domainId']);
    const domain = await ctx.db.getRepository(DomainRow).findOne({ where: { id: domainId } });
    if (!domain || domain.status !== DomainStatus.PENDING_DNS) return;
    failpoint('domain_check_started');
    const result = await check(ctx, domain.hostname);
    await ctx.db.transaction(async (m) => {
      const stats = { dnsCheckedAt: ctx.now(), dnsCheckCount: domain.dnsCheckCount + 1 };
      await m.getRepository(DomainRow).update({ id: domain.id }, stats);
      const next = nextDomainStatus(domain.status as DomainStatus, { kind: 'dns', pointing: result.ok, letsencryptEnabled: domain.letsencryptEnabled });
      if (!next) {
        await setDomainStatus(m, domain, DomainStatus.PENDING_DNS, result.reason);
        const runAt = new Date(ctx.now().getTime() + ctx.config.platform.dnsCheckIntervalMs);
        await enqueue(m, 'check_domain_dns', { domainId: domain.id }, { runAt, jobKey: `check_domain_dns:${domain.id}` });
        return;
      }
      await setDomainStatus(m, domain, next, result.reason);
      if (next === DomainStatus.CREATING) {
        try {
          await createCertificate(m, domain, { sans: [], keyType: DEFAULT_KEY_TYPE, autoRenew: true, directoryUrl: ctx.config.acme.directoryUrl });
        } catch (err) {
          // The user already requested one: that certificate moves the domain along.
          if (!(err instanceof UserError)) throw err;
        }
      }
    });
  };
}
