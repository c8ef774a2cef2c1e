import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { startDueRenewals } from '../../certificates/lifecycle.js';
import { renewalScanJob } from '../queue.js';

/**
 * Most renewals started by one scan (one transaction). A scan that starts this many queues the next
 * at once, behind them: a storm (every certificate due together, after an outage or a CA-wide
 * revocation) is started in batches without waiting 10 minutes between them, while DNS checks and
 * first issuances keep their place ahead of it (jobs/queue.ts Priority). Small batches keep each
 * transaction, and the burst of events its commit sends every subscriber, short (bench/storm.ts: 500
 * at a time renewed at 0.89-0.92x the first issuance's rate).
 */
export const RENEWALS_PER_SCAN = 50;

/**
 * Starts renewal of issued, auto-renewing certificates whose renewal time has come (see
 * certificates/renewal.ts for when that is). The certificate stays ISSUED (and served) while its new
 * order runs.
 */
export function createRenewalScanTask(ctx: AppContext): Task {
  return async (_payload, helpers) => {
    const started = await ctx.db.transaction((m) => startDueRenewals(m, ctx.now(), RENEWALS_PER_SCAN, ctx.config.acme.directoryUrl));
    if (started) ctx.log.info('renewals started', { count: started });
    if (started >= RENEWALS_PER_SCAN) await helpers.addJob(...renewalScanJob());
  };
}
