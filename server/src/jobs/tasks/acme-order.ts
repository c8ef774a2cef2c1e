import type { JobHelpers, Task } from 'graphile-worker';
import type { AppContext } from '../../context.js';
import { advanceOrder, loadForOrder } from '../../acme/order-sync.js';
import { describe, isPermanent } from '../../acme/order-errors.js';
import { CertificateRow } from '../../db/entities.js';
import { recordEvent } from '../../certificates/certificate-events.js';
import { failureBackoffMs } from '../../certificates/renewal.js';
import { EventType, OrderStep } from '../../certificates/status.js';
import { transitionCertificate } from '../../certificates/transition.js';
import { CONTINUATION_PRIORITY, enqueue } from '../enqueue.js';
import { assertPayload } from '../payloads.js';
import { enqueueChallengeCleanup } from './dns-cleanup.js';

/** Most steps one job run takes before handing the slot back (a fresh job continues). */
const STEPS_PER_RUN = 10;

/** Drives one certificate's ACME order: steps run back to back; waiting is a re-enqueue with runAt. */
export function createAcmeOrderTask(ctx: AppContext): Task {
  return async (payload, helpers) => {
    const { certificateId } = assertPayload('acme_order', payload, ['certificateId']);
    const jobKey = `acme_order:${certificateId}`;
    // One runner per certificate at a time: a job recovered from a dead worker may overlap a slow live one.
    await ctx.locks.run(jobKey, () => runSteps(ctx, certificateId, jobKey, helpers));
  };
}

async function runSteps(ctx: AppContext, certificateId: string, jobKey: string, helpers: JobHelpers): Promise<void> {
  {
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
        await helpers.addJob('acme_order', { certificateId }, { runAt: new Date(Date.now() + result.ms), jobKey, priority: CONTINUATION_PRIORITY });
        return;
      }
    }
    await helpers.addJob('acme_order', { certificateId }, { jobKey, priority: CONTINUATION_PRIORITY });
  }
}

/** Longest wait between two attempts of one order. */
const MAX_RETRY_WAIT_MS = 10 * 60 * 1000;

/**
 * Retryable errors count an attempt and re-queue the order after base * 2^(attempts-1) (the job
 * itself succeeds, so graphile-worker's own schedule does not stack on ours); permanent errors, or
 * too many attempts, end the order with the reason.
 */
async function handleFailure(ctx: AppContext, certificateId: string, err: unknown): Promise<void> {
  const cert = await ctx.db.getRepository(CertificateRow).findOne({ where: { id: certificateId } });
  if (!cert) return;
  const message = describe(err);
  const attempts = cert.failedAttempts + 1;
  const { maxOrderAttempts, retryBaseMs } = ctx.config.worker;
  if (!isPermanent(err) && attempts < maxOrderAttempts) {
    const wait = failureBackoffMs(attempts, retryBaseMs, MAX_RETRY_WAIT_MS);
    ctx.log.warn('certificate order step failed, will retry', { certificateId, attempts, waitMs: wait, error: message });
    await ctx.db.transaction(async (m) => {
      await m.getRepository(CertificateRow).update({ id: cert.id }, { failedAttempts: attempts, lastFailureAt: ctx.now() });
      await recordEvent(m, cert, EventType.RETRY, cert.status, `attempt ${attempts} of ${maxOrderAttempts} failed, retrying in ${Math.round(wait / 100) / 10} s: ${message}`);
      const runAt = new Date(ctx.now().getTime() + wait);
      await enqueue(m, 'acme_order', { certificateId }, { jobKey: `acme_order:${certificateId}`, runAt, priority: CONTINUATION_PRIORITY });
    });
    return;
  }
  const reason = attempts >= maxOrderAttempts && !isPermanent(err) ? `gave up after ${attempts} attempts: ${message}` : message;
  ctx.log.warn('certificate order failed', { certificateId, reason });
  // Read before the transition below, which resets cert.challenges to [].
  const challenges = cert.challenges;
  await ctx.db.transaction(async (m) => {
    const reset = { orderStep: OrderStep.NEW, orderUrl: null, challenges: [], failedAttempts: 0, lastFailureAt: ctx.now(), statusReason: reason };
    if (cert.status === 'ISSUED') {
      // A failed renewal keeps the valid certificate and tries again later.
      const retryAt = new Date(ctx.now().getTime() + failureBackoffMs(attempts));
      await m.getRepository(CertificateRow).update({ id: cert.id }, { ...reset, nextRenewalAt: retryAt });
      await recordEvent(m, cert, EventType.FAILED, cert.status, `renewal failed: ${reason}; next attempt ${retryAt.toISOString()}`);
    } else {
      await transitionCertificate(m, cert, { status: 'FAILED', patch: reset, event: { type: EventType.FAILED, message: reason } });
    }
    await enqueueChallengeCleanup(m, cert.id, challenges);
  });
}
