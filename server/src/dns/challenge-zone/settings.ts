import net from 'node:net';
import { parseServer, type DnsServerAddress } from '../dns-client.js';

/**
 * certplane's own authoritative server for the challenge zone (`CERTPLANE_CHALLENGE_ZONE`), acme-dns
 * style: customers CNAME `_acme-challenge.<hostname>` to a name in it once, and every order writes its
 * TXT values there (rows in Postgres) for every process serving the zone to answer.
 */
export interface ChallengeServerSettings {
  /** The zone, lower case, no trailing dot (CERTPLANE_CHALLENGE_ZONE). */
  zone: string;
  /**
   * `CERTPLANE_CHALLENGE_DNS_LISTEN`: `ip:port,...` (IPv6 as `[::1]:5353`; port 53 when left out) this
   * process answers on over UDP and TCP, in the `all`, `worker` and `dns` roles. Empty: this process
   * does not answer (it still writes the zone's records, for the processes that do).
   */
  listen: DnsServerAddress[];
  /**
   * `CERTPLANE_CHALLENGE_DNS_NS`: the zone's nameservers, `name=ip,...` (repeat a name for each of its
   * addresses; a name outside the zone needs none). Answered as the zone's NS records, with the addresses
   * of names inside the zone as A/AAAA (the glue the parent zone must carry too). Default: `ns1.<zone>`
   * at the listen addresses' IPs.
   */
  nameservers: Array<{ name: string; addresses: string[] }>;
  /** `CERTPLANE_CHALLENGE_DNS_HOSTMASTER` (default `hostmaster.<zone>`): the SOA's RNAME, as a DNS name (`a@b.c` is taken as `a.b.c`). */
  hostmaster: string;
  /**
   * `CERTPLANE_CHALLENGE_DNS_TTL` seconds (default 1): TTL of the TXT answers and of "no such record"
   * (the SOA's minimum, RFC 2308), so a resolver never answers a renewal with the last order's values.
   */
  ttlS: number;
  /**
   * `CERTPLANE_CHALLENGE_DNS_RATE_LIMIT` (default 100): UDP responses per second to one source network
   * (IPv4 /24, IPv6 /56), with a burst of as many; past it, every 2nd response is a truncated one (TC=1,
   * the client may retry over TCP, which is not limited) and the others are dropped. 0 = no limit.
   */
  rateLimit: number;
}

type Env = Record<string, string | undefined>;

const NAME = /^([a-z0-9_-]{1,63}\.)+[a-z0-9-]{1,63}$/;
const normal = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');
const under = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);
const unspecified = (ip: string) => ip === '0.0.0.0' || net.isIPv6(ip) && /^[0:]+$/.test(ip);

/**
 * The challenge server's settings, or undefined when certplane does not serve the zone (neither
 * CERTPLANE_CHALLENGE_DNS_LISTEN nor CERTPLANE_CHALLENGE_DNS_NS is set: the DNS provider hosts it, as
 * before). Problems are pushed onto `problems` (config.ts reports them all at once).
 */
export function challengeServerFromEnv(env: Env, zone: string | undefined, problems: string[]): ChallengeServerSettings | undefined {
  const listenRaw = env.CERTPLANE_CHALLENGE_DNS_LISTEN ?? '';
  const nsRaw = env.CERTPLANE_CHALLENGE_DNS_NS ?? '';
  if (!listenRaw.trim() && !nsRaw.trim()) return undefined;
  if (!zone) {
    problems.push('CERTPLANE_CHALLENGE_DNS_LISTEN and CERTPLANE_CHALLENGE_DNS_NS need CERTPLANE_CHALLENGE_ZONE (the zone to serve)');
    return undefined;
  }
  const listen: DnsServerAddress[] = [];
  for (const entry of listenRaw.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const address = parseServer(entry);
      if (address.port > 65535) throw new Error('port');
      listen.push(address);
    } catch {
      problems.push(`CERTPLANE_CHALLENGE_DNS_LISTEN: "${entry}" is not ip[:port] (IPv6 as [::1]:5353)`);
    }
  }

  const nameservers: ChallengeServerSettings['nameservers'] = [];
  for (const entry of nsRaw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = normal(eq < 0 ? entry : entry.slice(0, eq));
    const address = eq < 0 ? undefined : entry.slice(eq + 1).trim();
    if (!NAME.test(name)) {
      problems.push(`CERTPLANE_CHALLENGE_DNS_NS: "${name}" is not a host name`);
      continue;
    }
    if (address !== undefined && !net.isIP(address)) {
      problems.push(`CERTPLANE_CHALLENGE_DNS_NS: "${address}" (for ${name}) is not an IP address`);
      continue;
    }
    let ns = nameservers.find((n) => n.name === name);
    if (!ns) nameservers.push((ns = { name, addresses: [] }));
    if (address && !ns.addresses.includes(address)) ns.addresses.push(address);
  }
  if (!nsRaw.trim()) {
    const addresses = [...new Set(listen.map((l) => l.host).filter((h) => !unspecified(h)))];
    if (addresses.length) nameservers.push({ name: `ns1.${zone}`, addresses });
    else if (listen.length) problems.push('CERTPLANE_CHALLENGE_DNS_NS is required when CERTPLANE_CHALLENGE_DNS_LISTEN has no specific address (0.0.0.0 or ::): name the zone\'s nameservers and their addresses, e.g. ns1.' + zone + '=192.0.2.53');
  }
  for (const ns of nameservers) {
    if (under(ns.name, zone) && ns.addresses.length === 0) {
      problems.push(`CERTPLANE_CHALLENGE_DNS_NS: ${ns.name} is inside ${zone}, so it needs an address (${ns.name}=ip), answered as glue`);
    }
  }

  let hostmaster = normal(env.CERTPLANE_CHALLENGE_DNS_HOSTMASTER || `hostmaster.${zone}`);
  if (/^[^@.]+@/.test(hostmaster)) hostmaster = hostmaster.replace('@', '.');
  if (!NAME.test(hostmaster)) problems.push(`CERTPLANE_CHALLENGE_DNS_HOSTMASTER=${env.CERTPLANE_CHALLENGE_DNS_HOSTMASTER} is not a mailbox (hostmaster@example.com) or a DNS name`);

  return {
    zone,
    listen,
    nameservers,
    hostmaster,
    ttlS: intSetting(env, 'CERTPLANE_CHALLENGE_DNS_TTL', 1, 0, 86_400, problems),
    rateLimit: intSetting(env, 'CERTPLANE_CHALLENGE_DNS_RATE_LIMIT', 100, 0, 1_000_000, problems),
  };
}

function intSetting(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}=${raw} must be an integer from ${min} to ${max}`);
    return def;
  }
  return n;
}

/** True when certplane serves the challenge zone and `fqdn` (normalised) is at or under it. */
export function inChallengeZone(settings: ChallengeServerSettings | undefined, fqdn: string): boolean {
  return !!settings && under(fqdn, settings.zone);
}
