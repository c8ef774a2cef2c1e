import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * cert-manager's certificate metrics, for a bounded set of certificates, and aggregate counts of all.
 * At 1M certificates a series per certificate would be a million series: per-certificate series are kept
 * for the `perCertificate` ISSUED certificates soonest to expire and the `perCertificate` not-ready ones
 * changed most recently (each an indexed, LIMITed read); every certificate counts in `certplane_certificates`.
 *
 * Labels, as cert-manager's: `name` = the certificate's hostname, `namespace` = its organization's id,
 * `issuer_name` = the CA's host (`custom` for an imported certificate), `issuer_kind` = `ACME` or `Custom`,
 * `issuer_group` = `certplane`; plus `id`, the certificate's id.
 */
const CERT_LABELS = ['id', 'name', 'namespace', 'issuer_name', 'issuer_kind', 'issuer_group'] as const;
const CONDITIONS = ['True', 'False', 'Unknown'] as const;

/** Ready condition of a status: ISSUED serves; FAILED, EXPIRED and REVOKED need a person or a new order; the rest are on their way. */
export function readyCondition(status: string): (typeof CONDITIONS)[number] {
  if (status === 'ISSUED') return 'True';
  if (status === 'FAILED' || status === 'EXPIRED' || status === 'REVOKED') return 'False';
  return 'Unknown';
}

interface CertRow {
  id: string;
  hostname: string;
  organization_id: string;
  source: string;
  directory_url: string | null;
  status: string;
  expires_at: Date | null;
  next_renewal_at: Date | null;
}

const COLUMNS = 'id, hostname, organization_id, source, directory_url, status, expires_at, next_renewal_at';
/** Every certificate, counted by status and source: an index-only scan of certificates_status_source. */
export const STATUS_COUNTS_SQL = `select status, source, count(*)::int as n from certificates group by status, source`;
/** The $1 ISSUED certificates soonest to expire (certificates_expiry_due). */
export const SOONEST_EXPIRY_SQL = `select ${COLUMNS} from certificates where status = 'ISSUED' order by expires_at limit $1`;
/** The $1 not-ready certificates changed most recently (certificates_not_ready). */
export const NOT_READY_SQL = `select ${COLUMNS} from certificates where status <> 'ISSUED' order by updated_at desc limit $1`;

function issuerHost(row: CertRow): string {
  if (row.source === 'CUSTOM' || !row.directory_url) return 'custom';
  try {
    return new URL(row.directory_url).host;
  } catch {
    return 'unknown';
  }
}

export function createCertificateGauges(registry: Registry, perCertificate: number) {
  const registers = [registry];
  const expiration = new Gauge({ name: 'certificate_expiration_timestamp_seconds', help: 'The date after which the certificate expires, as a Unix timestamp (bounded set: see README)', labelNames: CERT_LABELS, registers });
  const renewal = new Gauge({ name: 'certificate_renewal_timestamp_seconds', help: 'The time at which renewal of the certificate is due, as a Unix timestamp (bounded set: see README)', labelNames: CERT_LABELS, registers });
  const ready = new Gauge({ name: 'certificate_ready_status', help: 'The ready status of the certificate: 1 for its condition (True, False, Unknown), 0 for the others (bounded set: see README)', labelNames: [...CERT_LABELS, 'condition'], registers });
  const byStatus = new Gauge({ name: 'certplane_certificates', help: 'Certificates, by status and source (ACME or CUSTOM)', labelNames: ['status', 'source'] as const, registers });
  const byCondition = new Gauge({ name: 'certplane_certificates_ready', help: 'Certificates, by ready condition (True: ISSUED; False: FAILED, EXPIRED, REVOKED; Unknown: on their way)', labelNames: ['condition'] as const, registers });

  return async function refresh(db: DataSource): Promise<void> {
    const counts = (await db.query(STATUS_COUNTS_SQL)) as Array<{ status: string; source: string; n: number }>;
    const rows: CertRow[] = [];
    if (perCertificate > 0) {
      rows.push(...((await db.query(SOONEST_EXPIRY_SQL, [perCertificate])) as CertRow[]));
      rows.push(...((await db.query(NOT_READY_SQL, [perCertificate])) as CertRow[]));
    }
    // Set at once, after every read: a scrape sees the last whole refresh.
    for (const g of [expiration, renewal, ready, byStatus, byCondition]) g.reset();
    const perCondition = { True: 0, False: 0, Unknown: 0 };
    for (const c of counts) {
      byStatus.set({ status: c.status, source: c.source }, c.n);
      perCondition[readyCondition(c.status)] += c.n;
    }
    for (const condition of CONDITIONS) byCondition.set({ condition }, perCondition[condition]);
    for (const row of rows) {
      const labels = { id: row.id, name: row.hostname, namespace: row.organization_id, issuer_name: issuerHost(row), issuer_kind: row.source === 'CUSTOM' ? 'Custom' : 'ACME', issuer_group: 'certplane' };
      if (row.expires_at) expiration.set(labels, Math.floor(new Date(row.expires_at).getTime() / 1000));
      if (row.next_renewal_at) renewal.set(labels, Math.floor(new Date(row.next_renewal_at).getTime() / 1000));
      const condition = readyCondition(row.status);
      for (const c of CONDITIONS) ready.set({ ...labels, condition: c }, c === condition ? 1 : 0);
    }
  };
}
