import { DnsProviderError, isRetryableStatus, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { quoteTxt, unquoteTxt } from '../../txt-content.js';
import { createVendorHttp, expectSuccess, errorDetail, rateLimitWaitMs, relativeName, type VendorResponse } from '../../vendor-api.js';
import { GANDI_MIN_TTL, resolveGandiOptions, type GandiProviderOptions } from './options.js';

export type { GandiProviderOptions } from './options.js';

const TITLE = 'Gandi LiveDNS';
/** Pages of the domain list followed at most (a guard against a server that always says "next"). */
const MAX_PAGES = 1000;

/** An rrset as LiveDNS gives it (`GET /v5/livedns/domains/{fqdn}/records/{name}/{type}`). */
interface GandiRrset {
  rrset_values?: string[];
  rrset_ttl?: number;
}

/** An error body of Gandi's API: `{ code, message, object, cause, errors? }`. */
interface GandiError {
  errors?: Array<{ name?: string; description?: string }>;
}

/**
 * DNS-01 provider for Gandi LiveDNS (Gandi's v5 REST API; `Authorization: Bearer <personal access
 * token>`, or the deprecated `Apikey <key>`). Zones are the domains LiveDNS serves for the token
 * (`GET /v5/livedns/domains`, paged); the TXT rrset at a name is read and written whole
 * (`PUT .../records/{name}/TXT` with `rrset_values`), and deleted when its last value goes.
 */
export function createGandiProvider(options: GandiProviderOptions): DnsProvider {
  const o = resolveGandiOptions(options);
  const http = createVendorHttp({
    provider: o.name,
    title: TITLE,
    baseUrl: o.endpoint,
    headers: { Authorization: o.authorization },
    fetch: o.fetch,
    timeoutMs: o.timeoutMs,
  });

  const call = expectSuccess(http, failure);

  function failure(res: VendorResponse, what: string): DnsProviderError {
    const fields = ((res.body && typeof res.body === 'object' ? res.body : {}) as GandiError).errors ?? [];
    const detail = `HTTP ${res.status}: ${[errorDetail(res.body), ...fields.map((f) => `${f.name}: ${f.description}`)].join('; ')}`;
    const base = { provider: o.name, status: res.status };
    const setting = o.credentialSetting;
    if (res.status === 429) {
      const wait = rateLimitWaitMs(res.headers, undefined, o.now);
      return new DnsProviderError(`${TITLE} asked to slow down while trying to ${what} (${detail}); trying again in ${Math.ceil(wait / 1000)} s`, {
        ...base,
        retryable: true,
        retryAfterMs: wait,
      });
    }
    if (res.status === 401) {
      return new DnsProviderError(`${TITLE} refused the ${setting} (${detail}); check ${setting}`, { ...base, retryable: false });
    }
    if (res.status === 403) {
      return new DnsProviderError(
        `${TITLE} denied access while trying to ${what} (${detail}); check ${setting}: personal access tokens expire, and need the "Manage domain name technical configurations" permission on the organization holding the domain`,
        { ...base, retryable: false },
      );
    }
    return new DnsProviderError(`${TITLE} refused to ${what} (${detail})`, { ...base, retryable: isRetryableStatus(res.status) });
  }

  /** The next page's URL from a Link header (RFC 8288), when it points at the same API. */
  function nextLink(link: string): string | undefined {
    for (const part of link.split(',')) {
      const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
      if (!m || !/\brel="?next"?/i.test(m[2])) continue;
      const url = new URL(m[1], o.endpoint);
      return url.origin === new URL(o.endpoint).origin ? url.href : undefined;
    }
    return undefined;
  }

  const recordsPath = (zone: ProviderZone, fqdn: string) =>
    `/v5/livedns/domains/${encodeURIComponent(zone.id)}/records/${encodeURIComponent(relativeName(fqdn, zone.name) || '@')}/TXT`;

  const api: RecordSetApi = {
    async listZones() {
      const zones: ProviderZone[] = [];
      let url = `/v5/livedns/domains?per_page=${o.pageSize}&page=1`;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const res = await call('GET', url, 'list domains');
        const items = Array.isArray(res.body) ? (res.body as Array<{ fqdn?: unknown }>) : [];
        for (const d of items) if (typeof d.fqdn === 'string') zones.push({ name: d.fqdn, id: d.fqdn });
        // Follow the Link header when there is one; else the total-count header; else a short page ends the list.
        const link = res.headers.get('link');
        const total = Number(res.headers.get('total-count') ?? NaN);
        let next: string | undefined;
        if (link !== null) next = nextLink(link);
        else if (Number.isFinite(total)) next = zones.length < total && items.length > 0 ? `/v5/livedns/domains?per_page=${o.pageSize}&page=${page + 1}` : undefined;
        else next = items.length >= o.pageSize ? `/v5/livedns/domains?per_page=${o.pageSize}&page=${page + 1}` : undefined;
        if (!next) break;
        url = next;
      }
      return zones;
    },
    async readTxt(zone, fqdn) {
      // 404: no TXT rrset at the name yet.
      const res = await call('GET', recordsPath(zone, fqdn), `read TXT ${fqdn}`, undefined, [404]);
      if (res.status === 404) return { values: [], ttl: null };
      const set = (res.body ?? {}) as GandiRrset;
      return { values: (set.rrset_values ?? []).map(unquoteTxt), ttl: set.rrset_ttl ?? null };
    },
    async writeTxt(zone, fqdn, values, ttl) {
      if (values.length === 0) {
        // 404: already gone (deleting twice is harmless).
        await call('DELETE', recordsPath(zone, fqdn), `delete TXT ${fqdn}`, undefined, [404]);
        return;
      }
      await call('PUT', recordsPath(zone, fqdn), `update TXT ${fqdn}`, { rrset_values: values.map(quoteTxt), rrset_ttl: Math.max(ttl, GANDI_MIN_TTL) });
    },
  };

  return createRecordSetProvider({ name: o.name, title: TITLE, api, ttl: o.ttl, now: o.now });
}
