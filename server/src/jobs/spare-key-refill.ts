/**
 * Keeps the spare key pool (server/src/certificates/spare-keys.ts) filled from the worker: one refill at
 * a time in a process, ended between two keys when the worker stops.
 */
import type { AppContext } from '../context.js';
import { refillSpareKeys } from '../certificates/spare-keys.js';

/** How long after an order took a spare key the pool is topped up: the rest of a burst goes first. */
export const REFILL_AFTER_TAKE_MS = 5000;

export interface SpareKeyRefill {
  /** Starts a refill unless one is under way or the worker is stopping; a failure is logged. */
  start(): void;
  /** Starts a refill REFILL_AFTER_TAKE_MS from now unless one is already due (an order took a key). */
  soon(): void;
  /** Refills now, once the refill under way (if any) has ended; resolves with the keys made. */
  run(): Promise<number>;
  /** No refill from now on; resolves when the one under way has ended (after the key it is making). */
  stop(): Promise<void>;
}

export function createSpareKeyRefill(ctx: AppContext): SpareKeyRefill {
  let stopping = false;
  let running: Promise<number> | null = null;
  let due: NodeJS.Timeout | undefined;
  const begin = (): Promise<number> =>
    (running = refillSpareKeys(ctx, ctx.config.worker.spareKeys, { stopping: () => stopping }).finally(() => {
      running = null;
    }));
  const start = () => {
    if (running || stopping) return;
    begin().catch((err) => ctx.log.error('spare key refill failed', { error: String(err) }));
  };
  return {
    start,
    soon() {
      if (due || stopping) return;
      due = setTimeout(() => {
        due = undefined;
        start();
      }, REFILL_AFTER_TAKE_MS);
    },
    async run() {
      // Checked and begun in the same tick as the wait ends, so two callers never both begin.
      while (running) await running.catch(() => undefined);
      return stopping ? 0 : begin();
    },
    async stop() {
      stopping = true;
      clearTimeout(due);
      while (running) await running.catch(() => undefined);
    },
  };
}
