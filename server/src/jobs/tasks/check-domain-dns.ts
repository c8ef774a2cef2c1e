import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { CertificateRow, DomainRow } from '../../db/entities.js';
import { dnsObserved, lookUpOwnership, lookUpPointing } from '../../domains/domain-verification.js';
import { enqueueDomainCheck } from '../queue.js';
import { assertPayload } from '../payloads.js';
import { failpoint } from '../../failpoints.js';

/**
 * Checks a domain not yet pointing at the platform: where it points, and (when a custom certificate
 * waits for it) its ownership TXT record. Records what it found (domains/domain-verification.ts moves
 * the domain on), and checks again later until the hostname points at the platform.
 */
export function createCheckDomainDnsTask(ctx: AppContext): Task {
  return async (payload) => {
    const { domainId } = assertPayload('check_domain_dns', payload, ['domainId']);
    const domain = await ctx.db.getRepository(DomainRow).findOne({ where: { id: domainId } });
    if (!domain || domain.dnsVerifiedAt) return;
    failpoint('domain_check_started');
    const custom = await ctx.db.getRepository(CertificateRow).exists({ where: { domainId, source: 'CUSTOM', status: 'PENDING_OWNERSHIP' } });
    const [pointsTo, ownershipProven] = await Promise.all([
      lookUpPointing(ctx, domain.hostname),
      custom && !domain.ownershipVerifiedAt ? lookUpOwnership(ctx, domain) : Promise.resolve(undefined),
    ]);
    await ctx.db.transaction(async (m) => {
      const fresh = await m.getRepository(DomainRow).findOne({ where: { id: domainId } });
      if (!fresh) return;
      await dnsObserved(ctx, m, fresh, { pointsTo, ownershipProven });
      if (!pointsTo.ok) await enqueueDomainCheck(m, domainId, new Date(ctx.now().getTime() + ctx.config.platform.dnsCheckIntervalMs));
    });
  };
}
