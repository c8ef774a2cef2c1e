/**
 * Keeps the spare key pool (server/src/certificates/spare-keys.ts) filled from the worker: one refill at
 * a time in a process, ended between two keys when the worker stops.
 */
import type { AppContext } from '../context.js';
import { refillSpareKeys } from '../certificates/spare-keys.js';

export interface SpareKeyRefill {
  /** Starts a refill unless one is under way or the worker is stopping; a failure is logged. */
  start(): void;
  /** Refills now, once the refill under way (if any) has ended; resolves with the keys made. */
  run(): Promise<number>;
  /** No refill from now on; resolves when the one under way has ended (after the key it is making). */
  stop(): Promise<void>;
}

export function createSpareKeyRefill(ctx: AppContext): SpareKeyRefill {
  let stopping = false;
  let running: Promise<number> | null = null;
  const begin = (): Promise<number> =>
    (running = refillSpareKeys(ctx, ctx.config.worker.spareKeys, { stopping: () => stopping }).finally(() => {
      running = null;
    }));
  return {
    start() {
      if (running || stopping) return;
      begin().catch((err) => ctx.log.error('spare key refill failed', { error: String(err) }));
    },
    async run() {
      // Checked and begun in the same tick as the wait ends, so two callers never both begin.
      while (running) await running.catch(() => undefined);
      return stopping ? 0 : begin();
    },
    async stop() {
      stopping = true;
      while (running) await running.catch(() => undefined);
    },
  };
}
