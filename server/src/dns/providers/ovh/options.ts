import { ProviderSettingsError } from '../../provider-kind.js';

/** Settings of the OVH provider (OVHcloud API v1 through the official `ovh` SDK). */
export interface OvhProviderOptions {
  /** Which OVHcloud API the account lives on: 'ovh-eu' (default), 'ovh-ca' or 'ovh-us' (lego's OVH_ENDPOINT). */
  region?: string;
  /**
   * API base URL, e.g. `https://eu.api.ovh.com/1.0`; overrides `region`. HTTPS only: the SDK has no other
   * transport. A missing path means `/1.0`.
   */
  endpoint?: string;
  /** Application key (createApp / createToken). Required. */
  applicationKey: string;
  /** Application secret. Required. */
  applicationSecret: string;
  /** Consumer key with GET/POST/DELETE rights on /domain/zone/*. Required. */
  consumerKey: string;
  /** TTL of a new TXT record in seconds (default 60). */
  ttl?: number;
  /** Time limit of each API call in ms (default 10000). */
  timeoutMs?: number;
  /** Clock, ms (default `Date.now`). */
  now?: () => number;
}

/** The APIs `region` may name (the SDK's preconfigured endpoints that serve domain zones). */
export const OVH_REGIONS = ['ovh-eu', 'ovh-ca', 'ovh-us'] as const;

/** Where the SDK connects: a region name, or host, port and base path. */
export type OvhTarget = { endpoint: string } | { host: string; port: number; basePath: string };

export interface ResolvedOvhOptions {
  target: OvhTarget;
  /** For messages: the region or the URL. */
  where: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  ttl: number;
  timeoutMs: number;
  now: () => number;
}

/** Fills in defaults and checks region and endpoint; throws ProviderSettingsError naming the setting. */
export function resolveOvhOptions(o: OvhProviderOptions): ResolvedOvhOptions {
  for (const [setting, value] of [['application_key', o.applicationKey], ['application_secret', o.applicationSecret], ['consumer_key', o.consumerKey]] as const) {
    if (!value) throw new ProviderSettingsError(setting, `OVH needs the setting ${setting}`);
  }
  let target: OvhTarget;
  let where: string;
  if (o.endpoint) {
    const url = new URL(o.endpoint);
    if (url.protocol !== 'https:') {
      throw new ProviderSettingsError('endpoint', `OVH's SDK speaks HTTPS only; endpoint must be an https:// URL, got "${o.endpoint}"`);
    }
    const basePath = url.pathname.replace(/\/+$/, '') || '/1.0';
    target = { host: url.hostname, port: Number(url.port || 443), basePath };
    where = `${url.origin}${basePath}`;
  } else {
    const region = o.region ?? 'ovh-eu';
    if (!(OVH_REGIONS as readonly string[]).includes(region)) {
      throw new ProviderSettingsError('region', `region must be one of ${OVH_REGIONS.join(', ')}, got "${region}"`);
    }
    target = { endpoint: region };
    where = region;
  }
  return {
    target,
    where,
    applicationKey: o.applicationKey,
    applicationSecret: o.applicationSecret,
    consumerKey: o.consumerKey,
    ttl: o.ttl ?? 60,
    timeoutMs: o.timeoutMs ?? 10_000,
    now: o.now ?? Date.now,
  };
}
