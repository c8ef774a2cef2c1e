import type { EntityManager } from 'typeorm';
import type { CertificateRow } from '../db/entities.js';
import { EventType } from './status.js';
import type { RateLimits, RateLimitUsage } from './policies.js';

/** What counts against a new order of `cert`, read from the certificate event log (index: org, type, time), in one query. */
export async function loadRateLimitUsage(m: EntityManager, cert: CertificateRow, limits: RateLimits, now: Date): Promise<RateLimitUsage> {
  const since = (windowMs: number) => new Date(now.getTime() - windowMs);
  const events = `select e.created_at from certificate_events e join certificates c on c.id = e.certificate_id where e.organization_id = $1`;
  const [row] = (await m.query(
    `select
       array(${events} and e.type = $2 and e.created_at > $3 and c.directory_url = $4) as orders,
       array(${events} and e.type = $5 and e.created_at > $6 and c.hostname = $7
         and (select coalesce(array_agg(x order by x), '{}') from unnest(c.sans) x) = $8::text[]) as duplicates,
       array(${events} and e.type = $9 and e.created_at > $10 and c.hostname = $7) as failures`,
    [
      cert.organizationId,
      EventType.ORDER_CREATED,
      since(limits.ordersPerAccount.windowMs),
      cert.directoryUrl,
      EventType.ISSUED,
      since(limits.duplicateCertificates.windowMs),
      cert.hostname,
      [...cert.sans].sort(),
      EventType.FAILED,
      since(limits.failuresPerName.windowMs),
    ],
  )) as Array<Record<'orders' | 'duplicates' | 'failures', Date[]>>;
  const dates = (xs: Date[]) => xs.map((d) => new Date(d));
  return { ordersByAccount: dates(row.orders), issuedForSameNames: dates(row.duplicates), failuresByName: { [cert.hostname]: dates(row.failures) } };
}
