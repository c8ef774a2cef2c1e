import { AuthenticationError, ClientError, DNSimple, NotFoundError, RequestError, TimeoutError, TooManyRequestsError, type Fetcher } from 'dnsimple';
import { DnsProviderError, isRetryableStatus, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { unquoteTxt } from '../../txt-content.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, describeNetworkError, relativeName } from '../../vendor-api.js';

const PROVIDER = 'dnsimple';
const TITLE = 'DNSimple';

/** Settings of the DNSimple provider (API v2 through the official `dnsimple` SDK). */
export interface DnsimpleProviderOptions {
  /** An account access token (or a user token together with `accountId`). Required. */
  accessToken: string;
  /** The account's numeric id; default: the account the token belongs to (GET /v2/whoami). */
  accountId?: string;
  /** API base URL (default https://api.dnsimple.com; the sandbox is https://api.sandbox.dnsimple.com). */
  baseUrl?: string;
  /** Time limit of each API request in ms (default 30000). */
  timeoutMs?: number;
  /** TTL of new TXT records in s (default 60, DNSimple's least). */
  ttl?: number;
  /** HTTP client (default the global fetch). */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * DNS-01 provider for DNSimple. Each TXT value is a record of its own (an id each); writing the set at a
 * name creates the missing values and deletes the ones no longer wanted. Zones are found by longest
 * suffix among every page of the account's zones. Requests go through the SDK with a fetch-based
 * fetcher (the SDK's own speaks https only and keeps no headers), which notes X-RateLimit-Reset so a 429
 * becomes a retryable error that waits until then (a minute when the header is missing).
 */
export function createDnsimpleProvider(o: DnsimpleProviderOptions): DnsProvider {
  if (!o.accessToken) throw new Error('dnsimple: access_token is required');
  if (o.accountId !== undefined && !/^\d+$/.test(o.accountId)) throw new Error(`dnsimple: account_id must be the account's number, got "${o.accountId}"`);
  const now = o.now ?? Date.now;
  const doFetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = (o.baseUrl ?? 'https://api.dnsimple.com').replace(/\/+$/, '').replace(/\/v2$/, '');
  /** When the account's rate-limit window resets (ms since the epoch), as the last 429 said. */
  let rateLimitResetAt: number | undefined;

  const fetcher: Fetcher = async ({ method, url, headers, body, timeout }) => {
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body, signal: AbortSignal.timeout(timeout) });
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') throw new TimeoutError();
      throw err;
    }
    if (res.status === 429) {
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      rateLimitResetAt = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
    }
    return { status: res.status, body: await res.text() };
  };
  const client = new DNSimple({ accessToken: o.accessToken, baseUrl, fetcher, timeout: o.timeoutMs ?? 30_000, userAgent: 'certplane' });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw providerError(err, what);
    }
  }

  function providerError(err: unknown, what: string): DnsProviderError {
    if (err instanceof DnsProviderError) return err;
    const opts = { provider: PROVIDER, cause: err };
    if (err instanceof AuthenticationError) {
      return new DnsProviderError(`DNSimple refused the access token trying to ${what} (HTTP 401); check access_token: an account API token (Account > Access tokens)`, {
        ...opts,
        retryable: false,
        status: 401,
      });
    }
    if (err instanceof TooManyRequestsError) {
      const wait = rateLimitResetAt === undefined ? DEFAULT_RATE_LIMIT_WAIT_MS : Math.max(0, rateLimitResetAt - now());
      return new DnsProviderError(`DNSimple rate limit reached trying to ${what}`, { ...opts, retryable: true, status: 429, retryAfterMs: wait });
    }
    if (err instanceof NotFoundError && o.accountId && /account/i.test(String(err.data?.message))) {
      return new DnsProviderError(`DNSimple has no account ${o.accountId} for this token (${err.data.message}); check account_id`, { ...opts, retryable: false, status: 404 });
    }
    if (err instanceof RequestError) {
      const detail = (err as ClientError).data?.message ?? err.message;
      return new DnsProviderError(`DNSimple refused to ${what} (HTTP ${err.status}: ${detail})`, { ...opts, retryable: isRetryableStatus(err.status), status: err.status });
    }
    if (err instanceof TimeoutError) {
      return new DnsProviderError(`DNSimple API at ${baseUrl} gave no answer in time trying to ${what}`, { ...opts, retryable: true });
    }
    if (err instanceof SyntaxError) {
      return new DnsProviderError(`DNSimple API at ${baseUrl} answered something other than JSON trying to ${what}`, { ...opts, retryable: true });
    }
    return new DnsProviderError(`DNSimple API at ${baseUrl} unreachable while trying to ${what}: ${describeNetworkError(err)}`, { ...opts, retryable: true });
  }

  let account: Promise<number> | undefined;
  /** The account id: the setting, or the account the token belongs to (asked once). */
  function accountId(): Promise<number> {
    if (o.accountId) return Promise.resolve(Number(o.accountId));
    account ??= call('find the account of the access token', () => client.identity.whoami()).then((r) => {
      if (!r.data.account) {
        throw new DnsProviderError('The DNSimple access token is a user token, which may reach several accounts; set account_id, or use an account token', {
          provider: PROVIDER,
          retryable: false,
        });
      }
      return r.data.account.id;
    });
    account.catch(() => (account = undefined));
    return account;
  }

  /** The record name DNSimple uses: relative to the zone, '' for the apex. */
  const relative = (zone: ProviderZone, fqdn: string) => relativeName(fqdn, zone.name);

  async function txtRecords(zone: ProviderZone, fqdn: string) {
    const id = await accountId();
    const name = relative(zone, fqdn);
    return call(`read TXT ${fqdn}`, async () => {
      const found: Array<{ id: number; value: string; ttl: number }> = [];
      for await (const r of client.zones.listZoneRecords.iterateAll(id, zone.id, { name, type: 'TXT', per_page: 100 })) {
        if (r.type === 'TXT' && r.name === name) found.push({ id: r.id, value: unquoteTxt(r.content), ttl: r.ttl });
      }
      return found;
    });
  }

  const api: RecordSetApi = {
    async listZones() {
      const id = await accountId();
      return call('list zones', async () => {
        const zones: ProviderZone[] = [];
        for await (const z of client.zones.listZones.iterateAll(id, { per_page: 100 })) zones.push({ id: z.name, name: z.name });
        return zones;
      });
    },
    async readTxt(zone, fqdn) {
      const records = await txtRecords(zone, fqdn);
      return { values: records.map((r) => r.value), ttl: records[0]?.ttl ?? null, raw: records };
    },
    async writeTxt(zone, fqdn, values, ttl, current) {
      const id = await accountId();
      const records = current.raw as Awaited<ReturnType<typeof txtRecords>>;
      for (const r of records) {
        if (values.includes(r.value)) continue;
        await call(`delete a TXT record at ${fqdn}`, () =>
          client.zones.deleteZoneRecord(id, zone.id, r.id).catch((err: unknown) => {
            if (!(err instanceof NotFoundError)) throw err;
          }),
        );
      }
      for (const value of values) {
        if (records.some((r) => r.value === value)) continue;
        await call(`create a TXT record at ${fqdn}`, () => client.zones.createZoneRecord(id, zone.id, { name: relative(zone, fqdn), type: 'TXT', content: value, ttl }));
      }
    },
  };

  return createRecordSetProvider({ name: PROVIDER, title: TITLE, api, ttl: o.ttl ?? 60, now: o.now });
}
