/** When a crashed HTTP worker is forked again: pure, from its consecutive quick crashes and how long it lived. */

/** Wait before the first re-fork. */
export const RESTART_BASE_MS = 250;
/** Longest wait between re-forks. */
export const RESTART_MAX_MS = 10_000;
/** A worker that lived this long before dying counts as healthy: its crash starts the backoff afresh. */
export const HEALTHY_AFTER_MS = 30_000;

/** `RESTART_BASE_MS * 2^(failures-1)`, capped, where `failures` counts crashes in a row of short-lived workers. */
export function nextRestart(previousFailures: number, livedMs: number): { failures: number; delayMs: number } {
  const failures = livedMs >= HEALTHY_AFTER_MS ? 1 : previousFailures + 1;
  return { failures, delayMs: Math.min(RESTART_BASE_MS * 2 ** (failures - 1), RESTART_MAX_MS) };
}
