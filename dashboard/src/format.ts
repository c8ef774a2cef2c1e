/** Dates and durations as the dashboard shows them. */

const DAY = 86_400_000;

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** "in 59 d 3 h", "in 5 h 12 min", "expired 2 d ago". */
export function countdown(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  return ms >= 0 ? `in ${span}` : `expired ${span} ago`;
}

export type ExpiryLevel = 'ok' | 'soon' | 'urgent';

/** Green over 30 days left, amber at 30 days or less, red at 7 days or less (and once expired). */
export function expiryLevel(iso: string, now: number): ExpiryLevel {
  const days = (new Date(iso).getTime() - now) / DAY;
  return days <= 7 ? 'urgent' : days <= 30 ? 'soon' : 'ok';
}

export const humanize = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');

/** RSA_2048 -> RSA 2048, ECDSA_P256 -> ECDSA P-256. */
export const keyTypeLabel = (k: string) => k.replace(/^RSA_/, 'RSA ').replace(/^ECDSA_P/, 'ECDSA P-');

/** Enum values as people read them; anything not listed falls back to humanize. Show the raw value in a title. */
const LABELS: Record<string, string> = {
  PENDING_DNS: 'Waiting for DNS',
  CREATING: 'Issuing certificate',
  IN_USE: 'In use',
  NOT_USED: 'Custom certificate in use',
  ACTION_REQUIRED: 'Action required',
  PENDING: 'Pending',
  VALIDATING: 'Validating',
  ISSUED: 'Issued',
  PENDING_OWNERSHIP: 'Waiting for ownership proof',
  FAILED: 'Failed',
  EXPIRED: 'Expired',
  REVOKED: 'Revoked',
};
export const statusLabel = (s: string) => LABELS[s] ?? humanize(s);

/** actionRequired.reason / validation codes (PascalCase or SCREAMING_CASE) as words. */
const REASONS: Record<string, string> = {
  MANUAL_DNS_RECORDS_REQUIRED: 'DNS records to create by hand',
  ManualDnsRecordsRequired: 'DNS records to create by hand',
  CertificateRevoked: 'Certificate revoked',
  CaaForbidsIssuer: 'A CAA record forbids the CA',
  OwnershipTxtMissing: 'Ownership TXT record missing',
  OwnershipTxtWrongValue: 'Ownership TXT record has the wrong value',
  NxDomain: 'The hostname does not exist in DNS',
  ZoneNotFound: 'The DNS zone was not found',
  CnameExpected: 'A CNAME to the platform is expected',
  ForeignAddress: 'The hostname points elsewhere',
  NoAddresses: 'The hostname has no addresses',
};
export function reasonLabel(code: string): string {
  if (REASONS[code]) return REASONS[code];
  const words = code.includes('_') ? code.toLowerCase().split('_') : code.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "in 47 s", "in 3 min", "2 min ago": a relative time for something soon (re-rendered by useNow). */
export function relative(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  const s = Math.round(Math.abs(ms) / 1000);
  const span = s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : s < 86_400 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86_400)} d`;
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

/** The API's messages name its own operations and internal steps; in the dashboard they read as what to press. */
export function friendlyMessage(message: string): string {
  return message
    .replace(/retry with renewCertificate/g, 'press Renew on the certificate to retry')
    .replace(/with requestCertificate/g, 'with Request certificate')
    .replace(/\(([A-Z_]+), step [\w-]+\)/g, (_m, s: string) => `(${statusLabel(s)})`);
}
