import Cloudflare from 'cloudflare';
import { DnsProviderError, isRetryableStatus, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi, type TxtRecordSet } from '../../record-set-provider.js';
import { quoteTxt, unquoteTxt } from '../../txt-content.js';
import { describeNetworkError, rateLimitWaitMs } from '../../vendor-api.js';

const PROVIDER = 'cloudflare';
const TITLE = 'Cloudflare';

/** Settings of the Cloudflare provider (API v4 through the official `cloudflare` SDK). */
export interface CloudflareProviderOptions {
  /** A scoped API token with Zone:Read and DNS:Edit on the zones. Required. */
  apiToken: string;
  /** Only this zone (its id): skips listing zones, so a token scoped to one zone needs no account-wide read. */
  zoneId?: string;
  /** API base URL (default https://api.cloudflare.com/client/v4). */
  baseUrl?: string;
  /** Time limit of each API request in ms (default 30000). */
  timeoutMs?: number;
  /** TTL of new TXT records in s (default 60, Cloudflare's least outside Enterprise plans). */
  ttl?: number;
  /** HTTP client (default the global fetch). */
  fetch?: typeof fetch;
  now?: () => number;
}

/** Cloudflare's error codes for a create that is already done and a delete that already happened: both fine (idempotent). */
const CODE_IDENTICAL_RECORD = 81058;
const CODE_RECORD_GONE = 81044;

/**
 * DNS-01 provider for Cloudflare. A TXT "set" at a name is several records, each with an id: writing
 * the set creates the missing values and deletes the ones no longer wanted. Zones are found by longest
 * suffix among the zones the token sees (every page of GET /zones), or the one `zoneId`. Nothing is
 * retried inside: `maxRetries: 0`, and rate limits (429) become a retryable error with Retry-After's wait
 * (a minute when it is missing).
 */
export function createCloudflareProvider(o: CloudflareProviderOptions): DnsProvider {
  if (!o.apiToken) throw new Error('cloudflare: api_token is required');
  const baseURL = (o.baseUrl ?? 'https://api.cloudflare.com/client/v4').replace(/\/+$/, '');
  const client = new Cloudflare({
    apiToken: o.apiToken,
    // Explicit nulls: the SDK would otherwise read CLOUDFLARE_API_KEY / CLOUDFLARE_EMAIL from the environment.
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL,
    maxRetries: 0,
    timeout: o.timeoutMs ?? 30_000,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw providerError(err, what, baseURL, o.now ?? Date.now);
    }
  }

  async function listTxtRecords(zone: ProviderZone, fqdn: string) {
    return call(`read TXT ${fqdn}`, async () => {
      const found: Array<{ id: string; content: string; ttl: number }> = [];
      for await (const r of client.dns.records.list({ zone_id: zone.id, type: 'TXT', name: { exact: fqdn }, per_page: 100 })) {
        if (r.type === 'TXT' && r.id) found.push({ id: r.id, content: r.content ?? '', ttl: r.ttl });
      }
      return found;
    });
  }

  const api: RecordSetApi = {
    async listZones() {
      if (o.zoneId) {
        const zoneId = o.zoneId;
        const zone = await call('read the zone given by zone_id', () =>
          client.zones.get({ zone_id: zoneId }).catch((err: unknown) => {
            if (!(err instanceof Cloudflare.NotFoundError || err instanceof Cloudflare.BadRequestError)) throw err;
            throw new DnsProviderError(`Cloudflare has no zone ${zoneId} that this token can see (${describe(err)}); check zone_id`, {
              provider: PROVIDER,
              retryable: false,
              status: err.status,
              cause: err,
            });
          }),
        );
        return [{ id: zone.id, name: zone.name }];
      }
      return call('list zones', async () => {
        const zones: ProviderZone[] = [];
        for await (const page of (await client.zones.list({ per_page: 50 })).iterPages()) {
          zones.push(...page.result.map((z) => ({ id: z.id, name: z.name })));
          // result_info says how many pages there are; without it the SDK asks until a page comes back empty.
          const info = page.result_info as { page?: number; total_pages?: number };
          if (info.total_pages !== undefined && (info.page ?? 1) >= info.total_pages) break;
        }
        return zones;
      });
    },
    async readTxt(zone, fqdn): Promise<TxtRecordSet> {
      const records = await listTxtRecords(zone, fqdn);
      return { values: records.map((r) => unquoteTxt(r.content)), ttl: records[0]?.ttl ?? null, raw: records };
    },
    async writeTxt(zone, fqdn, values, ttl, current) {
      const records = current.raw as Awaited<ReturnType<typeof listTxtRecords>>;
      for (const r of records) {
        if (values.includes(unquoteTxt(r.content))) continue;
        await call(`delete a TXT record at ${fqdn}`, () =>
          client.dns.records.delete(r.id, { zone_id: zone.id }).catch((err: unknown) => {
            if (!hasCode(err, CODE_RECORD_GONE)) throw err;
          }),
        );
      }
      for (const value of values) {
        if (records.some((r) => unquoteTxt(r.content) === value)) continue;
        await call(`create a TXT record at ${fqdn}`, () =>
          client.dns.records.create({ zone_id: zone.id, type: 'TXT', name: fqdn, content: quoteTxt(value), ttl }).catch((err: unknown) => {
            if (!hasCode(err, CODE_IDENTICAL_RECORD)) throw err;
          }),
        );
      }
    },
  };

  return createRecordSetProvider({ name: PROVIDER, title: TITLE, api, ttl: o.ttl ?? 60, now: o.now });
}

/** Cloudflare's errors as "code 10000: Authentication error; ...", or the SDK's message. */
const describe = (err: InstanceType<typeof Cloudflare.APIError>) =>
  err.errors.length ? err.errors.map((e) => `code ${e.code}: ${e.message}`).join('; ') : err.message;

const hasCode = (err: unknown, code: number) => err instanceof Cloudflare.APIError && err.errors.some((e) => e.code === code);

/** A Cloudflare SDK error as a DnsProviderError saying what to change. */
function providerError(err: unknown, what: string, baseURL: string, now: () => number): DnsProviderError {
  if (err instanceof DnsProviderError) return err;
  if (err instanceof Cloudflare.APIConnectionError) {
    const reason = err instanceof Cloudflare.APIConnectionTimeoutError ? 'no answer in time' : err.cause ? describeNetworkError(err.cause) : err.message;
    return new DnsProviderError(`Cloudflare API at ${baseURL} unreachable while trying to ${what}: ${reason}`, { provider: PROVIDER, retryable: true, cause: err });
  }
  if (err instanceof Cloudflare.APIError && err.status !== undefined) {
    const status = err.status;
    const detail = describe(err);
    const opts = { provider: PROVIDER, status, cause: err };
    if (status === 401 || status === 403) {
      return new DnsProviderError(
        `Cloudflare refused the API token trying to ${what} (HTTP ${status}, ${detail}); check api_token: a token with Zone:Read and DNS:Edit on the zone`,
        { ...opts, retryable: false },
      );
    }
    if (status === 429) {
      return new DnsProviderError(`Cloudflare rate limit reached trying to ${what} (${detail})`, {
        ...opts,
        retryable: true,
        retryAfterMs: rateLimitWaitMs(err.headers ?? new Headers(), undefined, now),
      });
    }
    return new DnsProviderError(`Cloudflare refused to ${what} (HTTP ${status}, ${detail})`, { ...opts, retryable: isRetryableStatus(status) });
  }
  return new DnsProviderError(`Cloudflare call failed trying to ${what}: ${(err as Error).message}`, { provider: PROVIDER, retryable: false, cause: err });
}
