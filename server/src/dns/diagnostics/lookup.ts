import { getPublicSuffix } from 'tldts';
import type { DnsClient, DnsQueryType, DnsResponse } from '../dns-client.js';
import { authoritativeServers, findZoneApex, followCnames } from '../propagation.js';
import { normalizeName, resolveHost } from '../resolve.js';
import { caaSearchNames, caaText, parseCaaData, type CaaLookup, type CaaRecord } from './caa.js';

/**
 * Gathers what a DNS diagnosis looks at, asking independent questions at the same time:
 * - addresses and CNAME chain through the resolvers (what the platform's users and the CA see);
 * - CAA through the resolvers, at the name and each parent at once (RFC 8659 section 3);
 * - zone, SOA, NS, the `_acme-challenge` and ownership records straight from the zone's
 *   authoritative servers (fresh, no resolver cache), falling back to the resolvers.
 * Never rejects for DNS trouble: every failure is kept, as text, for diagnose.ts to explain.
 */

/** The label put in front of a wildcard's base to check its addresses: `*.example.com` -> `certplane-check.example.com`. */
export const WILDCARD_PROBE_LABEL = 'certplane-check';

/** Where an answer came from: a server of the zone asked directly, or the configured resolvers. */
export type LookupSource = 'authoritative' | 'resolvers';

export interface AddressLookup {
  /** The name asked: the host name, or the probe name under a wildcard. */
  name: string;
  /** CNAME targets followed from `name`, in order (lower case, no trailing dot). */
  cnames: string[];
  /** A then AAAA addresses of the end of the chain, each sorted (answers come in any order). */
  addresses: string[];
  /** Rcode of the A query ('NOERROR', 'NXDOMAIN', 'SERVFAIL', ...); '' when no resolver answered. */
  rcode: string;
  /** Why the chain could not be followed; null when it could. */
  failure: { kind: 'CnameLoop' | 'CnameChainTooLong' | 'NoAnswer'; detail: string } | null;
}

/** The records at one name, asked with a TXT query (which also shows a CNAME there). */
export interface NameLookup {
  name: string;
  /** The CNAME target at `name` (lower case, no trailing dot), or null. */
  cname: string | null;
  /** TXT values owned by `name` itself (strings of one record joined), sorted. */
  txt: string[];
  /** Rcode of the answer used; '' when nobody answered. */
  rcode: string;
  source: LookupSource;
  /** 'ip:port' that answered; null when nobody did. */
  server: string | null;
  /** Why there is no usable answer (nobody answered, SERVFAIL, ...); null when there is one. */
  error: string | null;
}

export interface ZoneLookup {
  /** The zone apex holding the host name; null when none was found (see `problem`). */
  zone: string | null;
  soa: { mname: string; rname: string; serial: number } | null;
  /** NS host names of the zone, sorted. */
  nameservers: string[];
  /** 'ip:port' of each authoritative server asked (IPv4 only). */
  servers: string[];
  /**
   * Why the zone or its servers are unknown: NotFound (no SOA up to the root, or only a TLD's: the
   * domain is not registered or not delegated), NoAnswer (the resolvers did not answer), or
   * NameserversUnreachable (no NS, no address for them, or none answers); null when fine.
   */
  problem: { kind: 'NotFound' | 'NoAnswer' | 'NameserversUnreachable'; detail: string } | null;
}

export interface DomainLookup {
  /** The normalised host name, maybe `*.example.com`. */
  hostname: string;
  /** `hostname` without its `*.`: where `_acme-challenge` and CAA are looked up. */
  baseName: string;
  address: AddressLookup;
  acmeChallenge: NameLookup;
  ownership: NameLookup;
  /** One CAA lookup per name of caaSearchNames(baseName), in search order; records sorted by their text. */
  caa: CaaLookup[];
  zone: ZoneLookup;
}

export interface LookupDomainOptions {
  client: DnsClient;
  hostname: string;
  ownershipName: string;
  /** Port asked on authoritative servers (default 53). */
  authoritativePort?: number;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const USABLE = new Set(['NOERROR', 'NXDOMAIN']);

/** The words of resolveHost and followCnames for a broken chain: 'CNAME loop at ...', 'more than N CNAMEs from ...'. */
function chainFailure(detail: string): 'CnameLoop' | 'CnameChainTooLong' | null {
  return /^CNAME loop/.test(detail) ? 'CnameLoop' : /^more than \d+ CNAMEs/.test(detail) ? 'CnameChainTooLong' : null;
}

async function lookupAddresses(client: DnsClient, name: string): Promise<AddressLookup> {
  try {
    const { cnames, addresses, rcode } = await resolveHost(client, name);
    const sorted = [...addresses.filter((a) => !a.includes(':')).sort(), ...addresses.filter((a) => a.includes(':')).sort()];
    if (rcode !== 'SERVFAIL') return { name, cnames, addresses: sorted, rcode, failure: null };
    // Resolvers (PowerDNS too) answer SERVFAIL to a CNAME loop: follow the chain one CNAME query at a time to tell.
    const detail = await followCnames(client, name, 8).then(
      () => null,
      (err: unknown) => message(err),
    );
    const kind = detail === null ? null : chainFailure(detail);
    return { name, cnames, addresses: sorted, rcode, failure: kind ? { kind, detail: detail! } : null };
  } catch (err) {
    const detail = message(err);
    return { name, cnames: [], addresses: [], rcode: '', failure: { kind: chainFailure(detail) ?? 'NoAnswer', detail } };
  }
}

/** The CAA answers at each name of the RFC 8659 search for `baseName` (no leading `*.`), asked at once through the resolvers, as a CA asks. */
export async function lookupCaa(client: DnsClient, baseName: string): Promise<CaaLookup[]> {
  return Promise.all(
    caaSearchNames(baseName).map(async (name): Promise<CaaLookup> => {
      try {
        const res = await client.query(name, 'CAA');
        if (!USABLE.has(res.rcode)) return { name, error: `${res.rcode} from ${res.server}` };
        // A CNAME at `name` is followed by the resolver: the CAA records are then owned by its target.
        const records = res.answers
          .filter((r) => r.type === 'CAA')
          .map((r) => parseCaaData(normalizeName(r.name), r.data))
          .filter((r): r is CaaRecord => r !== null)
          .sort((a, b) => caaText(a).localeCompare(caaText(b)));
        return { name, records };
      } catch (err) {
        return { name, error: message(err) };
      }
    }),
  );
}

type Servers = Array<{ host: string; address: string }>;
type Answer = { res: DnsResponse | null; source: LookupSource; error: string | null };

/**
 * Asks the zone's servers in turn, then the resolvers: when `name` is outside the zone, when no server
 * answers usefully, or when one answers without authority (a referral to a delegated child zone).
 */
async function askZone(client: DnsClient, zone: string | null, servers: Servers, name: string, type: DnsQueryType): Promise<Answer> {
  const problems: string[] = [];
  if (zone && (name === zone || name.endsWith(`.${zone}`))) {
    for (const s of servers) {
      try {
        const res = await client.query(name, type, s.address);
        if (USABLE.has(res.rcode) && res.authoritative) return { res, source: 'authoritative', error: null };
        if (USABLE.has(res.rcode)) break;
        problems.push(`${s.host} (${s.address}) answered ${res.rcode}`);
      } catch (err) {
        problems.push(`${s.host} (${s.address}): ${message(err)}`);
      }
    }
  }
  try {
    const res = await client.query(name, type);
    if (USABLE.has(res.rcode)) return { res, source: 'resolvers', error: null };
    problems.push(`the resolvers answered ${res.rcode}`);
    return { res, source: 'resolvers', error: problems.join('; ') };
  } catch (err) {
    problems.push(message(err));
    return { res: null, source: 'resolvers', error: problems.join('; ') };
  }
}

function nameLookup(name: string, a: Answer): NameLookup {
  const own = (a.res?.answers ?? []).filter((r) => normalizeName(r.name) === name);
  const cname = own.find((r) => r.type === 'CNAME');
  return {
    name,
    cname: cname ? normalizeName(cname.data) : null,
    txt: own
      .filter((r) => r.type === 'TXT')
      .map((r) => r.data)
      .sort(),
    rcode: a.res?.rcode ?? '',
    source: a.source,
    server: a.res?.server ?? null,
    error: a.error,
  };
}

/** Zone, nameservers and SOA, then the TXT lookups at `names`, from the authoritative servers. */
async function lookupAtZone(client: DnsClient, baseName: string, names: string[], port: number) {
  let zone: string | null = null;
  let servers: Servers = [];
  let nameservers: string[] = [];
  let problem: ZoneLookup['problem'] = null;
  try {
    const apex = await findZoneApex(client, baseName);
    // An ICANN suffix's SOA comes back for a domain nobody registered (NXDOMAIN from the TLD): not the domain's zone.
    if (!apex) problem = { kind: 'NotFound', detail: `no SOA record for ${baseName} or any parent` };
    else if (getPublicSuffix(apex, { allowPrivateDomains: false }) === apex) {
      problem = { kind: 'NotFound', detail: `the nearest zone is the public suffix ${apex}` };
    } else {
      zone = apex;
      const found = await authoritativeServers(client, zone, port, false);
      ({ servers } = found);
      nameservers = [...found.hosts].sort();
      const unreachable = (detail: string) => ({ kind: 'NameserversUnreachable', detail }) as const;
      if (found.hosts.length === 0) problem = unreachable(`zone ${zone} has no NS records`);
      else if (servers.length === 0) problem = unreachable(`no IPv4 address for the nameservers of ${zone} (${found.unresolved.join(', ')})`);
    }
  } catch (err) {
    problem = { kind: 'NoAnswer', detail: message(err) };
  }
  const [soaAnswer, ...answers] = await Promise.all([
    zone ? askZone(client, zone, servers, zone, 'SOA') : null,
    ...names.map((n) => askZone(client, zone, servers, n, 'TXT')),
  ]);
  const soaRecord = soaAnswer?.res?.answers.find((r) => r.type === 'SOA' && normalizeName(r.name) === zone);
  const [mname, rname, serial] = soaRecord?.data.split(' ') ?? [];
  if (zone && servers.length > 0 && soaAnswer?.source !== 'authoritative' && !problem) {
    problem = { kind: 'NameserversUnreachable', detail: `no nameserver of ${zone} answered: ${soaAnswer?.error ?? 'no authoritative answer'}` };
  }
  const soa = soaRecord ? { mname: normalizeName(mname), rname: normalizeName(rname), serial: Number(serial) } : null;
  const zoneLookup: ZoneLookup = { zone, soa, nameservers, servers: servers.map((s) => s.address), problem };
  return { zone: zoneLookup, names: answers.map((a, i) => nameLookup(names[i], a)) };
}

/** Looks everything up at once; see the file comment. */
export async function lookupDomain(opts: LookupDomainOptions): Promise<DomainLookup> {
  const hostname = normalizeName(opts.hostname);
  const baseName = hostname.replace(/^\*\./, '');
  const addressName = hostname === baseName ? hostname : `${WILDCARD_PROBE_LABEL}.${baseName}`;
  const acmeName = `_acme-challenge.${baseName}`;
  const ownershipName = normalizeName(opts.ownershipName);
  const [address, caa, atZone] = await Promise.all([
    lookupAddresses(opts.client, addressName),
    lookupCaa(opts.client, baseName),
    lookupAtZone(opts.client, baseName, [acmeName, ownershipName], opts.authoritativePort ?? 53),
  ]);
  const [acmeChallenge, ownership] = atZone.names;
  return { hostname, baseName, address, acmeChallenge, ownership, caa, zone: atZone.zone };
}
