import type { EntityManager } from 'typeorm';
import { normalizeHostname } from '../domains/hostname.js';
import type { CertificateRow } from '../db/entities.js';
import { bind } from '../db/rows.js';
import type { RateLimits, RateLimitUsage } from './policies.js';

/**
 * The issuance ledger: what certplane asked of each CA (orders, certificates issued, failed
 * validations), kept apart from certificates. Deleting a certificate, its domain or its organization
 * gives no rate-limit slot back, as at the CA (Let's Encrypt counts what it issued).
 */

export type LedgerKind = 'order' | 'certificate' | 'failed_validation';

/** The registered domain (public suffix list eTLD+1, private suffixes included, as Let's Encrypt counts) of a certificate name. */
export const registeredDomain = (name: string): string => normalizeHostname(name).registrableDomain;

const sortedNames = (cert: Pick<CertificateRow, 'hostname' | 'sans'>) => [...new Set([cert.hostname, ...cert.sans])].sort();

/** Appends to the ledger in the caller's transaction: `names` are the order's names, or the one name that failed validation. */
export async function recordLedger(m: EntityManager, cert: Pick<CertificateRow, 'directoryUrl' | 'organizationId' | 'hostname' | 'sans'>, kind: LedgerKind, failedNames: string[] = []): Promise<void> {
  if (kind === 'failed_validation') {
    if (!failedNames.length) return;
    await m.query(
      `insert into acme_ledger (directory_url, organization_id, kind, names) select $1, $2, 'failed_validation', array[n] from unnest($3::text[]) n`,
      [cert.directoryUrl, cert.organizationId, [...new Set(failedNames)]],
    );
    return;
  }
  const params: unknown[] = [];
  await m.query(ledgerInsert(params, cert, kind), params);
}

/**
 * The insert recordLedger makes for a new order or certificate, its values appended to `params`: for a
 * statement that records it as it writes the certificate (lifecycle.ts apply's `also`).
 */
export function ledgerInsert(params: unknown[], cert: Pick<CertificateRow, 'directoryUrl' | 'organizationId' | 'hostname' | 'sans'>, kind: 'order' | 'certificate'): string {
  const names = sortedNames(cert);
  const domains = kind === 'certificate' ? [...new Set(names.map(registeredDomain))].sort() : [];
  const at = (v: unknown) => bind(params, v);
  return `insert into acme_ledger (directory_url, organization_id, kind, names, registered_domains) values (${at(cert.directoryUrl)}, ${at(cert.organizationId)}, ${at(kind)}, ${at(names)}::text[], ${at(domains)}::text[]) returning 1`;
}

/** Ledger rows older than this are of no limit's concern (the longest window is 7 days). */
export const LEDGER_KEEP_MS = 8 * 24 * 3600_000;

/** Deletes ledger rows no window looks at any more; returns how many. */
export async function pruneLedger(m: EntityManager, now: Date): Promise<number> {
  const rows: unknown[] = await m.query(`delete from acme_ledger where created_at < $1 returning 1`, [new Date(now.getTime() - LEDGER_KEEP_MS)]);
  return rows.length;
}

/** What counts against a new order of `cert`, from the ledger, in one query. */
export async function loadRateLimitUsage(m: EntityManager, cert: CertificateRow, limits: RateLimits, now: Date): Promise<RateLimitUsage> {
  const since = (windowMs: number) => new Date(now.getTime() - windowMs);
  const names = sortedNames(cert);
  const domains = [...new Set(names.map(registeredDomain))];
  const [row] = (await m.query(
    `select
       array(select created_at from acme_ledger where kind = 'order' and directory_url = $1 and organization_id = $2 and created_at > $3) as orders,
       array(select created_at from acme_ledger where kind = 'certificate' and directory_url = $1 and names = $4::text[] and created_at > $5) as duplicates,
       (select coalesce(json_object_agg(n, ts), '{}') from (
          select names[1] n, array_agg(created_at) ts from acme_ledger
           where kind = 'failed_validation' and directory_url = $1 and names = any(select array[x] from unnest($4::text[]) x) and created_at > $6
           group by names[1]) f) as failures,
       (select coalesce(json_object_agg(d, ts), '{}') from (
          select d, array_agg(created_at) ts from acme_ledger, unnest(registered_domains) d
           where kind = 'certificate' and directory_url = $1 and registered_domains && $7::text[] and d = any($7::text[]) and created_at > $8
           group by d) r) as registered`,
    [
      cert.directoryUrl,
      cert.organizationId,
      since(limits.ordersPerAccount.windowMs),
      names,
      since(limits.duplicateCertificates.windowMs),
      since(limits.failuresPerName.windowMs),
      domains,
      since(limits.certificatesPerRegisteredDomain.windowMs),
    ],
  )) as Array<{ orders: Date[]; duplicates: Date[]; failures: Record<string, string[]>; registered: Record<string, string[]> }>;
  const dates = (xs: Array<Date | string>) => xs.map((d) => new Date(d));
  const map = (o: Record<string, string[]>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, dates(v)]));
  return {
    ordersByAccount: dates(row.orders),
    issuedForSameNames: dates(row.duplicates),
    failuresByName: map(row.failures),
    issuedForRegisteredDomains: map(row.registered),
  };
}
