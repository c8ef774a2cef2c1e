import { DnsProviderError, isRetryableStatus, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { createVendorHttp, expectSuccess, errorDetail, rateLimitWaitMs, relativeName, type VendorResponse } from '../../vendor-api.js';
import { GODADDY_MIN_TTL, resolveGoDaddyOptions, type GoDaddyProviderOptions } from './options.js';

export type { GoDaddyProviderOptions } from './options.js';

const PROVIDER = 'godaddy';
const TITLE = 'GoDaddy';

/** One DNS record as the Domains API gives it (`GET /v1/domains/{domain}/records/{type}/{name}`). */
interface GoDaddyRecord {
  data: string;
  name?: string;
  ttl?: number;
  type?: string;
}

/** An error body of the Domains API: `{ code, message, fields?, retryAfterSec? }`. */
interface GoDaddyError {
  code?: string;
  message?: string;
  retryAfterSec?: number;
}

/**
 * DNS-01 provider for GoDaddy (Domains API v1, `Authorization: sso-key <key>:<secret>`). Zones are the
 * account's ACTIVE domains (`GET /v1/domains`, paged with `marker`); the TXT set at a name is read and
 * written whole (`PUT .../records/TXT/{name}`), and removed with `DELETE` when its last value goes.
 */
export function createGoDaddyProvider(options: GoDaddyProviderOptions): DnsProvider {
  const o = resolveGoDaddyOptions(options);
  const http = createVendorHttp({
    provider: PROVIDER,
    title: TITLE,
    baseUrl: o.endpoint,
    headers: { Authorization: `sso-key ${o.apiKey}:${o.apiSecret}` },
    fetch: o.fetch,
    timeoutMs: o.timeoutMs,
  });

  const call = expectSuccess(http, failure);

  function failure(res: VendorResponse, what: string): DnsProviderError {
    const err = (res.body && typeof res.body === 'object' ? res.body : {}) as GoDaddyError;
    const detail = `HTTP ${res.status}${err.code ? ` ${err.code}` : ''}: ${errorDetail(res.body)}`;
    const base = { provider: PROVIDER, status: res.status };
    if (res.status === 429) {
      const wait = rateLimitWaitMs(res.headers, err.retryAfterSec, o.now);
      return new DnsProviderError(`${TITLE} asked to slow down while trying to ${what} (${detail}); trying again in ${Math.ceil(wait / 1000)} s`, {
        ...base,
        retryable: true,
        retryAfterMs: wait,
      });
    }
    if (res.status === 401) {
      return new DnsProviderError(
        `${TITLE} refused the API key (${detail}); check api_key and api_secret: a production key from developer.godaddy.com/keys (OTE keys only work with the OTE endpoint)`,
        { ...base, retryable: false },
      );
    }
    if (res.status === 403) {
      return new DnsProviderError(
        `${TITLE} denied access while trying to ${what} (${detail}); check that api_key belongs to the account holding the domain, and that the account may use the Domains API (GoDaddy opens it to accounts with 10 or more domains or a Discount Domain Club plan)`,
        { ...base, retryable: false },
      );
    }
    return new DnsProviderError(`${TITLE} refused to ${what} (${detail})`, { ...base, retryable: isRetryableStatus(res.status) });
  }

  const recordsPath = (zone: ProviderZone, fqdn: string) =>
    `/v1/domains/${encodeURIComponent(zone.id)}/records/TXT/${encodeURIComponent(relativeName(fqdn, zone.name) || '@')}`;

  const api: RecordSetApi = {
    async listZones() {
      const zones: ProviderZone[] = [];
      let marker: string | undefined;
      for (;;) {
        const query = `statuses=ACTIVE&limit=${o.pageSize}${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`;
        const res = await call('GET', `/v1/domains?${query}`, 'list domains');
        const page = Array.isArray(res.body) ? (res.body as Array<{ domain?: unknown }>) : [];
        for (const d of page) if (typeof d.domain === 'string') zones.push({ name: d.domain, id: d.domain });
        const last = page.at(-1)?.domain;
        if (page.length < o.pageSize || typeof last !== 'string' || last === marker) return zones;
        marker = last;
      }
    },
    async readTxt(zone, fqdn) {
      const res = await call('GET', recordsPath(zone, fqdn), `read TXT ${fqdn}`);
      const records = (Array.isArray(res.body) ? res.body : []) as GoDaddyRecord[];
      const set = records.filter((r) => typeof r.data === 'string' && r.data !== '');
      return { values: set.map((r) => r.data), ttl: set[0]?.ttl ?? null };
    },
    async writeTxt(zone, fqdn, values, ttl) {
      if (values.length === 0) {
        // 404: already gone (deleting twice is harmless).
        await call('DELETE', recordsPath(zone, fqdn), `delete TXT ${fqdn}`, undefined, [404]);
        return;
      }
      const records = values.map((data) => ({ data, ttl: Math.max(ttl, GODADDY_MIN_TTL) }));
      await call('PUT', recordsPath(zone, fqdn), `update TXT ${fqdn}`, records);
    },
  };

  return createRecordSetProvider({ name: PROVIDER, title: TITLE, api, ttl: o.ttl, now: o.now });
}
