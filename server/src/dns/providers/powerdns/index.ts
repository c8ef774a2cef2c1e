import { DnsProviderError, createKeyedLock, isRetryableStatus, normalizeFqdn, type DnsProvider } from '../../dns-provider.js';
import { resolvePowerDnsOptions, type PowerDnsProviderOptions } from './options.js';

export type { PowerDnsProviderOptions } from './options.js';

const PROVIDER = 'powerdns';

interface Zone {
  /** Zone name with trailing dot, lower case. */
  name: string;
  /** Id to use in URLs. */
  id: string;
}

interface RRSet {
  name: string;
  type: string;
  ttl?: number;
  records: Array<{ content: string; disabled?: boolean }>;
}

/** TXT content as PowerDNS stores it: one quoted character-string, with `"` and `\` escaped. */
const quoteTxt = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** Back from PowerDNS TXT content (possibly several quoted strings) to the value. */
function unquoteTxt(content: string): string {
  const parts = content.match(/"((?:[^"\\]|\\.)*)"/g);
  if (!parts) return content;
  return parts.map((p) => p.slice(1, -1).replace(/\\(.)/g, '$1')).join('');
}

/**
 * DNS-01 provider for the PowerDNS Authoritative Server API. Finds the zone by longest suffix among
 * the server's zones, reads the TXT rrset and writes it back whole (changetype REPLACE), so several
 * challenge values can share one name. Updates of one name are serialised inside this process.
 */
export function createPowerDnsProvider(options: PowerDnsProviderOptions): DnsProvider {
  const o = resolvePowerDnsOptions(options);
  const base = `${o.apiUrl}/api/v1/servers/${encodeURIComponent(o.serverId)}`;
  const withLock = createKeyedLock();
  let zoneCache: { at: number; zones: Zone[] } | null = null;

  async function api(method: string, path: string, what: string, body?: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const res = await send(method, path, what, body);
      if (res.status >= 500 && attempt < o.quickRetries) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 130));
        continue;
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) throw httpError(res.status, text, what);
      return text ? JSON.parse(text) : undefined;
    }
  }

  async function send(method: string, path: string, what: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await o.fetch(base + path, {
        method,
        headers: { 'X-API-Key': o.apiKey, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : describeNetworkError(err);
      throw new DnsProviderError(`PowerDNS API at ${o.apiUrl} unreachable while trying to ${what}: ${reason}`, {
        provider: PROVIDER,
        retryable: true,
        cause: err,
      });
    }
    return res;
  }

  function httpError(status: number, text: string, what: string): DnsProviderError {
    let detail = text.slice(0, 300);
    try {
      detail = (JSON.parse(text) as { error?: string }).error ?? detail;
    } catch {
      // not JSON: keep the text
    }
    const hint =
      status === 401 || status === 403
        ? 'PowerDNS rejected the API key; check powerdns.apiKey and the server\'s api-key'
        : status === 404
          ? `PowerDNS has no such server or zone (check powerdns.serverId "${o.serverId}")`
          : `PowerDNS refused to ${what}`;
    return new DnsProviderError(`${hint} (HTTP ${status}: ${detail})`, {
      provider: PROVIDER,
      retryable: isRetryableStatus(status),
      status,
    });
  }

  async function listZones(fresh: boolean): Promise<Zone[]> {
    if (!fresh && zoneCache && o.now() - zoneCache.at < o.zoneCacheMs) return zoneCache.zones;
    const list = (await api('GET', '/zones', 'list zones')) as Array<{ name: string; id: string }>;
    const zones = list.map((z) => ({ name: z.name.toLowerCase(), id: z.id }));
    zoneCache = { at: o.now(), zones };
    return zones;
  }

  /** The zone whose name is the longest suffix of `fqdn`; lists zones again before giving up. */
  async function findZone(fqdn: string): Promise<Zone> {
    const name = `${fqdn}.`;
    const pick = (zones: Zone[]) =>
      zones.filter((z) => name === z.name || name.endsWith(`.${z.name}`)).sort((a, b) => b.name.length - a.name.length)[0];
    const zone = pick(await listZones(false)) ?? pick(await listZones(true));
    if (!zone) {
      throw new DnsProviderError(`PowerDNS has no zone for ${fqdn}; create the zone or delegate it`, {
        provider: PROVIDER,
        retryable: false,
        noZone: true,
      });
    }
    return zone;
  }

  /** The TXT values at `fqdn` and the rrset's TTL (null when there is no rrset). */
  async function currentValues(zone: Zone, fqdn: string): Promise<{ values: string[]; ttl: number | null }> {
    // rrset_name/rrset_type narrow the answer on PowerDNS >= 4.8; older servers send the whole zone.
    const query = `?rrset_name=${encodeURIComponent(`${fqdn}.`)}&rrset_type=TXT`;
    const z = (await api('GET', `/zones/${encodeURIComponent(zone.id)}${query}`, `read TXT ${fqdn}`)) as { rrsets?: RRSet[] };
    const set = (z.rrsets ?? []).find((r) => r.type === 'TXT' && r.name.toLowerCase() === `${fqdn}.`);
    return { values: (set?.records ?? []).map((r) => unquoteTxt(r.content)), ttl: set?.ttl ?? null };
  }

  /**
   * Writes the whole TXT rrset. An rrset has one TTL (RFC 2181 section 5.2): one that was already there
   * (values the customer had at that name) keeps its TTL; a new one gets the provider's.
   */
  async function write(zone: Zone, fqdn: string, values: string[], ttl: number | null): Promise<void> {
    const rrset =
      values.length === 0
        ? { name: `${fqdn}.`, type: 'TXT', changetype: 'DELETE' }
        : {
            name: `${fqdn}.`,
            type: 'TXT',
            ttl: ttl ?? o.ttl,
            changetype: 'REPLACE',
            records: values.map((v) => ({ content: quoteTxt(v), disabled: false })),
          };
    await api('PATCH', `/zones/${encodeURIComponent(zone.id)}`, `update TXT ${fqdn}`, { rrsets: [rrset] });
  }

  return {
    name: PROVIDER,
    async verify() {
      await listZones(true);
    },
    async present(fqdn, value) {
      const name = normalizeFqdn(fqdn);
      await withLock(name, async () => {
        const zone = await findZone(name);
        const { values, ttl } = await currentValues(zone, name);
        if (!values.includes(value)) await write(zone, name, [...values, value], ttl);
      });
    },
    async cleanUp(fqdn, value) {
      const name = normalizeFqdn(fqdn);
      await withLock(name, async () => {
        const zone = await findZone(name);
        const { values, ttl } = await currentValues(zone, name);
        if (values.includes(value)) await write(zone, name, values.filter((v) => v !== value), ttl);
      });
    },
  };
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
