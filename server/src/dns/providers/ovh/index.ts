import { getSystemErrorName } from 'node:util';
import ovh from 'ovh';
import { DnsProviderError, isRetryableStatus, type DnsProvider } from '../../dns-provider.js';
import { createRecordSetProvider, type ProviderZone, type RecordSetApi } from '../../record-set-provider.js';
import { unquoteTxt } from '../../txt-content.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, relativeName } from '../../vendor-api.js';
import { resolveOvhOptions, type OvhProviderOptions } from './options.js';

export type { OvhProviderOptions } from './options.js';

const PROVIDER = 'ovh';
const TITLE = 'OVH';
/** Rights the consumer key needs, for messages. */
const RIGHTS = 'GET /domain/zone, GET/POST /domain/zone/*, DELETE /domain/zone/*';

/** A record as `GET /domain/zone/{zone}/record/{id}` gives it. */
interface OvhRecord {
  id: number;
  fieldType: string;
  subDomain: string;
  target: string;
  ttl: number;
}

/**
 * DNS-01 provider for OVHcloud DNS through the official `ovh` SDK (which signs every call with the
 * application secret and consumer key, after asking `/auth/time`). OVH keeps one record per TXT value,
 * so writing a set adds and deletes single records (`POST|DELETE /domain/zone/{zone}/record`) and then
 * applies the zone (`POST /domain/zone/{zone}/refresh`, which OVH requires after changes).
 */
export function createOvhProvider(options: OvhProviderOptions): DnsProvider {
  const o = resolveOvhOptions(options);
  // No `timeout` for the SDK: it adds a socket listener per request, which piles up on the kept-alive
  // sockets of Node's global agent; `call` keeps the time limit instead.
  const client = ovh({ appKey: o.applicationKey, appSecret: o.applicationSecret, consumerKey: o.consumerKey, ...o.target });
  /** Zones changed whose refresh has not succeeded yet: refreshed at the next call touching them. */
  const unrefreshed = new Set<string>();

  async function call<T>(method: string, path: string, what: string, params: Record<string, unknown> = {}): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject({ error: 'ETIMEDOUT', message: `no answer within ${o.timeoutMs} ms` }), o.timeoutMs);
    });
    try {
      return (await Promise.race([client.requestPromised(method, path, params), timeout])) as T;
    } catch (err) {
      throw failure(err, what);
    } finally {
      clearTimeout(timer);
    }
  }

  function failure(err: unknown, what: string): DnsProviderError {
    const e = (err ?? {}) as { error?: unknown; message?: unknown };
    const status = typeof e.error === 'number' && e.error >= 100 && e.error < 600 ? e.error : undefined;
    const message = typeof e.message === 'string' ? e.message : '';
    if (status === undefined) {
      // A socket error (errno), the SDK's own trouble ('[OVH] Unable to fetch OVH API time') or our time limit.
      const reason = typeof e.error === 'number' ? safeErrorName(e.error) : String(e.error ?? err);
      return new DnsProviderError(`${TITLE} API (${o.where}) unreachable while trying to ${what}: ${reason}${message ? ` ${message}` : ''}`, {
        provider: PROVIDER,
        retryable: true,
        cause: err,
      });
    }
    const detail = `HTTP ${status}: ${message || '(no message)'}`;
    const base = { provider: PROVIDER, status, cause: err };
    if (status === 429) {
      // The SDK passes on no headers, so there is no Retry-After to read: wait the default.
      return new DnsProviderError(`${TITLE} asked to slow down while trying to ${what} (${detail}); trying again in ${DEFAULT_RATE_LIMIT_WAIT_MS / 1000} s`, {
        ...base,
        retryable: true,
        retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS,
      });
    }
    if (status === 400 || status === 401 || status === 403) {
      const refused = refusedSetting(message);
      if (refused) return new DnsProviderError(`${TITLE} refused the ${refused} (${detail}); check ${refused}`, { ...base, retryable: false });
      if (/not been granted/i.test(message)) {
        return new DnsProviderError(`${TITLE} did not let the consumer key ${what} (${detail}); check consumer_key: it needs ${RIGHTS}`, { ...base, retryable: false });
      }
    }
    const hint = status === 404 ? `; is the zone still on this OVH account (${o.where})?` : '';
    return new DnsProviderError(`${TITLE} refused to ${what} (${detail})${hint}`, { ...base, retryable: isRetryableStatus(status) });
  }

  const zonePath = (zone: ProviderZone) => `/domain/zone/${encodeURIComponent(zone.id)}`;

  async function refresh(zone: ProviderZone): Promise<void> {
    unrefreshed.add(zone.id);
    await call('POST', `${zonePath(zone)}/refresh`, `apply the changes to zone ${zone.name}`);
    unrefreshed.delete(zone.id);
  }

  async function readRecords(zone: ProviderZone, fqdn: string): Promise<OvhRecord[]> {
    const subDomain = relativeName(fqdn, zone.name);
    const ids = await call<number[]>('GET', `${zonePath(zone)}/record`, `list TXT records at ${fqdn}`, { fieldType: 'TXT', subDomain });
    const records = await Promise.all((ids ?? []).map((id) => call<OvhRecord>('GET', `${zonePath(zone)}/record/${id}`, `read TXT record ${id} at ${fqdn}`)));
    // subDomain filters with "like": keep the exact name only.
    return records.filter((r) => r && r.fieldType === 'TXT' && r.subDomain.toLowerCase() === subDomain);
  }

  const api: RecordSetApi = {
    async listZones() {
      const names = await call<string[]>('GET', '/domain/zone', 'list zones');
      return (names ?? []).map((name) => ({ name, id: name }));
    },
    async readTxt(zone, fqdn) {
      // A retry after a failed refresh finds the records already changed and writes nothing: refresh here.
      if (unrefreshed.has(zone.id)) await refresh(zone);
      const records = await readRecords(zone, fqdn);
      return { values: [...new Set(records.map((r) => unquoteTxt(r.target)))], ttl: records[0]?.ttl ?? null, raw: records };
    },
    async writeTxt(zone, fqdn, values, ttl, current) {
      const records = current.raw as OvhRecord[];
      unrefreshed.add(zone.id);
      const kept = new Set<string>();
      for (const r of records) {
        const value = unquoteTxt(r.target);
        if (values.includes(value) && !kept.has(value)) kept.add(value);
        else await call('DELETE', `${zonePath(zone)}/record/${r.id}`, `delete a TXT record at ${fqdn}`);
      }
      const subDomain = relativeName(fqdn, zone.name);
      for (const target of values) {
        if (!kept.has(target)) await call('POST', `${zonePath(zone)}/record`, `add a TXT record at ${fqdn}`, { fieldType: 'TXT', subDomain, target, ttl });
      }
      await refresh(zone);
    },
  };

  return createRecordSetProvider({ name: PROVIDER, title: TITLE, api, ttl: o.ttl, now: o.now });
}

/** Which setting an OVH authentication error names: 'Invalid application key', 'This credential is not valid', 'Invalid signature'. */
function refusedSetting(message: string): string | undefined {
  if (/application key/i.test(message)) return 'application_key';
  if (/credential/i.test(message)) return 'consumer_key';
  if (/signature/i.test(message)) return 'application_secret';
  return undefined;
}

function safeErrorName(errno: number): string {
  try {
    return getSystemErrorName(errno);
  } catch {
    return `errno ${errno}`;
  }
}
