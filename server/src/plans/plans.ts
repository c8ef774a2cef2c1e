import { existsSync, readFileSync } from 'node:fs';

/**
 * Plans (CertaDNS's table as the default): what an organization may do. The table is configuration
 * (`CERTPLANE_PLANS`: a JSON file path or inline JSON), so an operator defines its own; `unlimited` is
 * always there, for self-hosting (the organization `npm start` makes is on it). Pure: decisions with
 * reason constants; the database side is plan-gate.ts.
 */

export interface Plan {
  /** Lower-case id, e.g. 'pro'. */
  name: string;
  /** Most active certificates (pending, validating, issued, or custom waiting for ownership); null = no limit. */
  maxCertificates: number | null;
  /** May use the API at all (organization tokens). */
  api: boolean;
  /** May hold wildcard names. */
  wildcard: boolean;
  /** Certificates may renew on their own. */
  autoRenew: boolean;
  /** renewCertificate (renew now by hand). */
  manualRenewal: boolean;
}

/** CertaDNS's table: Free 0 certificates, no API; Plus 5 and the API; Pro 25 and auto-renew; Elite 100 and wildcards. */
export const DEFAULT_PLANS: readonly Plan[] = [
  { name: 'free', maxCertificates: 0, api: false, wildcard: false, autoRenew: false, manualRenewal: false },
  { name: 'plus', maxCertificates: 5, api: true, wildcard: false, autoRenew: false, manualRenewal: true },
  { name: 'pro', maxCertificates: 25, api: true, wildcard: false, autoRenew: true, manualRenewal: true },
  { name: 'elite', maxCertificates: 100, api: true, wildcard: true, autoRenew: true, manualRenewal: true },
  UNLIMITED(),
];

function UNLIMITED(): Plan {
  return { name: 'unlimited', maxCertificates: null, api: true, wildcard: true, autoRenew: true, manualRenewal: true };
}

/** Reasons a plan refuses, in `extensions.reason` of the FORBIDDEN error. */
export const PlanRefusal = {
  PLAN_REQUIRED: 'PLAN_REQUIRED',
  WILDCARD_NOT_IN_PLAN: 'WILDCARD_NOT_IN_PLAN',
  AUTO_RENEW_NOT_IN_PLAN: 'AUTO_RENEW_NOT_IN_PLAN',
  LIMIT_REACHED: 'LIMIT_REACHED',
} as const;
export type PlanRefusal = (typeof PlanRefusal)[keyof typeof PlanRefusal];

export interface Refusal {
  reason: PlanRefusal;
  message: string;
  /** The cheapest plan (first in the table) that would allow it; null when none would. */
  requiredPlan: string | null;
  max?: number;
  current?: number;
}

/**
 * Reads `CERTPLANE_PLANS` (a path to a JSON file, or JSON starting with `[`): an array of plans with
 * every field of Plan. Unset: DEFAULT_PLANS. `unlimited` is added when missing. Problems are pushed
 * to `problems` (config validation) and the default table is returned.
 */
export function loadPlans(raw: string | undefined, problems: string[]): Plan[] {
  if (!raw) return [...DEFAULT_PLANS];
  let text = raw;
  if (!raw.trim().startsWith('[')) {
    if (!existsSync(raw)) {
      problems.push(`CERTPLANE_PLANS=${raw}: no such file (give a JSON file path, or the JSON itself)`);
      return [...DEFAULT_PLANS];
    }
    text = readFileSync(raw, 'utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    problems.push(`CERTPLANE_PLANS is not valid JSON: ${(err as Error).message}`);
    return [...DEFAULT_PLANS];
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    problems.push('CERTPLANE_PLANS must be a JSON array of plans');
    return [...DEFAULT_PLANS];
  }
  const plans: Plan[] = [];
  for (const [i, p] of parsed.entries()) {
    const at = `CERTPLANE_PLANS[${i}]`;
    const o = p as Record<string, unknown>;
    if (typeof o?.name !== 'string' || !/^[a-z][a-z0-9_-]{0,31}$/.test(o.name)) {
      problems.push(`${at}.name must be a lower-case id (letters, digits, - and _)`);
      continue;
    }
    if (!(o.maxCertificates === null || (Number.isInteger(o.maxCertificates) && (o.maxCertificates as number) >= 0))) {
      problems.push(`${at}.maxCertificates must be a whole number >= 0, or null for no limit`);
    }
    for (const flag of ['api', 'wildcard', 'autoRenew', 'manualRenewal'] as const) {
      if (typeof o[flag] !== 'boolean') problems.push(`${at}.${flag} must be true or false`);
    }
    if (plans.some((x) => x.name === o.name)) problems.push(`${at}.name ${o.name} is given twice`);
    plans.push({ name: o.name, maxCertificates: (o.maxCertificates as number | null) ?? null, api: !!o.api, wildcard: !!o.wildcard, autoRenew: !!o.autoRenew, manualRenewal: !!o.manualRenewal });
  }
  if (!plans.some((p) => p.name === 'unlimited')) plans.push(UNLIMITED());
  return plans;
}

export function findPlan(plans: readonly Plan[], name: string): Plan {
  // An organization on a plan the table no longer has keeps the most restrictive answer: nothing.
  return plans.find((p) => p.name === name) ?? { name, maxCertificates: 0, api: false, wildcard: false, autoRenew: false, manualRenewal: false };
}

const firstAllowing = (plans: readonly Plan[], ok: (p: Plan) => boolean) => plans.find((p) => p.name !== 'unlimited' && ok(p))?.name ?? (plans.find(ok)?.name ?? null);

/** May an organization on `plan` use the API? */
export function checkApi(plans: readonly Plan[], plan: Plan): Refusal | null {
  if (plan.api) return null;
  const requiredPlan = firstAllowing(plans, (p) => p.api);
  return { reason: PlanRefusal.PLAN_REQUIRED, requiredPlan, message: `the ${plan.name} plan has no API access${requiredPlan ? `; the ${requiredPlan} plan has` : ''}` };
}

/** May an organization on `plan` holding `current` active certificates add one with these properties? */
export function checkNewCertificate(plans: readonly Plan[], plan: Plan, want: { wildcard: boolean; autoRenew: boolean; current: number }): Refusal | null {
  if (want.wildcard && !plan.wildcard) {
    const requiredPlan = firstAllowing(plans, (p) => p.wildcard);
    return { reason: PlanRefusal.WILDCARD_NOT_IN_PLAN, requiredPlan, message: `wildcard names are not in the ${plan.name} plan${requiredPlan ? `; the ${requiredPlan} plan has them` : ''}` };
  }
  if (want.autoRenew) {
    const refusal = checkAutoRenew(plans, plan);
    if (refusal) return refusal;
  }
  if (plan.maxCertificates !== null && want.current >= plan.maxCertificates) {
    // A plan that allows this request whole: room for one more, and what else it wants.
    const requiredPlan = firstAllowing(
      plans,
      (p) => (p.maxCertificates === null || p.maxCertificates > want.current) && (!want.wildcard || p.wildcard) && (!want.autoRenew || p.autoRenew),
    );
    return {
      reason: PlanRefusal.LIMIT_REACHED,
      requiredPlan,
      max: plan.maxCertificates,
      current: want.current,
      message: `the ${plan.name} plan holds at most ${plan.maxCertificates} certificates and ${want.current} are active; delete one${requiredPlan ? ` or move to the ${requiredPlan} plan` : ''}`,
    };
  }
  return null;
}

/** May certificates of an organization on `plan` renew on their own? */
export function checkAutoRenew(plans: readonly Plan[], plan: Plan): Refusal | null {
  if (plan.autoRenew) return null;
  const requiredPlan = firstAllowing(plans, (p) => p.autoRenew);
  return {
    reason: PlanRefusal.AUTO_RENEW_NOT_IN_PLAN,
    requiredPlan,
    message: `automatic renewal is not in the ${plan.name} plan: request certificates with autoRenew: false (requestCertificate) and renew them by hand, and add domains with letsencryptEnabled: false (its automatic certificate renews itself)${requiredPlan ? `; the ${requiredPlan} plan has automatic renewal` : ''}`,
  };
}

/** May an organization on `plan` renew by hand (renewCertificate)? */
export function checkManualRenewal(plans: readonly Plan[], plan: Plan): Refusal | null {
  if (plan.manualRenewal) return null;
  const requiredPlan = firstAllowing(plans, (p) => p.manualRenewal);
  return { reason: PlanRefusal.PLAN_REQUIRED, requiredPlan, message: `renewing by hand is not in the ${plan.name} plan${requiredPlan ? `; the ${requiredPlan} plan has it` : ''}` };
}
