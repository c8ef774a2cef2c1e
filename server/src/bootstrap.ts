import type { DataSource } from 'typeorm';
import { OrganizationRow } from './db/entities.js';
import { createApiToken } from './auth/tokens.js';
import { createOperatorToken } from './auth/operator-tokens.js';

const BOOTSTRAP_LOCK = 72_630_002;

/**
 * On the very first start, creates an organization (on the `unlimited` plan: a self-hosting user is
 * never blocked) with an admin token, and the platform-operator credential, and returns both tokens (to
 * be printed once). Returns null when an organization already exists.
 */
export async function bootstrapFirstOrganization(db: DataSource): Promise<{ organizationId: string; token: string; operatorToken: string } | null> {
  return db.transaction(async (m) => {
    await m.query('select pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    // The platform organization (CERTPLANE_PLATFORM_DOMAIN, made at start) is not a first organization.
    if ((await m.getRepository(OrganizationRow).count({ where: { isPlatform: false } })) > 0) return null;
    const org = await m.getRepository(OrganizationRow).save({ name: 'default', plan: 'unlimited' });
    const { token } = await createApiToken(m, org.id, 'bootstrap admin token', ['admin']);
    const operator = await createOperatorToken(m, 'bootstrap operator credential');
    return { organizationId: org.id, token, operatorToken: operator.token };
  });
}

/** Creates an organization with an admin token (tests, and operators adding tenants). */
export async function createOrganization(db: DataSource, name: string, plan = 'unlimited', scopes = ['admin']) {
  return db.transaction(async (m) => {
    const org = await m.getRepository(OrganizationRow).save({ name, plan });
    const { token } = await createApiToken(m, org.id, `${name} token`, scopes);
    return { organizationId: org.id, token };
  });
}

/** What the first start prints on stdout (once, by the main process) with the token it created. */
export function firstStartBanner(first: { organizationId: string; token: string; operatorToken?: string }, url: string): string {
  return (
    `\nFirst start: created organization "default" (${first.organizationId}).\n` +
    `Its admin API token, shown only this once:\n\n  ${first.token}\n\n` +
    `Send it as the header "Authorization: Bearer <token>". In the dashboard (${url}/) sign in with it; in the playground (${url}/playground), paste this into the Headers tab:\n\n` +
    `  {"Authorization": ${JSON.stringify(`Bearer ${first.token}`)}}\n\n` +
    `Lost it? Mint another admin token on this machine: npm run token -- create --name <name> --scopes admin\n\n` +
    (first.operatorToken
      ? `The platform-operator credential (creates, suspends and deletes organizations, sets their plans; reaches no organization's data), shown only this once:\n\n  ${first.operatorToken}\n\n` +
        `Mint another on this machine: npm run token -- create-operator --name <name>\n\n`
      : '')
  );
}
