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
