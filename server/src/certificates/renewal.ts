/**
 * Renewal timing, pure: when to renew, when to try again after a failed renewal, and how long to wait
 * between retries within one order. Callers pass `now` (injected clock).
 */

const HOUR = 3600_000;

/**
 * When to renew: once a third of the lifetime remains (Let's Encrypt's guidance; lifetimes are
 * shrinking from 90 to 64 and 45 days, and the `shortlived` profile lasts 160 h, so a fixed 30 days
 * would be wrong).
 */
export function renewalTime(notBefore: Date, notAfter: Date): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  return new Date(notAfter.getTime() - lifetime / 3);
}

/** First wait after a failed renewal. */
export const RENEWAL_RETRY_INITIAL_MS = HOUR;
/**
 * Longest wait between two renewal attempts: at least one attempt a day until the certificate
 * expires, however many have failed.
 */
export const RENEWAL_RETRY_CAP_MS = 24 * HOUR;

/**
 * Backoff `initial * 2^(n-1)` for the n-th consecutive failure, capped (cert-manager's rule). Returns 0
 * for n <= 0.
 */
export function backoffMs(failures: number, initialMs: number, capMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(capMs, initialMs * 2 ** Math.min(failures - 1, 40));
}

/**
 * When to try again after the `failedRenewals`-th consecutive failed renewal (the count survives each
 * round and only a success resets it): 1 h, 2 h, 4 h ... up to 24 h. Never later than one cap before
 * expiry would allow: once the certificate is within a day of `expiresAt`, the next attempt is still at
 * most 24 h away, so a certificate is tried at least daily until it expires.
 */
export function renewalRetryAt(failedRenewals: number, now: Date, expiresAt: Date | null): Date {
  const wait = backoffMs(Math.max(1, failedRenewals), RENEWAL_RETRY_INITIAL_MS, RENEWAL_RETRY_CAP_MS);
  const at = new Date(now.getTime() + wait);
  // Past expiry there is nothing left to renew: the expiry sweep ends it (EXPIRED).
  return expiresAt && at > expiresAt && expiresAt > now ? new Date(Math.max(now.getTime(), expiresAt.getTime() - 60_000)) : at;
}

/** Longest wait between two attempts within one order (network errors, 5xx, DNS API down). */
export const ORDER_RETRY_CAP_MS = 10 * 60_000;

/** Wait before the n-th retry within an order: `baseMs * 2^(n-1)`, capped at ORDER_RETRY_CAP_MS. */
export function orderRetryDelayMs(retries: number, baseMs: number): number {
  return backoffMs(retries, baseMs, ORDER_RETRY_CAP_MS);
}
