import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { expireDue } from '../../certificates/lifecycle.js';
import { warnExpiringCustom } from '../../certificates/custom-lifecycle.js';

/** Most certificates marked EXPIRED (and, separately, warned about) by one sweep; the next sweep takes the rest. */
export const EXPIRIES_PER_SWEEP = 500;

/**
 * Marks issued certificates past their notAfter EXPIRED (their domains follow: ACTION_REQUIRED, or the
 * ACME fallback serves where a custom certificate expired), and announces custom certificates reaching
 * 30, 14, 7 and 1 days before expiry (certplane does not renew them).
 */
export function createExpirySweepTask(ctx: AppContext): Task {
  return async () => {
    const expired = await ctx.db.transaction((m) => expireDue(m, ctx.now(), EXPIRIES_PER_SWEEP));
    if (expired) ctx.log.warn('certificates expired', { count: expired });
    const warned = await ctx.db.transaction((m) => warnExpiringCustom(m, ctx.now(), EXPIRIES_PER_SWEEP));
    if (warned) ctx.log.info('custom certificates expiring soon announced', { count: warned });
  };
}
