import { Counter } from 'prom-client';
import { processRegistry } from './registry.js';

/** How an ACME order ended. */
export const OrderOutcome = { ISSUED: 'issued', RENEWED: 'renewed', FAILED: 'failed', RENEWAL_FAILED: 'renewal_failed' } as const;
export type OrderOutcome = (typeof OrderOutcome)[keyof typeof OrderOutcome];

/** Orders ended by this process, by outcome (counted when the worker decides it, in lifecycle.ts). */
export const ordersTotal = new Counter({
  name: 'certplane_orders_total',
  help: 'ACME orders ended, by outcome: issued, renewed, failed (a first issuance), renewal_failed (the valid certificate is kept)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export const countOrder = (outcome: OrderOutcome) => ordersTotal.inc({ outcome });
