import net from 'node:net';
import type { DnsClient } from './dns-client.js';
import { normalizeName, resolveHost } from './resolve.js';

export interface CheckTxtPropagatedOptions {
  /** Asks the resolvers (zone and nameserver discovery) and, directly, the authoritative servers. */
  client: DnsClient;
  /** Name of the TXT record, e.g. `_acme-challenge.example.com`. */
  fqdn: string;
  /** The TXT value that must be visible. */
  value: string;
  /** Port asked on every authoritative server (default 53). */
  authoritativePort?: number;
  /** Also ask nameservers at their IPv6 addresses (default false: many hosts have no IPv6 route). */
  ipv6?: boolean;
  /** Most CNAMEs followed from `fqdn` (default 8). */
  maxCnames?: number;
  /** Remembers each zone's nameservers between checks (see NameserverCache); asked afresh without it. */
  nameservers?: NameserverCache;
}

type Lookup = Awaited<ReturnType<typeof authoritativeServers>>;
type Nameservers = Omit<Lookup, 'ttlS'>;

/**
 * A zone's authoritative servers, kept for the NS records' TTL (at most `maxMs`): the NS and address
 * lookups were half of the queries of a propagation check, and every order in a zone repeats them.
 * Only complete answers are kept (every nameserver resolved), so a zone being fixed is asked again.
 */
export class NameserverCache {
  private readonly entries = new Map<string, { until: number; value: Nameservers }>();

  constructor(
    private readonly maxMs = 60_000,
    private readonly maxZones = 10_000,
  ) {}

  async get(key: string, load: () => Promise<Lookup>): Promise<Nameservers> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const { ttlS, ...value } = await load();
    this.entries.delete(key);
    if (value.servers.length > 0 && value.unresolved.length === 0 && ttlS > 0) {
      if (this.entries.size >= this.maxZones) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { until: now + Math.min(this.maxMs, ttlS * 1000), value });
    }
    return value;
  }
}

export interface PropagationResult {
  /** True only when every authoritative server of the zone answers with the value. */
  visible: boolean;
  /** What was checked, or which server lacks the value. */
  detail: string;
  /** The name finally checked: `fqdn`, or the end of its CNAME chain (CNAME-delegated challenges). */
  name: string;
  zone?: string;
  /** 'ip:port' of every authoritative server asked. */
  servers?: string[];
}

const parentOf = (name: string) => (name.includes('.') ? name.slice(name.indexOf('.') + 1) : '');
const hostPort = (ip: string, port: number) => (net.isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * Follows CNAMEs at `name` through the resolvers; returns the last name of the chain (`name` itself
 * without a CNAME). Used to publish a challenge where a customer delegated `_acme-challenge` (RFC 8555
 * section 8.4 validation follows CNAMEs, as Let's Encrypt does), and to check it there. A name for
 * which `known(name)` is true ends the chain without a question (a zone known to hold no CNAMEs).
 */
export async function followCnames(client: DnsClient, name: string, max: number, known?: (name: string) => boolean): Promise<string> {
  const seen = [name];
  let current = name;
  for (;;) {
    if (known?.(current)) return current;
    const res = await client.query(current, 'CNAME');
    const cname = res.answers.find((r) => r.type === 'CNAME' && normalizeName(r.name) === current);
    if (!cname) return current;
    current = normalizeName(cname.data);
    if (seen.includes(current)) throw new Error(`CNAME loop at ${current}`);
    if (seen.push(current) > max + 1) throw new Error(`more than ${max} CNAMEs from ${name}`);
  }
}

/** The zone holding `name`: walks up asking for SOA; an SOA in the authority section names the zone at once. */
export async function findZoneApex(client: DnsClient, name: string): Promise<string | null> {
  for (let candidate = name; candidate; candidate = parentOf(candidate)) {
    const res = await client.query(candidate, 'SOA');
    if (res.answers.some((r) => r.type === 'SOA' && normalizeName(r.name) === candidate)) return candidate;
    const soa = res.authorities.find((r) => r.type === 'SOA');
    if (soa && (candidate === normalizeName(soa.name) || candidate.endsWith(`.${normalizeName(soa.name)}`))) {
      return normalizeName(soa.name);
    }
  }
  return null;
}

/**
 * Every authoritative server of `zone` as 'ip:port', with the NS name it came from; `unresolved` lists
 * NS names without a usable address, `ttlS` is the lowest NS TTL in seconds. Rejects when no resolver answers.
 */
export async function authoritativeServers(client: DnsClient, zone: string, port: number, ipv6: boolean) {
  const ns = await client.query(zone, 'NS');
  const records = ns.answers.filter((r) => r.type === 'NS' && normalizeName(r.name) === zone);
  const hosts = records.map((r) => normalizeName(r.data));
  const servers: Array<{ host: string; address: string }> = [];
  const unresolved: string[] = [];
  for (const host of hosts) {
    const { addresses } = await resolveHost(client, host);
    const usable = addresses.filter((a) => ipv6 || net.isIPv4(a));
    if (usable.length === 0) unresolved.push(host);
    for (const a of usable) {
      const address = hostPort(a, port);
      if (!servers.some((s) => s.address === address)) servers.push({ host, address });
    }
  }
  return { hosts, servers, unresolved, ttlS: Math.min(...records.map((r) => r.ttl)) };
}

/**
 * Is the TXT `value` at `fqdn` served by every authoritative nameserver of its zone?
 * Asks each server directly (no resolver caches in between), after following any CNAME at `fqdn`.
 * Never throws for DNS trouble on the servers; a resolver that does not answer at all rejects.
 */
export async function checkTxtPropagated(opts: CheckTxtPropagatedOptions): Promise<PropagationResult> {
  const { client, value } = opts;
  const port = opts.authoritativePort ?? 53;
  const fqdn = normalizeName(opts.fqdn);
  // The zone of `fqdn` is looked up while its CNAME is: with no CNAME (the usual case) that is one round trip less.
  const apexOfFqdn = findZoneApex(client, fqdn);
  apexOfFqdn.catch(() => undefined); // unused when a CNAME leads elsewhere; awaited (and thrown) otherwise
  const name = await followCnames(client, fqdn, opts.maxCnames ?? 8);
  const via = name === fqdn ? '' : ` (CNAME from ${fqdn})`;

  const zone = name === fqdn ? await apexOfFqdn : await findZoneApex(client, name);
  if (!zone) return { visible: false, name, detail: `no zone found for ${name}${via}: no SOA up to the root` };
  const ipv6 = opts.ipv6 ?? false;
  const lookup = () => authoritativeServers(client, zone, port, ipv6);
  const { hosts, servers, unresolved } = opts.nameservers ? await opts.nameservers.get(`${zone} ${port} ${ipv6}`, lookup) : await lookup();
  if (hosts.length === 0) return { visible: false, name, zone, detail: `zone ${zone} has no NS records` };
  if (servers.length === 0) {
    return { visible: false, name, zone, detail: `no address for the nameservers of ${zone} (${unresolved.join(', ')})` };
  }

  const lacking: string[] = [];
  await Promise.all(
    servers.map(async (s) => {
      try {
        const res = await client.query(name, 'TXT', s.address);
        const values = res.answers.filter((r) => r.type === 'TXT' && normalizeName(r.name) === name).map((r) => r.data);
        if (!values.includes(value)) {
          const has = values.length > 0 ? `has ${values.map((v) => JSON.stringify(v)).join(', ')}` : res.rcode;
          lacking.push(`${s.host} (${s.address}) lacks it: ${has}`);
        }
      } catch (err) {
        lacking.push(`${s.host} (${s.address}) did not answer: ${(err as Error).message}`);
      }
    }),
  );
  const addresses = servers.map((s) => s.address);
  if (lacking.length > 0) {
    return { visible: false, name, zone, servers: addresses, detail: `TXT ${name}${via}: ${lacking.sort().join('; ')}` };
  }
  return {
    visible: true,
    name,
    zone,
    servers: addresses,
    detail: `TXT ${name}${via} is served by all ${servers.length} authoritative server(s) of ${zone}`,
  };
}
