import type { EntityManager } from 'typeorm';
import type { CertificateRow } from '../db/entities.js';
import { EventType } from './status.js';
import type { RateLimits, RateLimitUsage } from './policies.js';

const dates = (rows: Array<{ at: Date }>) => rows.map((r) => new Date(r.at));

/** What counts against a new order of `cert`, read from the certificate event log (index: org, type, time). */
export async function loadRateLimitUsage(m: EntityManager, cert: CertificateRow, limits: RateLimits, now: Date): Promise<RateLimitUsage> {
  const since = (windowMs: number) => new Date(now.getTime() - windowMs);
  const ordersByAccount = dates(
    await m.query(
      `select e.created_at at from certificate_events e join certificates c on c.id = e.certificate_id
        where e.organization_id = $1 and e.type = $2 and e.created_at > $3 and c.directory_url = $4`,
      [cert.organizationId, EventType.ORDER_CREATED, since(limits.ordersPerAccount.windowMs), cert.directoryUrl],
    ),
  );
  const issuedForSameNames = dates(
    await m.query(
      `select e.created_at at from certificate_events e join certificates c on c.id = e.certificate_id
        where e.organization_id = $1 and e.type = $2 and e.created_at > $3 and c.hostname = $4
          and (select coalesce(array_agg(x order by x), '{}') from unnest(c.sans) x) = $5::text[]`,
      [cert.organizationId, EventType.ISSUED, since(limits.duplicateCertificates.windowMs), cert.hostname, [...cert.sans].sort()],
    ),
  );
  const failures = dates(
    await m.query(
      `select e.created_at at from certificate_events e join certificates c on c.id = e.certificate_id
        where e.organization_id = $1 and e.type = $2 and e.created_at > $3 and c.hostname = $4`,
      [cert.organizationId, EventType.FAILED, since(limits.failuresPerName.windowMs), cert.hostname],
    ),
  );
  return { ordersByAccount, issuedForSameNames, failuresByName: { [cert.hostname]: failures } };
}
