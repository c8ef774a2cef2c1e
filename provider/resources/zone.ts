import { ApiError } from '../client.js';
import { ProviderError, type Diagnostics } from '../framework/diagnostics.js';
import type { OperationContext, PlanInput, Resource } from '../framework/resource.js';
import { UNKNOWN, type TfObject } from '../protocol/values.js';
import { isNotFound, toProviderError } from './api-errors.js';
import { parseDuration } from './duration.js';
import { dropReplace, keepSpelling, looksLikeHostname, normalizeHostname, sameHostname } from './hostname.js';
import { ZONE_COMPUTED, ZONE_RECORD_LABEL, deleteZone, getZone, getZoneByName, importZone, zoneState, type ApiZone } from './zone-api.js';
import { waitForVerification } from './zone-wait.js';

/** How long apply waits for verification (wait_for_verification) unless `timeouts` says otherwise. */
export const DEFAULT_VERIFY_TIMEOUT = '10m';
const FIELDS = { name: 'name', CONFLICT: 'name' };
/** What a check may change: unknown in a plan that waits for verification. */
const CHECKED = ['status', 'status_message', 'verified_at', 'verified_by'];

/**
 * certplane_zone: a zone the organization claims (importZone), with the TXT record that proves control
 * as computed attributes. The record's value is this zone's own: destroying and importing the zone again
 * gives a new one. With wait_for_verification, apply checks (verifyZone) until the zone is VERIFIED.
 */
export const zoneResource: Resource = {
  typeName: 'certplane_zone',
  schema: {
    version: 0,
    block: {
      description:
        "A DNS zone the organization claims (CertaDNS zones): PENDING_VERIFICATION until control is proven by the TXT record `verification_record_name` = `verification_record_value` on every authoritative server, or by NS records naming only the platform's `nameservers`; then VERIFIED. certplane checks by itself (every minute at first, backing off to hourly, for 7 days); with `wait_for_verification`, apply checks until the zone is VERIFIED.",
      attributes: {
        id: { type: 'string', computed: true, description: 'Zone id.' },
        name: { type: 'string', required: true, forceNew: true, description: 'The zone, e.g. `example.com` or `shop.example.com` (not a public suffix or a wildcard).' },
        wait_for_verification: {
          type: 'bool',
          optional: true,
          computed: true,
          default: false,
          description:
            "Apply checks the zone (verifyZone) with backoff until it is VERIFIED, within `timeouts` (default 10m), and fails with the zone's `status_message` otherwise; while the zone is not VERIFIED every plan shows an update that waits again. The TXT value is known only once the zone exists: to create the record with Terraform, apply once with this false, then turn it on. Default false.",
        },
        ...ZONE_COMPUTED,
      },
      blocks: {
        timeouts: {
          nesting: 'single',
          block: {
            attributes: {
              create: { type: 'string', optional: true, description: `How long creating waits for verification with wait_for_verification, e.g. "15m" (default ${DEFAULT_VERIFY_TIMEOUT}).` },
              update: { type: 'string', optional: true, description: `How long an update waits for verification (default: the create timeout, else ${DEFAULT_VERIFY_TIMEOUT}).` },
            },
          },
        },
      },
    },
  },

  validate(config: TfObject, diags: Diagnostics) {
    const name = config.name;
    if (typeof name === 'string') {
      if (name.trim().startsWith('*.')) diags.error('Invalid zone name', `"${name}" is a wildcard: a zone is a domain name such as ${name.trim().slice(2)}.`, ['name']);
      else if (!looksLikeHostname(name)) diags.error('Invalid zone name', `"${name}" is not a domain name such as example.com.`, ['name']);
    }
    const timeouts = config.timeouts as TfObject | null;
    for (const op of ['create', 'update']) {
      const v = timeouts?.[op];
      if (typeof v === 'string' && parseDuration(v) === undefined) diags.error('Invalid timeout', `"${v}" is not a duration such as "30s", "10m" or "1h".`, ['timeouts', op]);
    }
  },

  modifyPlan({ prior, planned, requiresReplace }: PlanInput) {
    // Another spelling of the same name (case, a trailing dot, Unicode or punycode) is the same zone.
    if (prior && sameHostname(prior.name, planned.name)) dropReplace(requiresReplace, 'name');
    if (prior === null) {
      // Known before the zone exists, so a DNS record resource can plan with its name; the value cannot.
      planned.verification_record_type = 'TXT';
      if (typeof planned.name === 'string') planned.verification_record_name = `${ZONE_RECORD_LABEL}.${normalizeHostname(planned.name)}`;
      return;
    }
    // Waiting is apply's work: as long as the zone is not VERIFIED, every plan has an update that checks again.
    if (planned.wait_for_verification === true && prior.status !== 'VERIFIED') for (const a of CHECKED) planned[a] = UNKNOWN;
  },

  async create(planned, ctx) {
    const name = String(planned.name);
    let zone: ApiZone;
    try {
      zone = await importZone(ctx.client(), name, ctx.signal);
    } catch (err) {
      const e = toProviderError(err, `import zone ${name}`, FIELDS);
      if (err instanceof ApiError && err.code === 'CONFLICT') {
        throw new ProviderError(e.summary, `${e.detail} To manage it here, import it: terraform import <address> ${normalizeHostname(name)}.`, e.path);
      }
      throw e;
    }
    if (planned.wait_for_verification === true) {
      zone = await waitVerified(zone, planned, 'create', ctx, (why) =>
        `${why} Terraform marks it tainted, and replacing it would import it again with a new verification value: to keep this zone and its value, run terraform untaint on it, create the record, and apply again.`,
      );
    }
    return withSettings(zoneState(zone), planned);
  },

  async read(state, ctx) {
    try {
      const fresh = zoneState(await getZone(ctx.client(), String(state.id), ctx.signal));
      fresh.name = keepSpelling(state.name, String(fresh.name));
      return withSettings(fresh, state);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toProviderError(err, `read zone ${String(state.id)}`);
    }
  },

  async update(prior, planned, ctx) {
    let zone: ApiZone;
    try {
      zone = await getZone(ctx.client(), String(prior.id), ctx.signal);
    } catch (err) {
      throw toProviderError(err, `read zone ${String(prior.name)}`);
    }
    if (planned.wait_for_verification === true && zone.status !== 'VERIFIED') zone = await waitVerified(zone, planned, 'update', ctx, (why) => why);
    return withSettings(zoneState(zone), planned);
  },

  async delete(prior, ctx) {
    try {
      await deleteZone(ctx.client(), String(prior.id), ctx.signal);
    } catch (err) {
      // CONFLICT: with zones required, a verified zone that domains still need stays (the API names them).
      if (!isNotFound(err)) throw toProviderError(err, `delete zone ${String(prior.name)}`);
    }
  },

  /** Import id: the zone id, or its name (normalised: case, a trailing dot and IDN). */
  async importState(id, ctx) {
    try {
      const zone = id.includes('.') ? await getZoneByName(ctx.client(), normalizeHostname(id), ctx.signal) : await getZone(ctx.client(), id, ctx.signal);
      return withSettings(zoneState(zone), {});
    } catch (err) {
      if (isNotFound(err)) throw new ProviderError('Cannot import certplane_zone', `${(err as Error).message}. Use the zone's id or its name, e.g. example.com.`);
      throw toProviderError(err, `import zone ${id}`);
    }
  },
};

/** wait_for_verification lives in Terraform's state alone (timeouts, a block, is kept by the framework). */
function withSettings(fresh: TfObject, from: TfObject): TfObject {
  return { ...fresh, wait_for_verification: from.wait_for_verification ?? false };
}

/** Checks until VERIFIED; otherwise fails with the zone's status message, carrying its state. */
async function waitVerified(zone: ApiZone, planned: TfObject, op: 'create' | 'update', ctx: OperationContext, advice: (why: string) => string): Promise<ApiZone> {
  const timeouts = planned.timeouts as TfObject | null;
  const setting = [timeouts?.[op], timeouts?.create].find((v): v is string => typeof v === 'string') ?? DEFAULT_VERIFY_TIMEOUT;
  const timeoutMs = parseDuration(setting) ?? parseDuration(DEFAULT_VERIFY_TIMEOUT)!;
  const outcome = await waitForVerification(ctx.client(), zone.id, timeoutMs, ctx.signal);
  if (outcome.verified) return outcome.zone;
  const z = outcome.zone;
  const why = `The zone ${z.name} is still ${z.status} (${outcome.why}): ${z.statusMessage ?? 'no check has run yet'}.`;
  throw new ProviderError('Zone not verified', advice(why), ['wait_for_verification'], withSettings(zoneState(z), planned));
}
