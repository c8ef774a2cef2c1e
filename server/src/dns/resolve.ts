import net from 'node:net';
import type { DnsClient, DnsRecord } from './dns-client.js';

export interface HostResolution {
  /** CNAME targets in the order they were followed (lower case, no trailing dot). */
  cnames: string[];
  /** A and AAAA addresses of the last name in the chain. */
  addresses: string[];
  /** Rcode of the last A query ('NOERROR', 'NXDOMAIN', ...). */
  rcode: string;
}

export interface ResolveHostOptions {
  /** Most CNAMEs to follow before giving up (default 8). */
  maxCnames?: number;
}

export const normalizeName = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** Follows the CNAME chain from `owner` inside one answer section, appending to `cnames`; returns the last name reached. */
function followInAnswer(origin: string, owner: string, answers: DnsRecord[], cnames: string[], max: number): string {
  let current = owner;
  for (;;) {
    const cname = answers.find((r) => r.type === 'CNAME' && normalizeName(r.name) === current);
    if (!cname) return current;
    const target = normalizeName(cname.data);
    if (target === origin || cnames.includes(target)) throw new Error(`CNAME loop at ${current} -> ${target}`);
    cnames.push(target);
    if (cnames.length > max) throw new Error(`more than ${max} CNAMEs from ${origin}`);
    current = target;
  }
}

const addressesOf = (name: string, answers: DnsRecord[], type: 'A' | 'AAAA') =>
  answers.filter((r) => r.type === type && normalizeName(r.name) === name).map((r) => r.data);

/**
 * Resolves `hostname` to its CNAME chain and addresses through the client's resolvers,
 * asking again for the next name when a server stops at a CNAME it is not authoritative for.
 * Throws on CNAME loops, chains that are too long, or when no resolver answers.
 */
export async function resolveHost(client: DnsClient, hostname: string, opts: ResolveHostOptions = {}): Promise<HostResolution> {
  const max = opts.maxCnames ?? 8;
  const cnames: string[] = [];
  const origin = normalizeName(hostname);
  let name = origin;
  for (;;) {
    const res = await client.query(name, 'A');
    const before = cnames.length;
    const last = followInAnswer(origin, name, res.answers, cnames, max);
    const v4 = addressesOf(last, res.answers, 'A');
    if (v4.length === 0 && cnames.length > before && res.rcode === 'NOERROR') {
      name = last; // the server gave only the CNAME: ask about its target
      continue;
    }
    const six = await client.query(last, 'AAAA');
    const v6 = addressesOf(last, six.answers, 'AAAA');
    return { cnames, addresses: [...v4, ...v6], rcode: res.rcode };
  }
}

export const POINTS_TO = {
  cnameMatches: 'CnameMatches',
  addressesMatch: 'AddressesMatch',
  noTargets: 'NoTargets',
  noAddresses: 'NoAddresses',
  foreignAddress: 'ForeignAddress',
} as const;
export type PointsToCode = (typeof POINTS_TO)[keyof typeof POINTS_TO];

export interface PointsToResult {
  ok: boolean;
  code: PointsToCode;
  /** A sentence a customer can act on. */
  reason: string;
}

/**
 * Does a resolved hostname point at the platform? `targets` are IPs or host names.
 * A CNAME anywhere in the chain to a target host name matches (case and trailing dot ignored);
 * otherwise every address must be a target IP, and there must be at least one.
 * Host-name targets are not resolved here: list the platform's IPs too to accept A records.
 */
export function pointsToTargets(resolution: Pick<HostResolution, 'cnames' | 'addresses'>, targets: string[]): PointsToResult {
  const ipTargets = targets.map((t) => t.trim()).filter((t) => net.isIP(t));
  const ips = new Set(ipTargets.map(normalizeIp));
  const names = new Set(targets.filter((t) => !net.isIP(t.trim())).map(normalizeName));
  if (ips.size === 0 && names.size === 0) {
    return { ok: false, code: POINTS_TO.noTargets, reason: 'the platform has no DNS targets configured' };
  }
  const cname = resolution.cnames.map(normalizeName).find((c) => names.has(c));
  if (cname) return { ok: true, code: POINTS_TO.cnameMatches, reason: `CNAME to ${cname}` };
  const expected = [...names, ...ipTargets].join(', ');
  if (resolution.addresses.length === 0) {
    return { ok: false, code: POINTS_TO.noAddresses, reason: `the host name has no A/AAAA records; point it at ${expected}` };
  }
  const foreign = resolution.addresses.filter((a) => !ips.has(normalizeIp(a)));
  if (foreign.length > 0) {
    return {
      ok: false,
      code: POINTS_TO.foreignAddress,
      reason: `address ${foreign.join(', ')} is not the platform's; point the host name at ${expected}`,
    };
  }
  return { ok: true, code: POINTS_TO.addressesMatch, reason: `all addresses (${resolution.addresses.join(', ')}) are the platform's` };
}

/** One spelling per IPv6 address ('::1' and '0:0::1' compare equal); IPv4 and dotted forms unchanged. */
function normalizeIp(ip: string): string {
  if (net.isIPv4(ip) || ip.includes('.')) return ip.toLowerCase();
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}
