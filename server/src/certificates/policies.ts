/**
 * Let's Encrypt's rate limits, applied before an order is placed so certplane waits instead of
 * burning the account's allowance on orders the CA would refuse. Pure: (usage, limits, now) -> decision.
 */
export interface RateLimits {
  /** New orders per ACME account in 3 hours (Let's Encrypt: 300). */
  ordersPerAccount: { max: number; windowMs: number };
  /** Certificates for the exact same set of names in 7 days (Let's Encrypt: 5). */
  duplicateCertificates: { max: number; windowMs: number };
  /** Failed validations of one name in an hour (Let's Encrypt: 5 failed authorizations per identifier per hour). */
  failuresPerName: { max: number; windowMs: number };
  /**
   * New certificates per registered domain (the public suffix list's eTLD+1) in 7 days, counted across
   * every account of the CA, so across the whole installation (Let's Encrypt: 50).
   */
  certificatesPerRegisteredDomain: { max: number; windowMs: number };
}

const H = 3600_000;
export const LETS_ENCRYPT_LIMITS: RateLimits = {
  ordersPerAccount: { max: 300, windowMs: 3 * H },
  duplicateCertificates: { max: 5, windowMs: 7 * 24 * H },
  failuresPerName: { max: 5, windowMs: H },
  certificatesPerRegisteredDomain: { max: 50, windowMs: 7 * 24 * H },
};

/** Reasons, as constants, for events and messages. */
export const RateLimitReason = {
  OrdersPerAccount: 'OrdersPerAccount',
  DuplicateCertificate: 'DuplicateCertificate',
  FailedValidations: 'FailedValidations',
  CertificatesPerRegisteredDomain: 'CertificatesPerRegisteredDomain',
} as const;

/** Timestamps of what already happened, each list within (at least) its window. */
export interface RateLimitUsage {
  ordersByAccount: Date[];
  issuedForSameNames: Date[];
  /** Failed validations per name, for each of the order's names. */
  failuresByName: Record<string, Date[]>;
  /** Certificates issued by the CA (any account of this installation) per registered domain of the order's names. */
  issuedForRegisteredDomains?: Record<string, Date[]>;
}

export type RateLimitDecision =
  | { ok: true }
  | { ok: false; reason: (typeof RateLimitReason)[keyof typeof RateLimitReason]; retryAt: Date; message: string };

/** When `max` events already sit in the window ending now, the time the oldest of them leaves it. */
function blockedUntil(times: Date[], limit: { max: number; windowMs: number }, now: Date): Date | null {
  const inWindow = times.filter((t) => now.getTime() - t.getTime() < limit.windowMs).sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < limit.max) return null;
  return new Date(inWindow[inWindow.length - limit.max].getTime() + limit.windowMs);
}

export function checkRateLimits(usage: RateLimitUsage, limits: RateLimits, now: Date): RateLimitDecision {
  const orders = blockedUntil(usage.ordersByAccount, limits.ordersPerAccount, now);
  if (orders) {
    return {
      ok: false,
      reason: RateLimitReason.OrdersPerAccount,
      retryAt: orders,
      message: `the ACME account placed ${limits.ordersPerAccount.max} orders in the last ${limits.ordersPerAccount.windowMs / H} h (the CA's limit); the order waits until ${orders.toISOString()}`,
    };
  }
  const dup = blockedUntil(usage.issuedForSameNames, limits.duplicateCertificates, now);
  if (dup) {
    return {
      ok: false,
      reason: RateLimitReason.DuplicateCertificate,
      retryAt: dup,
      message: `${limits.duplicateCertificates.max} certificates for exactly these names were issued in the last ${limits.duplicateCertificates.windowMs / (24 * H)} days (the CA's limit); the order waits until ${dup.toISOString()}`,
    };
  }
  for (const [domain, times] of Object.entries(usage.issuedForRegisteredDomains ?? {})) {
    const full = blockedUntil(times, limits.certificatesPerRegisteredDomain, now);
    if (full) {
      return {
        ok: false,
        reason: RateLimitReason.CertificatesPerRegisteredDomain,
        retryAt: full,
        message: `${limits.certificatesPerRegisteredDomain.max} certificates for names under ${domain} were issued in the last ${limits.certificatesPerRegisteredDomain.windowMs / (24 * H)} days (the CA's limit per registered domain, counted across this installation); the order waits until ${full.toISOString()}`,
      };
    }
  }
  for (const [name, times] of Object.entries(usage.failuresByName)) {
    const failed = blockedUntil(times, limits.failuresPerName, now);
    if (failed) {
      return {
        ok: false,
        reason: RateLimitReason.FailedValidations,
        retryAt: failed,
        message: `${limits.failuresPerName.max} orders for ${name} failed in the last hour (the CA's limit on failed validations per name); fix the cause, the order waits until ${failed.toISOString()}`,
      };
    }
  }
  return { ok: true };
}
