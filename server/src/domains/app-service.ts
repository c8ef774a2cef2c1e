import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context.js';
import { AppRow, DomainRow, type SavedChallenge } from '../db/entities.js';
import { badInput, conflict } from '../errors.js';
import { enqueueChallengeCleanup } from '../jobs/queue.js';
import { publish } from '../pubsub/publish.js';
import { findApp } from './domain-service.js';
import { HostnameError, normalizeHostname } from './hostname.js';
import { lockDomain, refreshDomainStatus } from './domain-status-writer.js';
import { DomainEventType, recordDomainEvent } from './domain-events.js';
import { DomainStatus } from './status.js';

/**
 * Apps and their default domain (CERTPLANE_PLATFORM_DOMAIN, Scalingo's `<app>.osc-fr1.scalingo.io`):
 * an app made while the platform has a domain gets `<app>.<platform domain>` in the same transaction,
 * IN_USE at once and served by the platform certificate; renaming the app renames it; it goes only
 * with its app. App names are unique per organization; with a platform domain they are unique on the
 * platform too, since default domains are (the database refuses a second one: CONFLICT).
 */

const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** BAD_USER_INPUT unless `name` is an app name (and, with a platform domain, `<name>.<domain>` a hostname); returns that hostname. */
function checkAppName(name: string, platformDomain: string | undefined): string | undefined {
  if (!APP_NAME.test(name)) {
    throw badInput(`"${name}" is not a valid app name: use 1-63 lower-case letters, digits and hyphens, starting with a letter or digit`, 'name');
  }
  return platformDomain ? defaultHostname(name, platformDomain) : undefined;
}

/** `<name>.<domain>`, normalised; BAD_USER_INPUT on `name` when it is no hostname (a trailing hyphen, too long). */
function defaultHostname(name: string, domain: string): string {
  try {
    return normalizeHostname(`${name}.${domain}`).hostname;
  } catch (err) {
    if (err instanceof HostnameError) throw badInput(`"${name}" cannot be an app name on this platform, whose apps are served at <app>.${domain}: ${err.message}`, 'name');
    throw err;
  }
}

const violated = (err: unknown): string | undefined =>
  (err as { code?: string }).code === '23505' ? ((err as { constraint?: string }).constraint ?? '') : undefined;

/** A unique violation of an app's name or of its default domain's hostname, as the CONFLICT a person reads. */
function nameTaken(err: unknown, name: string, hostname: string | undefined): Error | undefined {
  const constraint = violated(err);
  if (constraint === 'apps_organization_id_name_key') return conflict(`an app named ${name} already exists`);
  if (constraint === 'domains_hostname_key' && hostname) {
    return conflict(`the app name ${name} is taken on this platform: its default domain ${hostname} belongs to another app; choose another name`);
  }
  return undefined;
}

export async function createApp(ctx: AppContext, organizationId: string, name: string): Promise<AppRow> {
  const hostname = checkAppName(name, ctx.config.platform.domain);
  if (await ctx.db.getRepository(AppRow).findOne({ where: { organizationId, name } })) throw conflict(`an app named ${name} already exists`);
  try {
    return await ctx.db.transaction(async (m) => {
      const repo = m.getRepository(AppRow);
      const app = await repo.save(repo.create({ organizationId, name }));
      if (hostname) await defaultDomainCreated(ctx, m, app, hostname);
      return app;
    });
  } catch (err) {
    throw nameTaken(err, name, hostname) ?? err;
  }
}

/**
 * The app's default domain, in the caller's transaction: IN_USE at once (the platform's own DNS answers
 * it: no DNS check), no Let's Encrypt of its own, the platform certificate as its primary certificate
 * (refreshDomainStatus). The platform domain's row is locked FOR SHARE first, so a change of the
 * platform certificate being committed (refreshDefaultDomains) is waited for, then seen.
 */
async function defaultDomainCreated(ctx: AppContext, m: EntityManager, app: AppRow, hostname: string): Promise<void> {
  await m.query(`select 1 from domains where kind = 'PLATFORM' for share`);
  const repo = m.getRepository(DomainRow);
  const domain = await repo.save(
    repo.create({
      organizationId: app.organizationId,
      appId: app.id,
      hostname,
      isWildcard: false,
      kind: 'DEFAULT',
      letsencryptEnabled: false,
      canonical: false,
      status: DomainStatus.IN_USE,
      statusMessage: null,
      dnsCheckCount: 0,
      dnsVerifiedAt: ctx.now(),
      dnsResult: "the app's default domain: the platform's own DNS answers it",
      ownershipVerifiedAt: null,
    }),
  );
  await refreshDomainStatus(m, domain.id);
  await publish(m, 'DOMAIN_STATUS_CHANGED', { organizationId: app.organizationId, domainId: domain.id, status: DomainStatus.IN_USE });
}

/** The app's default domain, or null (no platform domain when it was made, or its name was taken then). */
export async function defaultDomainOf(ctx: AppContext, app: Pick<AppRow, 'id'>): Promise<DomainRow | null> {
  return ctx.db.getRepository(DomainRow).findOne({ where: { appId: app.id, kind: 'DEFAULT' } });
}

/**
 * Renames an app (by id or name); its default domain follows (`<new name>.<platform domain>`, same
 * domain id, the platform certificate still serving), logged under both hostnames. An app that has
 * none while the platform has a domain (its name was taken when the platform domain was set) gets one.
 * CONFLICT when the organization has an app of that name, or when the new default domain is another app's.
 */
export async function renameApp(ctx: AppContext, organizationId: string, id: string, name: string): Promise<AppRow> {
  const app = await findApp(ctx, organizationId, id);
  checkAppName(name, undefined);
  if (name === app.name) return app;
  const current = await defaultDomainOf(ctx, app);
  // The default domain keeps the platform domain it was made under.
  const base = current ? current.hostname.slice(current.hostname.indexOf('.') + 1) : ctx.config.platform.domain;
  const hostname = base ? defaultHostname(name, base) : undefined;
  try {
    return await ctx.db.transaction(async (m) => {
      await m.getRepository(AppRow).update({ id: app.id }, { name });
      const domain = current && (await m.getRepository(DomainRow).findOne({ where: { id: current.id } }));
      if (!current && hostname) await defaultDomainCreated(ctx, m, { ...app, name }, hostname);
      if (domain && hostname) {
        await lockDomain(m, domain.id);
        await m.getRepository(DomainRow).update({ id: domain.id }, { hostname });
        await recordDomainEvent(m, domain, DomainEventType.RENAMED, `renamed to ${hostname} with its app (${app.name} -> ${name})`);
        await recordDomainEvent(m, { ...domain, hostname }, DomainEventType.RENAMED, `renamed from ${domain.hostname} with its app (${app.name} -> ${name})`);
        await publish(m, 'DOMAIN_STATUS_CHANGED', { organizationId, domainId: domain.id, status: domain.status });
      }
      return m.getRepository(AppRow).findOneByOrFail({ id: app.id });
    });
  } catch (err) {
    throw nameTaken(err, name, hostname) ?? err;
  }
}

/**
 * Deletes an app (by id or name) with its domains (its default domain too) and their certificates
 * (not revoked); TXT records of orders in flight are cleaned up by the queue.
 */
export async function deleteApp(ctx: AppContext, organizationId: string, id: string): Promise<void> {
  const app = await findApp(ctx, organizationId, id);
  await ctx.db.transaction(async (m) => {
    const open = (await m.query(
      `select c.id, c.challenges from certificates c join domains d on d.id = c.domain_id where d.app_id = $1 and c.challenges <> '[]'::jsonb`,
      [app.id],
    )) as Array<{ id: string; challenges: SavedChallenge[] }>;
    for (const c of open) await enqueueChallengeCleanup(m, c.id, c.challenges);
    await m.query('delete from apps where id = $1', [app.id]);
  });
}
