import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { instrumentDnsProvider } from '../metrics/dns-metrics.js';
import { DnsCredentialsRow } from '../db/entities.js';
import { queryRows } from '../db/rows.js';
import { findApp } from '../domains/domain-service.js';
import { badInput, notFound } from '../errors.js';
import { isUuid } from '../ids.js';
import { DnsProviderError, normalizeFqdn, type DnsProvider } from './dns-provider.js';
import { parseProviderSettings, ProviderSettingsError } from './provider-kind.js';
import { DNS_PROVIDER_KINDS, findProviderKind } from './registry.js';
import { CHALLENGE_ZONE_PROVIDER, createChallengeZoneProvider } from './challenge-zone/provider.js';
import { inChallengeZone } from './challenge-zone/settings.js';

/**
 * DNS provider credentials of organizations and apps (Scalingo's per-app DNS providers): checked at once
 * with a harmless read, sealed at rest, never readable back (listed by provider and setting names only).
 * At order time the most specific set answers a challenge name: the app's before the organization's,
 * a set for the name's zone before one for every name; the operator's provider (CERTPLANE_DNS_PROVIDER)
 * comes last.
 */

const context = (id: string) => `dns-credentials:${id}`;

export interface SetDnsCredentialsInput {
  /** App id or name; omitted: every app of the organization. */
  app?: string | null;
  /** Only names at or under this zone; omitted: every name. */
  zone?: string | null;
  provider: string;
  settings: Array<{ name: string; value: string }>;
}

/**
 * Sets (or replaces) the credentials of one scope after checking them against the provider (a
 * harmless read: listing zones). BAD_USER_INPUT names the setting at fault, or carries the provider's
 * refusal; nothing is stored then.
 */
export async function setDnsCredentials(ctx: AppContext, organizationId: string, input: SetDnsCredentialsInput): Promise<DnsCredentialsRow> {
  const kind = findProviderKind(input.provider);
  if (!kind) throw badInput(`unknown DNS provider "${input.provider}"; expected one of ${DNS_PROVIDER_KINDS.map((k) => k.name).join(', ')}`, 'provider');
  const appId = input.app ? (await findApp(ctx, organizationId, input.app)).id : null;
  const zone = input.zone ? normalizeFqdn(input.zone) : null;
  if (zone !== null && !/^([a-z0-9_-]{1,63}\.)+[a-z0-9-]{1,63}$/.test(zone)) throw badInput(`"${input.zone}" is not a zone name`, 'zone');
  const raw: Record<string, string> = {};
  for (const [i, s] of input.settings.entries()) {
    if (s.name in raw) throw badInput(`setting ${s.name} is given twice`, `settings[${i}]`);
    raw[s.name] = s.value;
  }
  let settings: Record<string, string>;
  let provider: DnsProvider;
  try {
    settings = parseProviderSettings(kind, raw);
    provider = instrumentDnsProvider(kind.name, kind.create(settings));
  } catch (err) {
    if (err instanceof ProviderSettingsError) throw badInput(err.message, `settings.${err.setting}`);
    throw badInput((err as Error).message, 'settings');
  }
  try {
    await provider.verify?.();
  } catch (err) {
    if (err instanceof DnsProviderError && err.retryable) {
      throw badInput(`could not reach ${kind.title} to check these credentials (nothing stored; check endpoint or try again): ${err.message}`, 'settings');
    }
    if (err instanceof DnsProviderError) throw badInput(`${kind.title} refused these credentials: ${err.message}`, 'settings');
    throw err;
  }
  return ctx.db.transaction(async (m) => {
    const repo = m.getRepository(DnsCredentialsRow);
    await m.query(
      `delete from dns_credentials where organization_id = $1 and app_id is not distinct from $2 and zone is not distinct from $3`,
      [organizationId, appId, zone],
    );
    const id = randomUUID();
    const row = repo.create({
      id,
      organizationId,
      appId,
      zone,
      provider: kind.name,
      settings: ctx.box.seal(JSON.stringify(settings), context(id)),
      settingNames: Object.keys(settings).sort(),
    });
    await repo.insert(row);
    return repo.findOneByOrFail({ id });
  });
}

/** The organization's credentials (no settings values), app-wide first, then by zone. */
export async function listDnsCredentials(ctx: AppContext, organizationId: string): Promise<DnsCredentialsRow[]> {
  return ctx.db.getRepository(DnsCredentialsRow).find({ where: { organizationId }, order: { createdAt: 'ASC' }, take: 1000 });
}

export async function deleteDnsCredentials(ctx: AppContext, organizationId: string, id: string): Promise<void> {
  const res = isUuid(id) ? await ctx.db.getRepository(DnsCredentialsRow).delete({ id, organizationId }) : { affected: 0 };
  if (!res.affected) throw notFound('DNS credentials', id);
}

/** Where a challenge record was written: a credentials id, the operator's provider, certplane's challenge zone ('challenge-zone'), or none. */
export const OPERATOR_PROVIDER = 'operator';

const built = new Map<string, { updatedAt: number; provider: DnsProvider }>();

/**
 * The provider that answers `fqdn` for an app: the most specific credentials (app before organization,
 * longest zone before none), else the operator's provider; null when there is none. `via` says which
 * (a credentials id, or 'operator'), so clean-up uses the same one.
 */
export async function providerFor(
  ctx: AppContext,
  /** The organization, and the domain whose app's credentials come before the organization's. */
  scope: { organizationId: string; domainId: string },
  fqdn: string,
): Promise<{ provider: DnsProvider; via: string } | null> {
  const name = normalizeFqdn(fqdn);
  // certplane's own challenge zone comes first: no credentials are needed there (dns/challenge-zone/).
  if (inChallengeZone(ctx.config.dns.challengeServer, name)) return { provider: challengeZoneProvider(ctx), via: CHALLENGE_ZONE_PROVIDER };
  const [row] = await queryRows<{ id: string; provider: string; updated_at: Date }>(
    ctx.db,
    `select id, provider, updated_at from dns_credentials
      where organization_id = $1 and (app_id is null or app_id = (select app_id from domains where id = $2))
        and (zone is null or $3 = zone or right($3, length(zone) + 1) = '.' || zone)
      order by app_id is null, length(coalesce(zone, '')) desc limit 1`,
    [scope.organizationId, scope.domainId, name],
    { prepare: true },
  );
  if (row) return { provider: await credentialsProvider(ctx, row.id, new Date(row.updated_at).getTime()), via: row.id };
  return ctx.dnsProvider ? { provider: ctx.dnsProvider, via: OPERATOR_PROVIDER } : null;
}

/** The provider of a `via` saved with a challenge; null when those credentials are gone. */
export async function providerVia(ctx: AppContext, via: string | undefined): Promise<DnsProvider | null> {
  if (!via || via === OPERATOR_PROVIDER) return ctx.dnsProvider;
  if (via === CHALLENGE_ZONE_PROVIDER) return challengeZoneProvider(ctx);
  if (!isUuid(via)) return null; // 'manual': the customer created it, and removes it
  const [row] = (await ctx.db.query('select updated_at from dns_credentials where id = $1', [via])) as Array<{ updated_at: Date }>;
  return row ? credentialsProvider(ctx, via, new Date(row.updated_at).getTime()) : null;
}

const challengeZoneProvider = (ctx: AppContext) => instrumentDnsProvider(CHALLENGE_ZONE_PROVIDER, createChallengeZoneProvider(ctx.db, ctx.config.dns.challengeServer?.zone));

async function credentialsProvider(ctx: AppContext, id: string, updatedAt: number): Promise<DnsProvider> {
  const hit = built.get(id);
  if (hit && hit.updatedAt === updatedAt) return hit.provider;
  const row = await ctx.db.getRepository(DnsCredentialsRow).createQueryBuilder('c').addSelect('c.settings').where('c.id = :id', { id }).getOneOrFail();
  const kind = findProviderKind(row.provider);
  if (!kind) throw new DnsProviderError(`DNS provider "${row.provider}" of credentials ${id} is not known to this version`, { provider: row.provider, retryable: false });
  const provider = instrumentDnsProvider(kind.name, kind.create(JSON.parse(ctx.box.open(row.settings, context(id))) as Record<string, string>));
  if (built.size > 1000) built.clear();
  built.set(id, { updatedAt, provider });
  return provider;
}
