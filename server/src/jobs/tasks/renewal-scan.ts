import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { startDueRenewals } from '../../certificates/lifecycle.js';

/** Most renewals started by one scan; the next scan takes the rest (keeps CA rate limits and jobs smooth). */
export const RENEWALS_PER_SCAN = 500;

/**
 * Starts renewal of issued, auto-renewing certificates whose renewal time has come (see
 * certificates/renewal.ts for when that is). The certificate stays ISSUED (and served) while its new
 * order runs.
 */
export function createRenewalScanTask(ctx: AppContext): Task {
  return async () => {
    const started = await ctx.db.transaction((m) => startDueRenewals(m, ctx.now(), RENEWALS_PER_SCAN, ctx.config.acme.directoryUrl));
    if (started) ctx.log.info('renewals started', { count: started });
  };
}
