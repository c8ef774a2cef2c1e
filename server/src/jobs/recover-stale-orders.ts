import type { AppContext } from '../context.js';
import { OrderStep } from '../certificates/status.js';
import { ACME_ORDER_KEY_PREFIX, enqueueAcmeOrder } from './queue.js';

/**
 * Re-queues orders whose job died with its worker. graphile-worker keeps a killed worker's job locked
 * for hours; an order in flight that has not moved for `staleAfterMs` and has no runnable job gets a
 * new one (add_job on the same key creates a fresh job when the old one is locked). The per-certificate
 * advisory lock in the task keeps a slow-but-alive runner and the new job from overlapping.
 */
export async function recoverStaleOrders(ctx: AppContext, staleAfterMs: number): Promise<number> {
  return ctx.db.transaction(async (m) => {
    const rows: Array<{ id: string; status: string }> = await m.query(
      `select c.id, c.status from certificates c
        where c.order_step <> '${OrderStep.DONE}' and c.status in ('PENDING', 'VALIDATING', 'ISSUED')
          and c.updated_at < $1
          and (c.status <> 'ISSUED' or c.next_renewal_at is null)
          and not exists (select 1 from graphile_worker.jobs j where j.key = $2 || c.id and j.locked_at is null)
        limit 500`,
      // order_step and status are literals so the planner uses the partial index certificates_orders_in_flight.
      [new Date(ctx.now().getTime() - staleAfterMs), ACME_ORDER_KEY_PREFIX],
    );
    for (const r of rows) await enqueueAcmeOrder(m, r.id, { continuation: true, renewal: r.status === 'ISSUED' });
    if (rows.length) ctx.log.warn('re-queued stalled certificate orders', { count: rows.length });
    return rows.length;
  });
}
