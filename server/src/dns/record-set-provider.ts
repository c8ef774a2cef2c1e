import { DnsProviderError, createKeyedLock, normalizeFqdn, type DnsProvider } from './dns-provider.js';

/** A zone as a provider's API names it. */
export interface ProviderZone {
  /** Zone name, lower case, no trailing dot. */
  name: string;
  /** What the vendor's API calls it by (an id, or the name again). */
  id: string;
}

/** The TXT record set at one name: its values (unquoted) and TTL in seconds; null TTL when there is none. */
export interface TxtRecordSet {
  values: string[];
  ttl: number | null;
  /**
   * The set as the vendor's API gave it (record ids, the exact rrset a delete must name), handed back to
   * writeTxt: the write that follows under the same lock needs no second read and no memory of its own.
   */
  raw?: unknown;
}

/**
 * The three calls a vendor's DNS API gives (cert-manager's and lego's providers reduce to them): list the
 * zones the credentials can see (every page), read the TXT record set at a name, write it whole (an
 * empty list deletes it), given the set just read. Errors are DnsProviderError, `retryable` for network trouble, 5xx and rate
 * limits (with `retryAfterMs` when the vendor says how long).
 */
export interface RecordSetApi {
  listZones(): Promise<ProviderZone[]>;
  readTxt(zone: ProviderZone, fqdn: string): Promise<TxtRecordSet>;
  /** Writes `values` (empty: deletes the set); `current` is what readTxt just gave for this name, under the same lock. */
  writeTxt(zone: ProviderZone, fqdn: string, values: string[], ttl: number, current: TxtRecordSet): Promise<void>;
}

export interface RecordSetProviderOptions {
  /** Provider name, e.g. 'route53'. */
  name: string;
  /** Name to show a person, e.g. 'Amazon Route 53'. */
  title: string;
  api: RecordSetApi;
  /** TTL of a new TXT record set, in s (default 60). A set already there keeps its TTL (RFC 2181 section 5.2). */
  ttl?: number;
  /** How long the zone list is reused, in ms (default 60000); a name in no listed zone lists again first. */
  zoneCacheMs?: number;
  now?: () => number;
}

/**
 * A DNS-01 provider from a vendor's record-set API: finds the zone as the longest suffix of the name
 * among the zones the credentials see, and keeps several values at one name (an apex and its wildcard
 * share `_acme-challenge`) by reading the TXT set and writing it back whole; writes to one name are
 * serialised in this process (the record lock serialises them across processes). Idempotent.
 */
export function createRecordSetProvider(o: RecordSetProviderOptions): DnsProvider {
  const now = o.now ?? Date.now;
  const cacheMs = o.zoneCacheMs ?? 60_000;
  const ttl = o.ttl ?? 60;
  const withLock = createKeyedLock();
  let cache: { at: number; zones: ProviderZone[] } | null = null;

  async function zones(fresh: boolean): Promise<ProviderZone[]> {
    if (!fresh && cache && now() - cache.at < cacheMs) return cache.zones;
    const list = (await o.api.listZones()).map((z) => ({ ...z, name: normalizeFqdn(z.name) }));
    cache = { at: now(), zones: list };
    return list;
  }

  async function findZone(fqdn: string): Promise<ProviderZone> {
    const pick = (list: ProviderZone[]) =>
      list.filter((z) => fqdn === z.name || fqdn.endsWith(`.${z.name}`)).sort((a, b) => b.name.length - a.name.length)[0];
    const zone = pick(await zones(false)) ?? pick(await zones(true));
    if (!zone) {
      throw new DnsProviderError(`${o.title} has no zone for ${fqdn} that these credentials can see; add the zone there, or delegate _acme-challenge elsewhere`, {
        provider: o.name,
        retryable: false,
        noZone: true,
      });
    }
    return zone;
  }

  async function change(fqdn: string, edit: (values: string[]) => string[]): Promise<void> {
    const name = normalizeFqdn(fqdn);
    await withLock(name, async () => {
      const zone = await findZone(name);
      const current = await o.api.readTxt(zone, name);
      const next = edit(current.values);
      if (next.length === current.values.length && next.every((v, i) => v === current.values[i])) return;
      await o.api.writeTxt(zone, name, next, current.ttl ?? ttl, current);
    });
  }

  return {
    name: o.name,
    present: (fqdn, value) => change(fqdn, (values) => (values.includes(value) ? values : [...values, value])),
    cleanUp: (fqdn, value) => change(fqdn, (values) => values.filter((v) => v !== value)),
    async verify() {
      await zones(true);
    },
  };
}
