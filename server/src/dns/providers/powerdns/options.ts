/** Settings of the PowerDNS provider (Authoritative Server HTTP API, version 4.x). */
export interface PowerDnsProviderOptions {
  /** Webserver root, e.g. `http://127.0.0.1:8081`; the API lives under `/api/v1`. Required. */
  apiUrl: string;
  /** The server's `api-key`. Required. */
  apiKey: string;
  /** Server id in API paths (default `'localhost'`, the only id PowerDNS uses). */
  serverId?: string;
  /** Time limit of each API request in ms (default 10000). */
  timeoutMs?: number;
  /**
   * Extra quick attempts of a request answered 5xx, 20-150 ms apart (default 3). PowerDNS on sqlite
   * answers 500 "database is locked" when writes meet; every request here is idempotent.
   */
  quickRetries?: number;
  /** TTL of the challenge TXT rrset in seconds (default 60). */
  ttl?: number;
  /** How long the zone list is reused, in ms (default 3000; 0 lists zones on every call). */
  zoneCacheMs?: number;
  /** HTTP client (default the global `fetch`); tests inject one. */
  fetch?: typeof fetch;
  /** Clock for the zone cache (default `Date.now`). */
  now?: () => number;
}

export type ResolvedPowerDnsOptions = Required<PowerDnsProviderOptions>;

/** Fills in defaults and checks the required fields; throws a message naming the bad setting. */
export function resolvePowerDnsOptions(opts: PowerDnsProviderOptions): ResolvedPowerDnsOptions {
  if (!opts.apiUrl || !/^https?:\/\//.test(opts.apiUrl)) {
    throw new Error(`powerdns.apiUrl must be an http(s) URL, got ${JSON.stringify(opts.apiUrl)}`);
  }
  if (!opts.apiKey) throw new Error('powerdns.apiKey is required');
  return {
    apiUrl: opts.apiUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, ''),
    apiKey: opts.apiKey,
    serverId: opts.serverId ?? 'localhost',
    timeoutMs: opts.timeoutMs ?? 10_000,
    quickRetries: opts.quickRetries ?? 3,
    ttl: opts.ttl ?? 60,
    zoneCacheMs: opts.zoneCacheMs ?? 3000,
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: opts.now ?? Date.now,
  };
}
