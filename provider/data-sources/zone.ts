import { ProviderError } from '../framework/diagnostics.js';
import type { DataSource } from '../framework/resource.js';
import type { TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from '../resources/api-errors.js';
import { keepSpelling, normalizeHostname } from '../resources/hostname.js';
import { ZONE_COMPUTED, getZone, getZoneByName, zoneState } from '../resources/zone-api.js';

/** data "certplane_zone": one of the organization's zones, by id or by name. */
export const zoneDataSource: DataSource = {
  typeName: 'certplane_zone',
  schema: {
    version: 0,
    block: {
      description: "Looks one of the organization's zones up by `id` or by `name`: its status and the TXT record that proves control.",
      attributes: {
        id: { type: 'string', optional: true, computed: true, description: 'Zone id.' },
        name: { type: 'string', optional: true, computed: true, description: 'The zone name (case, a trailing dot and IDN are normalised).' },
        ...ZONE_COMPUTED,
      },
    },
  },

  validate(config, diags) {
    const set = ['id', 'name'].filter((k) => config[k] !== null);
    if (set.length !== 1) diags.error('Set one lookup key', 'Set either id or name.', [set.length ? 'name' : 'id']);
  },

  async read(config: TfObject, ctx) {
    const byId = typeof config.id === 'string';
    try {
      if (byId) return zoneState(await getZone(ctx.client(), String(config.id), ctx.signal));
      const zone = zoneState(await getZoneByName(ctx.client(), normalizeHostname(String(config.name)), ctx.signal));
      return { ...zone, name: keepSpelling(config.name, String(zone.name)) };
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Zone not found', (err as Error).message, [byId ? 'id' : 'name']);
      throw toProviderError(err, 'read the zone');
    }
  },
};
