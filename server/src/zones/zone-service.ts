import type { AppContext } from '../context.js';
import { DomainRow, ZoneRow } from '../db/entities.js';
import { queryRows, selectColumns } from '../db/rows.js';
import { parseHostname } from '../domains/domain-service.js';
import { isAtOrUnder, namesAbove } from '../domains/hostname.js';
import { badInput, conflict, notFound } from '../errors.js';
import { isUuid } from '../ids.js';
import { enqueueZoneCheck } from '../jobs/queue.js';
import { likeEscape, MAX_PAGE, paginate, type Page } from '../pagination.js';
import { refuseReserved } from './zone-coverage.js';
import { zoneHowTo } from './zone-record.js';
import { ZONE_CHECK_WINDOW_MS, ZoneStatus } from './zone-status.js';
import { checkZone } from './zone-verification.js';

/**
 * Zones (CertaDNS's): an organization imports a zone (a registrable domain or a name under one; never a
 * public suffix nor a zone the platform reserves) and proves control of it; a verified zone holds the
 * organization's domains when zones are required, lets names of one zone share a certificate, and
 * proves ownership of its hostnames in claims across organizations. The only writer of zone rows
 * (with zone-verification.ts).
 */

const UNIQUE_VIOLATION = '23505';

/**
 * Imports a zone as PENDING_VERIFICATION and queues its first check now (then after 1, 2, 4 ... 60
 * minutes, for 7 days). A name verified in another organization may be imported too: proving control
 * with this zone's own TXT record moves it here. CONFLICT when this organization has it already.
 */
export async function importZone(ctx: AppContext, organizationId: string, input: string): Promise<ZoneRow> {
  const host = parseHostname(input, 'name');
  if (host.isWildcard) throw badInput(`${host.hostname} is a wildcard: a zone is a domain name, such as ${host.baseDomain}`, 'name');
  refuseReserved(ctx.config, host.hostname, 'name');
  const name = host.hostname;
  try {
    return await ctx.db.transaction(async (m) => {
      const repo = m.getRepository(ZoneRow);
      const now = ctx.now();
      const zone = await repo.save(repo.create({ organizationId, name, status: ZoneStatus.PENDING_VERIFICATION, checkCount: 0, checksStartedAt: now, nextCheckAt: now }));
      zone.statusMessage = `waiting for proof of control: ${zoneHowTo(ctx.config, zone)}; certplane looks every minute at first, then less often, for ${ZONE_CHECK_WINDOW_MS / 86_400_000} days`;
      await repo.update({ id: zone.id }, { statusMessage: zone.statusMessage });
      await enqueueZoneCheck(m, zone.id, now);
      return zone;
    });
  } catch (err) {
    if ((err as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) throw conflict(`the zone ${name} is already imported in this organization`);
    throw err;
  }
}

export async function findZone(ctx: AppContext, organizationId: string, id: string): Promise<ZoneRow> {
  const zone = isUuid(id) ? await ctx.db.getRepository(ZoneRow).findOne({ where: { id, organizationId } }) : null;
  if (!zone) throw notFound('Zone', id);
  return zone;
}

/** The organization's zones, oldest first (a Relay page), optionally of one status. */
export async function listZones(ctx: AppContext, organizationId: string, args: { first?: number | null; after?: string | null; status?: string | null }): Promise<Page<ZoneRow>> {
  const params: unknown[] = [organizationId];
  const where = ['z.organization_id = $1'];
  if (args.status) {
    params.push(args.status);
    where.push(`z.status = $${params.length}`);
  }
  return paginate<ZoneRow>({ db: ctx.db, columns: selectColumns(ctx.db, ZoneRow, 'z'), table: 'zones', alias: 'z', where, params, prepare: true }, args.first, args.after);
}

/**
 * Checks a zone's DNS now. A pending zone becomes VERIFIED when the proof is there; after the
 * background checks stopped (7 days) this starts them again. A verified zone is returned as it is.
 */
export async function verifyZone(ctx: AppContext, organizationId: string, id: string): Promise<ZoneRow> {
  const zone = await findZone(ctx, organizationId, id);
  if (zone.status === ZoneStatus.VERIFIED) return zone;
  return (await checkZone(ctx, zone.id, { restart: true })) ?? zone;
}

/** The organization's domains at or under the zone, by hostname. */
export async function domainsUnderZone(ctx: AppContext, zone: Pick<ZoneRow, 'organizationId' | 'name'>, first = MAX_PAGE): Promise<DomainRow[]> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, 'first');
  return queryRows<DomainRow>(
    ctx.db,
    `select ${selectColumns(ctx.db, DomainRow, 'd')} from domains d
      where d.organization_id = $1 and (d.hostname = $2 or d.hostname like $3 escape '\\') order by d.hostname limit $4`,
    [zone.organizationId, zone.name, `%.${likeEscape(zone.name)}`, first],
  );
}

/**
 * Deletes a zone (its pending check finds nothing and stops). With zones required, a VERIFIED zone that
 * some of the organization's domains need (no other verified zone of the organization holds them) is
 * kept: CONFLICT naming them. Their domains and certificates are never touched by a zone's removal.
 */
export async function deleteZone(ctx: AppContext, organizationId: string, id: string): Promise<void> {
  const zone = await findZone(ctx, organizationId, id);
  await ctx.db.transaction(async (m) => {
    if (ctx.config.zones.required && zone.status === ZoneStatus.VERIFIED) {
      const others = await m.getRepository(ZoneRow).find({ where: { organizationId, status: ZoneStatus.VERIFIED } });
      const held = (hostname: string) => others.some((z) => z.id !== zone.id && namesAbove(hostname).includes(z.name));
      const under: Array<{ hostname: string }> = await m.query(
        `select hostname from domains where organization_id = $1 and (hostname = $2 or hostname like $3 escape '\\') order by hostname`,
        [organizationId, zone.name, `%.${likeEscape(zone.name)}`],
      );
      const needing = under.map((d) => d.hostname).filter((h) => isAtOrUnder(h, zone.name) && !held(h));
      if (needing.length) {
        const shown = needing.slice(0, 5).join(', ') + (needing.length > 5 ? ` and ${needing.length - 5} more` : '');
        throw conflict(`the zone ${zone.name} holds ${needing.length} domain(s) of this organization (${shown}), and zones are required: remove them first`);
      }
    }
    await m.getRepository(ZoneRow).delete({ id: zone.id });
  });
}
