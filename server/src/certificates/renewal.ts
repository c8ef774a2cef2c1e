/**
 * When to renew: once a third of the lifetime remains (Let's Encrypt's guidance; lifetimes are shrinking
 * from 90 to 64 and 45 days, and short-lived profiles last 160 h, so a fixed 30 days would be wrong).
 */
export function renewalTime(notBefore: Date, notAfter: Date): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  return new Date(notAfter.getTime() - lifetime / 3);
}

/** Backoff after failures: initial * 2^(attempts-1), capped. */
export function failureBackoffMs(attempts: number, initialMs = 60 * 60 * 1000, capMs = 32 * 60 * 60 * 1000): number {
  if (attempts <= 0) return 0;
  return Math.min(capMs, initialMs * 2 ** (attempts - 1));
}
