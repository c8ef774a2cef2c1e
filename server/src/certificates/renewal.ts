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

/**
 * The first retry within an order comes after about this long: most transient errors (a reset
 * connection, a DNS API's 5xx, a `badNonce`) are gone a moment later, and waiting the exponential
 * schedule's first step (CERTPLANE_RETRY_BASE_MS, 10 s) for them was most of an issuance's time
 * (issue 15: one reset cost a 100-certificate run 10 s of its 14).
 */
export const ORDER_FIRST_RETRY_MS = 500;

/**
 * Wait before the n-th retry within an order (n >= 1), jittered so that certificates failing together
 * do not retry together:
 * - the first: ORDER_FIRST_RETRY_MS x [0.5, 1.5) (250-750 ms);
 * - then `baseMs * 2^(n-2)` x [0.75, 1.25), capped at ORDER_RETRY_CAP_MS (10 s, 20 s, 40 s ... for
 *   the default base of 10 s).
 * `random` returns [0, 1) (Math.random; tests pass their own). Returns 0 for n <= 0.
 */
export function orderRetryDelayMs(retries: number, baseMs: number, random: () => number = Math.random): number {
  if (retries <= 0) return 0;
  if (retries === 1) return Math.round(ORDER_FIRST_RETRY_MS * (0.5 + random()));
  return Math.round(Math.min(ORDER_RETRY_CAP_MS, backoffMs(retries - 1, baseMs, ORDER_RETRY_CAP_MS) * (0.75 + random() / 2)));
}
