import type { CertplaneClient } from '../client.js';
import { toProviderError } from './api-errors.js';
import { verifyZone, type ApiZone } from './zone-api.js';

/** First pause between two checks of a zone; it doubles after each check up to MAX_CHECK_DELAY_MS. */
export const FIRST_CHECK_DELAY_MS = 1_000;
export const MAX_CHECK_DELAY_MS = 30_000;

/** The pause after check number `attempt` (1, 2, ...): 1, 2, 4, 8, 16, then 30 s each, never past the deadline. */
export function checkDelay(attempt: number, msLeft: number): number {
  const backoff = Math.min(FIRST_CHECK_DELAY_MS * 2 ** (attempt - 1), MAX_CHECK_DELAY_MS);
  return Math.max(0, Math.min(backoff, msLeft));
}

export interface WaitOutcome {
  zone: ApiZone;
  verified: boolean;
  /** Why waiting ended without verification: the timeout, or Terraform stopping the provider. */
  why?: string;
}

export interface WaitClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Checks the zone now (verifyZone) and again with backoff until it is VERIFIED or `timeoutMs` is over
 * (the last check falls on the deadline). API errors throw; an unverified zone is an outcome, not an error.
 */
export async function waitForVerification(
  client: CertplaneClient,
  id: string,
  timeoutMs: number,
  signal: AbortSignal,
  clock: WaitClock = realClock,
): Promise<WaitOutcome> {
  const deadline = clock.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    let zone: ApiZone;
    try {
      zone = await verifyZone(client, id, signal);
    } catch (err) {
      throw toProviderError(err, `verify zone ${id}`);
    }
    if (zone.status === 'VERIFIED') return { zone, verified: true };
    if (signal.aborted) return { zone, verified: false, why: 'Terraform stopped the provider' };
    const left = deadline - clock.now();
    if (left <= 0) return { zone, verified: false, why: `it was not verified within ${formatSeconds(timeoutMs)}` };
    await clock.sleep(checkDelay(attempt, left), signal);
  }
}

const formatSeconds = (ms: number) => (ms % 60_000 === 0 && ms >= 60_000 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);
