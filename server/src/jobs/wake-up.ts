import type { DataSource } from 'typeorm';

/** Waits longer than this are left to graphile-worker's polling (its interval is small beside them). */
export const WAKE_UP_MAX_WAIT_MS = 10_000;
/** Jobs falling due within this many ms of each other share one wake-up. */
const SLOT_MS = 20;

export interface WakeUps {
  /** A job was queued to run at `runAt`: wake idle workers then. */
  at(runAt: Date): void;
  stop(): void;
}

/**
 * Wakes idle graphile-worker workers when a job re-queued for a short wait falls due.
 *
 * graphile-worker signals a new job with NOTIFY "jobs:insert" when it is inserted; a job whose run_at
 * is still ahead is then found by the next poll only (CERTPLANE_WORKER_POLL_INTERVAL, 1 s by default),
 * on top of its own wait: a 250 ms poll of a CA validation, or the half-second first retry after a
 * transient error, took up to 1.25-1.5 s. A timer here sends the same signal when the job falls due
 * (one NOTIFY per 20 ms slot, `count` = the jobs due in it). Nothing depends on it: if this process
 * dies, polling still finds the job.
 */
export function createWakeUps(db: DataSource, now: () => number = Date.now): WakeUps {
  const slots = new Map<number, { timer: NodeJS.Timeout; count: number }>();
  return {
    at(runAt) {
      const wait = runAt.getTime() - now();
      if (wait <= 0 || wait > WAKE_UP_MAX_WAIT_MS) return;
      const key = Math.ceil(runAt.getTime() / SLOT_MS);
      const slot = slots.get(key);
      if (slot) return void slot.count++;
      const timer = setTimeout(() => {
        const { count } = slots.get(key)!;
        slots.delete(key);
        // A failed signal only means the job waits for the next poll.
        db.query(`select pg_notify('jobs:insert', $1)`, [JSON.stringify({ count })]).catch(() => undefined);
      }, key * SLOT_MS - now() + 2);
      timer.unref();
      slots.set(key, { timer, count: 1 });
    },
    stop() {
      for (const { timer } of slots.values()) clearTimeout(timer);
      slots.clear();
    },
  };
}
