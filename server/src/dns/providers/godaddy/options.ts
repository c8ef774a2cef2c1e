import { apiRoot } from '../../vendor-api.js';

/** Settings of the GoDaddy provider (Domains API v1, DNS records). */
export interface GoDaddyProviderOptions {
  /** API key from developer.godaddy.com (production keys; OTE keys only work against the OTE endpoint). Required. */
  apiKey: string;
  /** The key's secret. Required. */
  apiSecret: string;
  /** API root (default `https://api.godaddy.com`; `https://api.ote-godaddy.com` for OTE); a trailing `/v1` is dropped. */
  endpoint?: string;
  /** Domains asked for per page of `GET /v1/domains` (default 1000). */
  pageSize?: number;
  /** TTL of a new TXT record set in seconds (default 600, GoDaddy's minimum; lower values are raised to it). */
  ttl?: number;
  /** Time limit of each API request in ms (default 10000). */
  timeoutMs?: number;
  /** HTTP client (default the global `fetch`); tests inject one. */
  fetch?: typeof fetch;
  /** Clock, ms (default `Date.now`). */
  now?: () => number;
}

/** GoDaddy refuses TXT records with a TTL below 600 s. */
export const GODADDY_MIN_TTL = 600;

export type ResolvedGoDaddyOptions = Required<Omit<GoDaddyProviderOptions, 'fetch'>> & Pick<GoDaddyProviderOptions, 'fetch'>;

/** Fills in defaults; throws a message naming the missing setting. */
export function resolveGoDaddyOptions(o: GoDaddyProviderOptions): ResolvedGoDaddyOptions {
  if (!o.apiKey) throw new Error('godaddy: api_key is required');
  if (!o.apiSecret) throw new Error('godaddy: api_secret is required');
  return {
    apiKey: o.apiKey,
    apiSecret: o.apiSecret,
    endpoint: apiRoot(o.endpoint ?? 'https://api.godaddy.com', /\/v1$/),
    pageSize: o.pageSize ?? 1000,
    ttl: Math.max(o.ttl ?? GODADDY_MIN_TTL, GODADDY_MIN_TTL),
    timeoutMs: o.timeoutMs ?? 10_000,
    fetch: o.fetch,
    now: o.now ?? Date.now,
  };
}
