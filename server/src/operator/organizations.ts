import type { AppContext } from '../context.js';
import { createApiToken, SCOPES } from '../auth/tokens.js';
import { badInput, conflict, notFound } from '../errors.js';
import { isUuid } from '../ids.js';
import { settingsChanged } from '../certificates/lifecycle.js';
import { CertificateRow, OrganizationRow } from '../db/entities.js';
import { publish } from '../pubsub/publish.js';
import { findPlan } from '../plans/plans.js';
import { ACTIVE_CERTIFICATE_SQL } from '../plans/plan-gate.js';

/**
 * The operator part of the API: the platform operator creates, lists, renames, suspends, resumes and
 * deletes organizations, sets their plans, and mints an organization's first admin token. Callers
 * hold a platform-operator credential (schema/context.ts requireOperator); nothing here reads an
 * organization's domains or certificates beyond counting them.
 */

const checkName = (name: string) => {
  const n = name.trim();
  if (!n || n.length > 100) throw badInput('an organization name is 1-100 characters', 'name');
  return n;
};

function checkPlan(ctx: AppContext, plan: string): string {
  if (!ctx.config.plans.some((p) => p.name === plan)) throw badInput(`no plan "${plan}"; the plans are ${ctx.config.plans.map((p) => p.name).join(', ')}`, 'plan');
  return plan;
}

export async function findOrganizationForOperator(ctx: AppContext, id: string): Promise<OrganizationRow> {
  // The platform organization (server/src/platform/) is not the operator's to rename, suspend, delete or give tokens.
  const row = isUuid(id) ? await ctx.db.getRepository(OrganizationRow).findOne({ where: { id, isPlatform: false } }) : null;
  if (!row) throw notFound('Organization', id);
  return row;
}

export async function listOrganizations(ctx: AppContext): Promise<OrganizationRow[]> {
  return ctx.db.getRepository(OrganizationRow).find({ where: { isPlatform: false }, order: { createdAt: 'ASC' }, take: 10_000 });
}

/** A new organization (on `plan`, default CERTPLANE_DEFAULT_PLAN) with an admin token, returned once. */
/** Organization names are unique (the operator and `npm run token -- --organization` name them): CONFLICT otherwise. */
async function assertNameFree(ctx: AppContext, name: string, except?: string): Promise<void> {
  const taken = await ctx.db.getRepository(OrganizationRow).findOne({ where: { name }, select: { id: true } });
  if (taken && taken.id !== except) throw conflict(`an organization named "${name}" exists already; choose another name`);
}

export async function createOrganizationAsOperator(ctx: AppContext, input: { name: string; plan?: string | null }) {
  const name = checkName(input.name);
  await assertNameFree(ctx, name);
  const plan = checkPlan(ctx, input.plan ?? ctx.config.defaultPlan);
  return ctx.db.transaction(async (m) => {
    const organization = await m.getRepository(OrganizationRow).save({ name, plan });
    const { token, row } = await createApiToken(m, organization.id, `${name} admin token`, ['admin']);
    return { organization, token: { id: row.id, name: row.name, scopes: row.scopes, token } };
  });
}

export async function renameOrganization(ctx: AppContext, id: string, name: string): Promise<OrganizationRow> {
  const org = await findOrganizationForOperator(ctx, id);
  await assertNameFree(ctx, checkName(name), org.id);
  await ctx.db.getRepository(OrganizationRow).update({ id: org.id }, { name: checkName(name) });
  return findOrganizationForOperator(ctx, id);
}

/** Suspends (or resumes) an organization: its tokens are refused (FORBIDDEN, ORGANIZATION_SUSPENDED) at once in every API process; its certificates keep renewing. */
export async function setSuspended(ctx: AppContext, id: string, suspended: boolean): Promise<OrganizationRow> {
  const org = await findOrganizationForOperator(ctx, id);
  await ctx.db.transaction(async (m) => {
    await m.getRepository(OrganizationRow).update({ id: org.id }, { suspendedAt: suspended ? (org.suspendedAt ?? ctx.now()) : null });
    await publish(m, 'ORGANIZATION_CHANGED', { organizationId: org.id });
  });
  return findOrganizationForOperator(ctx, id);
}

/**
 * Changes an organization's plan. A downgrade deletes nothing: an organization over its new quota
 * cannot add certificates; where the new plan has no automatic renewal, it is turned off on every
 * certificate (each logs a settings_changed event).
 */
export async function setPlan(ctx: AppContext, id: string, planName: string): Promise<OrganizationRow> {
  const org = await findOrganizationForOperator(ctx, id);
  const plan = findPlan(ctx.config.plans, checkPlan(ctx, planName));
  await ctx.db.transaction(async (m) => {
    await m.query('select 1 from organizations where id = $1 for no key update', [org.id]);
    await m.getRepository(OrganizationRow).update({ id: org.id }, { plan: plan.name });
    if (!plan.autoRenew) {
      const renewing = await m.getRepository(CertificateRow).find({ where: { organizationId: org.id, autoRenew: true } });
      for (const cert of renewing) await settingsChanged(m, cert, false);
    }
    await publish(m, 'ORGANIZATION_CHANGED', { organizationId: org.id });
  });
  return findOrganizationForOperator(ctx, id);
}

/** Deletes an organization and everything it holds (domains, certificates, tokens); its tokens stop at once. */
export async function deleteOrganization(ctx: AppContext, id: string): Promise<void> {
  const org = await findOrganizationForOperator(ctx, id);
  await ctx.db.transaction(async (m) => {
    await m.query('delete from organizations where id = $1', [org.id]);
    await publish(m, 'ORGANIZATION_CHANGED', { organizationId: org.id });
  });
}

/** Mints a token for an organization (its first admin token, or a replacement), returned once. */
export async function createOrganizationToken(ctx: AppContext, id: string, name: string, scopes: string[]) {
  const org = await findOrganizationForOperator(ctx, id);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length || !scopes.length) throw badInput(`scopes must be some of ${SCOPES.join(', ')}`, 'scopes');
  const { token, row } = await createApiToken(ctx.db.manager, org.id, checkName(name), scopes);
  return { id: row.id, name: row.name, scopes: row.scopes, token };
}

/** Counts for the operator's list: domains and active certificates. */
export async function organizationUsage(ctx: AppContext, id: string): Promise<{ domains: number; certificates: number }> {
  const [row] = (await ctx.db.query(
    `select (select count(*)::int from domains where organization_id = $1) as domains,
            (select count(*)::int from certificates where organization_id = $1 and ${ACTIVE_CERTIFICATE_SQL}) as certificates`,
    [id],
  )) as Array<{ domains: number; certificates: number }>;
  return row;
}
