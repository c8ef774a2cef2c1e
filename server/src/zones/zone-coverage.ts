import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config.js';
import { ZoneRow } from '../db/entities.js';
import { badInput, ErrorCode, UserError } from '../errors.js';
import { isAtOrUnder, namesAbove } from '../domains/hostname.js';
import { ZoneStatus } from './zone-status.js';

/**
 * Which zones cover a name: the platform's reserved zones (refused always), the organization's verified
 * zones (CERTPLANE_REQUIRE_ZONES), and the one verified zone, in any organization, that decides a claim.
 * Names are normalised (domains/hostname.ts) before they come here.
 */

/** The reserved zone (CERTPLANE_RESERVED_ZONES) at or above `name`, or null. */
export const reservedZoneOf = (config: Pick<Config, 'zones'>, name: string): string | null =>
  config.zones.reserved.find((zone) => isAtOrUnder(name, zone)) ?? null;

/** BAD_USER_INPUT on `field` for a name at or under a reserved zone. */
export function refuseReserved(config: Pick<Config, 'zones'>, name: string, field: string): void {
  const reserved = reservedZoneOf(config, name);
  if (reserved) throw badInput(`${name} is ${name === reserved ? '' : 'under '}${reserved}, a zone reserved by the platform: use a name of your own`, field);
}

/** The organization's VERIFIED zones at or above `hostname`, most specific first. */
export async function verifiedZonesCovering(db: DataSource | EntityManager, organizationId: string, hostname: string): Promise<ZoneRow[]> {
  const zones = await db.getRepository(ZoneRow).createQueryBuilder('z')
    .where('z.organizationId = :org and z.status = :status and z.name = any(:names)', { org: organizationId, status: ZoneStatus.VERIFIED, names: namesAbove(hostname) })
    .getMany();
  return zones.sort((a, b) => b.name.length - a.name.length);
}

/**
 * With zones required: the organization's verified zones that hold `hostname`, most specific first;
 * NOT_FOUND "zone not found" (naming `field`) when there is none. Without: [] and no check.
 */
export async function requireVerifiedZone(db: DataSource | EntityManager, config: Pick<Config, 'zones'>, organizationId: string, hostname: string, field: string): Promise<ZoneRow[]> {
  if (!config.zones.required) return [];
  const zones = await verifiedZonesCovering(db, organizationId, hostname);
  if (!zones.length) {
    throw new UserError(ErrorCode.NOT_FOUND, `zone not found: no verified zone of this organization holds ${hostname}; import its zone (importZone) and prove control of it first`, { field });
  }
  return zones;
}

/** The most specific VERIFIED zone, in any organization, at or above `hostname` (it decides claims), or null. */
export async function closestVerifiedZone(db: DataSource | EntityManager, hostname: string): Promise<ZoneRow | null> {
  const zones = await db.getRepository(ZoneRow).createQueryBuilder('z')
    .where('z.status = :status and z.name = any(:names)', { status: ZoneStatus.VERIFIED, names: namesAbove(hostname) })
    .getMany();
  return zones.sort((a, b) => b.name.length - a.name.length)[0] ?? null;
}
