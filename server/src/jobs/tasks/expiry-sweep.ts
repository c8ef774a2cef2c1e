import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { expireDue } from '../../certificates/lifecycle.js';

/** Most certificates marked EXPIRED by one sweep; the next sweep takes the rest. */
export const EXPIRIES_PER_SWEEP = 500;

/** Marks issued certificates past their notAfter EXPIRED; their domains follow (ACTION_REQUIRED). */
export function createExpirySweepTask(ctx: AppContext): Task {
  return async () => {
    const expired = await ctx.db.transaction((m) => expireDue(m, ctx.now(), EXPIRIES_PER_SWEEP));
    if (expired) ctx.log.warn('certificates expired', { count: expired });
  };
}
