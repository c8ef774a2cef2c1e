import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';
import { checkAutoRenew, checkManualRenewal, checkNewCertificate, findPlan, type Plan, type Refusal } from './plans.js';

/**
 * The database side of plans: an organization's plan and how many active certificates it holds, read
 * under a lock on the organization's row, so two requests for its last slot (from two API processes)
 * queue and exactly one wins. Refusals are FORBIDDEN with `extensions.reason` (PLAN_REQUIRED,
 * WILDCARD_NOT_IN_PLAN, AUTO_RENEW_NOT_IN_PLAN, LIMIT_REACHED), `requiredPlan`, and max/current for the quota.
 */

/** Certificates that take a slot: being ordered, issued, or custom ones waiting for ownership. */
export const ACTIVE_CERTIFICATE_SQL = `status in ('PENDING', 'VALIDATING', 'ISSUED', 'PENDING_OWNERSHIP')`;

export const planError = (r: Refusal) =>
  new UserError('FORBIDDEN', r.message, { reason: r.reason, requiredPlan: r.requiredPlan, ...(r.max !== undefined ? { max: r.max, current: r.current } : {}) });

/** The organization's plan (unlocked read). */
export async function planOf(ctx: AppContext, m: EntityManager, organizationId: string): Promise<Plan> {
  const [row] = (await m.query('select plan from organizations where id = $1', [organizationId])) as Array<{ plan: string }>;
  return findPlan(ctx.config.plans, row?.plan ?? '');
}

/** Active certificates of the organization. */
export async function activeCertificates(m: EntityManager, organizationId: string): Promise<number> {
  const [{ n }] = (await m.query(`select count(*)::int as n from certificates where organization_id = $1 and ${ACTIVE_CERTIFICATE_SQL}`, [organizationId])) as Array<{ n: number }>;
  return n;
}

/**
 * In the caller's transaction: when the plan has a quota, locks the organization's row (held to commit,
 * so a concurrent request waits and then counts this one); throws when the plan refuses. `written` is how many of the
 * counted certificates this transaction has already stored (0 when called before storing them).
 *
 * Called after the writes (`written: 1`), the lock is held only for the count and the commit, not for
 * every write of the request: requests of one organization queue on this row, and holding it for the
 * whole request made their intake one at a time (bench/issuance.ts: 100 requests took 2 s).
 * FOR NO KEY UPDATE, not FOR UPDATE: a certificate's insert holds FOR KEY SHARE on its organization's
 * row (the foreign key), which FOR UPDATE would wait for, deadlocking two such requests.
 */
export async function assertNewCertificateAllowed(
  ctx: AppContext,
  m: EntityManager,
  organizationId: string,
  want: { wildcard: boolean; autoRenew: boolean },
  written = 0,
): Promise<void> {
  // A plan with no quota has nothing to count: no lock, so its organization's requests never queue on
  // its row (100 requests at once waited ~10 s in all on it; bench/README.md stop 20).
  const [row] = (await m.query('select plan from organizations where id = $1', [organizationId])) as Array<{ plan: string }>;
  let plan = findPlan(ctx.config.plans, row?.plan ?? '');
  if (plan.maxCertificates !== null) {
    const [locked] = (await m.query('select plan from organizations where id = $1 for no key update', [organizationId])) as Array<{ plan: string }>;
    plan = findPlan(ctx.config.plans, locked?.plan ?? ''); // as it is now that the row is ours
  }
  const current = plan.maxCertificates === null ? 0 : (await activeCertificates(m, organizationId)) - written;
  const refusal = checkNewCertificate(ctx.config.plans, plan, { ...want, current });
  if (refusal) throw planError(refusal);
}

export async function assertAutoRenewAllowed(ctx: AppContext, organizationId: string): Promise<void> {
  const refusal = checkAutoRenew(ctx.config.plans, await planOf(ctx, ctx.db.manager, organizationId));
  if (refusal) throw planError(refusal);
}

export async function assertManualRenewalAllowed(ctx: AppContext, organizationId: string): Promise<void> {
  const refusal = checkManualRenewal(ctx.config.plans, await planOf(ctx, ctx.db.manager, organizationId));
  if (refusal) throw planError(refusal);
}

/** The limits card: the plan's quota and what it allows, with the active certificates counted now. */
export async function limitsCard(ctx: AppContext, organizationId: string) {
  const plan = await planOf(ctx, ctx.db.manager, organizationId);
  return {
    plan: plan.name,
    max: plan.maxCertificates,
    current: await activeCertificates(ctx.db.manager, organizationId),
    wildcardEnabled: plan.wildcard,
    autoRenewEnabled: plan.autoRenew,
    apiEnabled: plan.api,
    manualRenewalEnabled: plan.manualRenewal,
  };
}
