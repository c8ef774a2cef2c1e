import net from 'node:net';
import { normalizeName, pointsToTargets } from '../resolve.js';
import { DiagnosisCode, type ValidationError } from './codes.js';
import type { AddressLookup } from './lookup.js';

/**
 * Does the host name point at the platform, and if not, what exactly to change? Pure.
 * The decision is pointsToTargets' (resolve.ts); this file words the fix: a CNAME to the platform's
 * first host-name target when it has one, A/AAAA records with its IPs otherwise or at a zone apex
 * (where RFC 1034 section 3.6.2 allows no CNAME), an ALIAS/ANAME at an apex when there are no IPs.
 */

export interface AddressCheck {
  /** The record owner a customer edits: the host name as given, e.g. `www.example.com` or `*.example.com`. */
  hostname: string;
  address: AddressLookup;
  /** The zone apex holding the name, when known (to spot an apex, where a CNAME cannot go). */
  zone: string | null;
  /** The platform's targets, IPs and/or host names (as for pointsToTargets). */
  targets: string[];
  /** True when the zone itself is missing: that error is reported instead of NXDOMAIN here. */
  zoneMissing: boolean;
}

const typeOf = (ip: string) => (net.isIPv6(ip) ? 'AAAA' : 'A');
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** 'the A record www.example.com 203.0.113.9 and the AAAA record www.example.com 2001:db8::1' */
function recordsPhrase(name: string, addresses: string[]): string {
  const parts = (['A', 'AAAA'] as const)
    .map((type) => ({ type, values: addresses.filter((a) => typeOf(a) === type) }))
    .filter((p) => p.values.length > 0)
    .map((p) => `the ${p.type} record${p.values.length > 1 ? 's' : ''} ${name} ${list(p.values)}`);
  return list(parts);
}

/** `address` is one of `ips`, compared as pointsToTargets does (one spelling per IPv6 address). */
const isPlatformIp = (address: string, ips: string[]) => ips.length > 0 && pointsToTargets({ cnames: [], addresses: [address] }, ips).ok;

/** 'A 203.0.113.9, AAAA 2001:db8::1' */
const foundAddresses = (addresses: string[]) => addresses.map((a) => `${typeOf(a)} ${a}`).join(', ');

/** Whether the name points at the platform (pointsToTargets), with at most one error saying what to change. */
export function checkAddresses(c: AddressCheck): { ok: boolean; error: ValidationError | null } {
  const { hostname, address: a } = c;
  const fail = (code: DiagnosisCode, message: string, fix: string) => ({ ok: false, error: { code, message, fix } });
  const names = c.targets.filter((t) => !net.isIP(t.trim())).map(normalizeName);
  const ips = c.targets.map((t) => t.trim()).filter((t) => net.isIP(t));
  const at = a.name === hostname ? '' : ` (looked up at ${a.name})`;

  if (names.length === 0 && ips.length === 0) {
    return fail(DiagnosisCode.PlatformTargetsNotConfigured, 'the platform has no DNS targets configured', 'the platform operator must set its DNS targets (CERTPLANE_PLATFORM_TARGETS)');
  }
  if (a.failure?.kind === 'NoAnswer') {
    return fail(DiagnosisCode.DnsLookupFailed, `no resolver answered for ${a.name}: ${a.failure.detail}`, 'check that the nameservers of the domain answer (resolvers time out waiting for them), then check again');
  }
  const apex = c.zone !== null && hostname === c.zone;
  const wantCname = names.length > 0 && !apex;
  const target = names[0];
  const ipRecords = list(ips.map((ip) => `${typeOf(ip)} ${hostname} ${ip}`));
  const expected = wantCname ? `CNAME ${hostname} -> ${target}` : ips.length > 0 ? ipRecords : `ALIAS ${hostname} -> ${target}`;
  const add = wantCname
    ? `add CNAME ${hostname} -> ${target}`
    : ips.length > 0
      ? `add ${ipRecords}`
      : `add an ALIAS (also called ANAME or flattened CNAME) record ${hostname} -> ${target} at your DNS host; a CNAME is not allowed at the zone apex`;
  const replaceCname = wantCname ? `change the CNAME ${hostname} to point to ${target}` : `remove the CNAME ${hostname} and ${add}`;

  if (a.failure) {
    const code = a.failure.kind === 'CnameLoop' ? DiagnosisCode.CnameLoop : DiagnosisCode.CnameChainTooLong;
    return fail(code, `expected ${expected}, found a CNAME chain that ${code === DiagnosisCode.CnameLoop ? 'loops' : 'is too long'}${at}: ${a.failure.detail}`, replaceCname);
  }
  // A chain reaching the platform's target is enough, whatever the target's own servers answer.
  const result = pointsToTargets(a, c.targets);
  if (result.ok) return { ok: true, error: null };
  if (a.rcode !== 'NOERROR' && a.rcode !== 'NXDOMAIN') {
    return fail(
      DiagnosisCode.DnsLookupFailed,
      `the resolvers answered ${a.rcode} for A ${a.name}`,
      `check that the nameservers of ${c.zone ?? 'the domain'} answer for ${a.name} (SERVFAIL often means broken DNSSEC or a nameserver that does not answer)`,
    );
  }
  const chain = a.cnames.length > 0 ? `CNAME ${[hostname, ...a.cnames].join(' -> ')}` : '';
  const end = a.rcode === 'NXDOMAIN' ? ', whose target does not exist (NXDOMAIN)' : a.addresses.length === 0 ? ' with no A or AAAA record' : ` with ${foundAddresses(a.addresses)}`;
  if (wantCname && chain) return fail(DiagnosisCode.CnameWrongTarget, `expected ${expected}, found ${chain}${end}${at}`, replaceCname);
  if (a.rcode === 'NXDOMAIN') {
    if (c.zoneMissing) return { ok: false, error: null };
    const found = chain ? `${chain}${end}` : `${a.name} does not exist (NXDOMAIN)`;
    return fail(DiagnosisCode.NxDomain, `expected ${expected}, found ${found}`, chain ? replaceCname : add);
  }
  if (a.addresses.length === 0) {
    const found = chain ? `${chain}${end}` : `no A or AAAA record at ${a.name}`;
    return fail(DiagnosisCode.NoAddresses, `expected ${expected}, found ${found}`, chain ? replaceCname : add);
  }
  if (wantCname) {
    return fail(DiagnosisCode.CnameExpected, `expected ${expected}, found ${foundAddresses(a.addresses)}${at}`, `remove ${recordsPhrase(hostname, a.addresses)} and ${add}`);
  }
  // A/AAAA expected (IP targets only, or an apex): remove what is foreign, add what is missing.
  const foreign = a.addresses.filter((x) => !isPlatformIp(x, ips));
  const missing = ips.filter((ip) => !a.addresses.some((x) => isPlatformIp(x, [ip])));
  const message = `expected ${expected}, found ${chain ? `${chain}${end}` : foundAddresses(a.addresses)}${at}`;
  if (chain) return fail(DiagnosisCode.ForeignAddress, message, `remove the CNAME ${hostname} and ${add}`);
  const then = ips.length === 0 ? add : missing.length > 0 ? `add ${list(missing.map((ip) => `${typeOf(ip)} ${hostname} ${ip}`))}` : '';
  return fail(DiagnosisCode.ForeignAddress, message, `remove ${recordsPhrase(hostname, foreign)}${then ? ` and ${then}` : ''}`);
}
