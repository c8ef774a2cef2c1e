import { apiRoot } from '../../vendor-api.js';

/** Settings of the Gandi LiveDNS provider (Gandi's v5 REST API). */
export interface GandiProviderOptions {
  /** Provider name: 'gandiv5', or 'gandi' (the same code under lego's older name). Default 'gandiv5'. */
  name?: 'gandiv5' | 'gandi';
  /** Personal access token (sent as `Authorization: Bearer`); needs the "Manage domain name technical configurations" permission. */
  personalAccessToken?: string;
  /** The deprecated account API key (sent as `Authorization: Apikey`); used when there is no personal access token. */
  apiKey?: string;
  /** API root (default `https://api.gandi.net`; `https://api.sandbox.gandi.net` for the sandbox); a trailing `/v5` is dropped. */
  endpoint?: string;
  /** Domains asked for per page of `GET /v5/livedns/domains` (default 100). */
  pageSize?: number;
  /** TTL of a new TXT record set in seconds (default 300, LiveDNS's minimum; lower values are raised to it). */
  ttl?: number;
  /** Time limit of each API request in ms (default 10000). */
  timeoutMs?: number;
  /** HTTP client (default the global `fetch`); tests inject one. */
  fetch?: typeof fetch;
  /** Clock, ms (default `Date.now`). */
  now?: () => number;
}

/** LiveDNS refuses an rrset_ttl below 300 s. */
export const GANDI_MIN_TTL = 300;

export interface ResolvedGandiOptions {
  name: 'gandiv5' | 'gandi';
  /** The Authorization header value. */
  authorization: string;
  /** The setting holding the credential, for messages. */
  credentialSetting: 'personal_access_token' | 'api_key';
  endpoint: string;
  pageSize: number;
  ttl: number;
  timeoutMs: number;
  fetch?: typeof fetch;
  now: () => number;
}

/** Fills in defaults; throws a message naming the missing setting. */
export function resolveGandiOptions(o: GandiProviderOptions): ResolvedGandiOptions {
  if (!o.personalAccessToken && !o.apiKey) throw new Error('gandi: personal_access_token (or the deprecated api_key) is required');
  return {
    name: o.name ?? 'gandiv5',
    authorization: o.personalAccessToken ? `Bearer ${o.personalAccessToken}` : `Apikey ${o.apiKey}`,
    credentialSetting: o.personalAccessToken ? 'personal_access_token' : 'api_key',
    endpoint: apiRoot(o.endpoint ?? 'https://api.gandi.net', /\/v5(\/livedns)?$/),
    pageSize: o.pageSize ?? 100,
    ttl: Math.max(o.ttl ?? GANDI_MIN_TTL, GANDI_MIN_TTL),
    timeoutMs: o.timeoutMs ?? 10_000,
    fetch: o.fetch,
    now: o.now ?? Date.now,
  };
}
