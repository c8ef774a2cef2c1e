import type { JobHelpers, Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { advanceOrder, loadForOrder } from '../../acme/order-sync.js';
import { caRetryAfterMs, describe, isPermanent, PermanentOrderError, retryKind } from '../../acme/order-errors.js';
import { problemType } from '../../acme/problems.js';
import { caWidePause, pauseCa } from '../../acme/ca-pause.js';
import { forgetAcmeAccount } from '../../acme/account.js';
import { CertificateRow } from '../../db/entities.js';
import { DnsProviderError } from '../../dns/dns-provider.js';
import { accountLost, orderFailed, retryScheduled } from '../../certificates/lifecycle.js';
import { orderRetryDelayMs } from '../../certificates/renewal.js';
import { acmeOrderJob, acmeOrderJobKey } from '../queue.js';
import { assertPayload } from '../payloads.js';

/** Most steps one job run takes before handing the slot back (a fresh job continues). */
const STEPS_PER_RUN = 10;

/** Drives one certificate's ACME order: steps run back to back; waiting is a re-enqueue with runAt. */
export function createAcmeOrderTask(ctx: AppContext): Task {
  return async (payload, helpers) => {
    const { certificateId } = assertPayload('acme_order', payload, ['certificateId']);
    // One runner per certificate at a time: a job recovered from a dead worker may overlap a slow live one.
    await ctx.locks.run(acmeOrderJobKey(certificateId), () => runSteps(ctx, certificateId, helpers));
  };
}

async function runSteps(ctx: AppContext, certificateId: string, helpers: JobHelpers): Promise<void> {
  // Loaded once per run: every step writes its changes through to this object (and to the row).
  let cert: CertificateRow | null | undefined;
  for (let i = 0; i < STEPS_PER_RUN; i++) {
    let result;
    try {
      cert ??= await loadForOrder(ctx, certificateId);
      result = await advanceOrder(ctx, cert);
    } catch (err) {
      await handleFailure(ctx, certificateId, err);
      return;
    }
    if (result.next === 'done') return;
    if (result.next === 'wait') {
      const runAt = new Date(Date.now() + result.ms);
      await helpers.addJob(...acmeOrderJob(certificateId, { runAt, continuation: true, renewal: cert?.status === 'ISSUED' }));
      ctx.jobDue?.(runAt);
      return;
    }
  }
  await helpers.addJob(...acmeOrderJob(certificateId, { continuation: true, renewal: cert?.status === 'ISSUED' }));
}

/** The shortest wait for a CA that sent a 429/503 without saying how long. */
const DEFAULT_CA_WAIT_MS = 60_000;

/**
 * What follows a failed step (lifecycle operations, no waiting here):
 * - the CA asked to wait (429/503, Retry-After): the order comes back then, not counted as a failure;
 * - a DNS provider's rate-limit answer with its wait: the same, without pausing the CA;
 * - the CA no longer knows the account (`accountDoesNotExist`): a new account, and the order starts over;
 * - other retryable errors count a retry and come back after renewal.ts's orderRetryDelayMs (about
 *   half a second, then base * 2^(retries-2), jittered; the job itself succeeds, so graphile-worker's
 *   own schedule does not stack on ours);
 * - permanent errors, or too many retries, end the order with the reason (orderFailed).
 */
async function handleFailure(ctx: AppContext, certificateId: string, err: unknown): Promise<void> {
  const cert = await ctx.db.getRepository(CertificateRow).findOne({ where: { id: certificateId } });
  if (!cert) return;
  const message = describe(err);
  const now = ctx.now();
  const { maxOrderAttempts, retryBaseMs } = ctx.config.worker;
  const caWait = caRetryAfterMs(err);
  if (caWait !== null || (problemType(err) === 'rateLimited')) {
    const runAt = new Date(now.getTime() + Math.max(caWait ?? DEFAULT_CA_WAIT_MS, 1000));
    const everyone = caWidePause(err, now);
    if (everyone) await pauseCa(ctx.db, cert.directoryUrl, everyone, message);
    ctx.log.warn('the CA asked certplane to wait', { certificateId, until: runAt.toISOString(), error: message });
    await retryScheduled(ctx.db, cert, { retries: cert.orderRetries, runAt, now, message: `the CA asked to wait until ${runAt.toISOString()}: ${message}`, caAskedToWait: true });
    return;
  }
  if (err instanceof DnsProviderError && err.retryable && err.retryAfterMs !== undefined) {
    // A DNS provider's rate-limit answer: the order comes back when it said, not counted as a failure.
    const runAt = new Date(now.getTime() + Math.max(err.retryAfterMs, 1000));
    ctx.log.warn('the DNS provider asked certplane to wait', { certificateId, until: runAt.toISOString(), error: message });
    await retryScheduled(ctx.db, cert, { retries: cert.orderRetries, runAt, now, message: `the DNS provider (${err.provider}) asked to wait until ${runAt.toISOString()}: ${message}` });
    return;
  }
  const retries = cert.orderRetries + 1;
  if (problemType(err) === 'accountDoesNotExist' && retries < maxOrderAttempts) {
    const url = await forgetAcmeAccount(ctx.db, cert.organizationId, cert.directoryUrl);
    ctx.log.warn('the CA no longer knows the ACME account; registering a new one', { certificateId, account: url });
    await accountLost(ctx.db, cert, `the CA no longer knows ACME account ${url ?? '(unknown)'} (${message}); a new account is registered and the order starts over`);
    return;
  }
  if (!isPermanent(err) && retries < maxOrderAttempts) {
    const wait = orderRetryDelayMs(retries, retryBaseMs);
    const kind = retryKind(err);
    ctx.log.warn('certificate order step failed, will retry', { certificateId, retries, waitMs: wait, kind, error: message });
    const runAt = new Date(now.getTime() + wait);
    await retryScheduled(ctx.db, cert, { retries, runAt, now, kind, message: `attempt ${retries} of ${maxOrderAttempts} failed (${kind}), retrying in ${Math.round(wait / 100) / 10} s: ${message}` });
    ctx.jobDue?.(runAt);
    return;
  }
  const reason = retries >= maxOrderAttempts && !isPermanent(err) ? `gave up after ${retries} attempts: ${message}` : message;
  ctx.log.warn('certificate order failed', { certificateId, reason });
  const failedNames = err instanceof PermanentOrderError ? err.failedNames : [];
  await ctx.db.transaction((m) => orderFailed(m, cert, reason, now, failedNames));
}
