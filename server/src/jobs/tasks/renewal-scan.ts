import type { Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { EventType, OrderStep } from '../../certificates/status.js';
import { enqueue } from '../enqueue.js';
import { recordEvent } from '../../certificates/certificate-events.js';

/** Most renewals started by one scan; the next scan takes the rest (keeps CA rate limits and jobs smooth). */
export const RENEWALS_PER_SCAN = 500;

/**
 * Starts renewal of issued, auto-renewing certificates whose renewal time has come. The certificate
 * stays ISSUED (and served) while its new order runs. Uses the partial index certificates_renewal_due.
 */
export function createRenewalScanTask(ctx: AppContext): Task {
  return async () => {
    await ctx.db.transaction(async (m) => {
      const due: Array<{ id: string; organization_id: string }> = await m.query(
        `update certificates set order_step = $3, order_url = null, challenges = '[]', order_started_at = null,
                step_started_at = $1, next_renewal_at = null, failed_attempts = 0
          where id in (select id from certificates
                        where auto_renew and status = 'ISSUED' and next_renewal_at <= $1
                        order by next_renewal_at limit $2 for update skip locked)
          returning id, organization_id`,
        [ctx.now(), RENEWALS_PER_SCAN, OrderStep.NEW],
      ).then((r: unknown) => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as Array<{ id: string; organization_id: string }>);
      for (const row of due) {
        const cert = { id: row.id, organizationId: row.organization_id };
        await recordEvent(m, cert, EventType.RENEWAL_STARTED, 'ISSUED', 'renewal due (a third of the lifetime remains); new order started');
        await enqueue(m, 'acme_order', { certificateId: row.id }, { jobKey: `acme_order:${row.id}` });
      }
      if (due.length) ctx.log.info('renewals started', { count: due.length });
    });
  };
}
