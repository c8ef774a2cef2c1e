import type { Config } from '../config.js';
import type { ZoneRow } from '../db/entities.js';
import { derivedValue } from '../security/derived-value.js';

/** Label of the zone verification TXT record: `_certplane-zone.<zone>`. */
export const ZONE_RECORD_LABEL = '_certplane-zone';

export interface ZoneVerificationRecord {
  name: string;
  type: 'TXT';
  /** `certplane-zone-<HMAC of the zone's id>`: one per imported zone, so organizations never share one. */
  value: string;
}

/** The TXT record that proves control of a zone imported in one organization (derived, stable, stored nowhere). */
export function zoneVerificationRecord(config: Pick<Config, 'masterKey'>, zone: Pick<ZoneRow, 'id' | 'name'>): ZoneVerificationRecord {
  return { name: `${ZONE_RECORD_LABEL}.${zone.name}`, type: 'TXT', value: `certplane-zone-${derivedValue(config.masterKey, 'certplane zone verification', `zone:${zone.id}`)}` };
}

/** What to do to prove control, in words: the TXT record, or (when the platform has nameservers) delegation. */
export function zoneHowTo(config: Pick<Config, 'masterKey' | 'zones'>, zone: Pick<ZoneRow, 'id' | 'name'>): string {
  const rec = zoneVerificationRecord(config, zone);
  const ns = config.zones.platformNameservers;
  return `create the TXT record ${rec.name} with the value "${rec.value}"` + (ns.length ? `, or delegate ${zone.name} to the platform's nameservers (NS ${ns.join(', ')})` : '');
}
