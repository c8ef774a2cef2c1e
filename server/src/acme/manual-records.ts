import type { SavedChallenge } from '../db/entities.js';

/**
 * Manual DNS-01 (Scalingo's instructions for wildcards): a challenge no provider can answer (no
 * credentials or installation provider for the name, or none of their zones holds it, and no
 * delegation) waits for the customer to create the TXT record by hand. The order does not fail: the
 * domain says exactly which records to create, certplane looks for them on the authoritative servers
 * (more and more rarely, up to every MANUAL_POLL_MS) for the authorization's lifetime, and goes on by
 * itself once they are there. When the authorizations expire, a new order with new values starts.
 */

/** `via` of a challenge record the customer must create by hand. */
export const MANUAL = 'manual';

/** Longest wait between looks for manually created records, in ms. */
export const MANUAL_POLL_MS = 5 * 60_000;

/** TTL suggested for manually created challenge records, in s (short: the value changes at each renewal). */
export const MANUAL_TTL_S = 60;

/** How long an order may wait for manual records when the CA gave no expiry, in ms (Let's Encrypt: 7 days). */
export const MANUAL_DEFAULT_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export const isManual = (c: Pick<SavedChallenge, 'via'>) => c.via === MANUAL;

/** A record to create: name, type, TTL and every value it must hold (an apex and its wildcard share one name). */
export interface RecordToCreate {
  name: string;
  type: 'TXT';
  ttl: number;
  values: string[];
}

/** The records the customer must create for an order's manual challenges, one per name. */
export function recordsToCreate(challenges: ReadonlyArray<SavedChallenge>): RecordToCreate[] {
  const byName = new Map<string, string[]>();
  for (const c of challenges.filter(isManual)) {
    const name = c.publishedName ?? c.recordName;
    byName.set(name, [...(byName.get(name) ?? []), c.recordValue]);
  }
  return [...byName].map(([name, values]) => ({ name, type: 'TXT', ttl: MANUAL_TTL_S, values }));
}

/** The records in words: `_acme-challenge.example.com TXT "v1" "v2" (TTL 60)`. */
export const describeRecords = (records: ReadonlyArray<RecordToCreate>) =>
  records.map((r) => `${r.name} TXT ${r.values.map((v) => `"${v}"`).join(' ')} (TTL ${r.ttl})`).join('; ');

/** When the manual wait ends: the earliest authorization expiry, else the order start plus the default lifetime. */
export function manualDeadline(challenges: ReadonlyArray<SavedChallenge>, orderStartedAt: Date | null): Date | null {
  const expiries = challenges.filter(isManual).map((c) => (c.expires ? Date.parse(c.expires) : NaN)).filter((t) => !Number.isNaN(t));
  if (expiries.length) return new Date(Math.min(...expiries));
  return orderStartedAt ? new Date(orderStartedAt.getTime() + MANUAL_DEFAULT_LIFETIME_MS) : null;
}
