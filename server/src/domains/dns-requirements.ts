import { createHmac } from 'node:crypto';
import net from 'node:net';
import type { Config } from '../config.js';
import type { DomainRow } from '../db/entities.js';
import { domainOwnershipRecord, type OwnershipRecord } from './ownership.js';

/** A DNS record the customer must create. */
export interface RecordRequirement {
  name: string;
  /** 'A', 'AAAA', 'CNAME' or 'TXT'. */
  type: string;
  values: string[];
}

/** Everything the customer must (or may) set in DNS for a domain, machine-readable (Fly's dns_requirements). */
export interface DnsRequirementsView {
  /** The platform's targets as configured: host names to CNAME to and/or addresses. */
  targets: string[];
  /** The records that point the hostname at the platform: a CNAME when the platform has a target host name, else A/AAAA. */
  records: RecordRequirement[];
  /** IPv4 addresses to point the hostname at (A), when the platform has them. */
  a: string[];
  /** IPv6 addresses (AAAA), when the platform has them. */
  aaaa: string[];
  /** The CNAME target, when the platform has one (a wildcard or an apex needs A/AAAA instead). */
  cname: string | null;
  /** `_acme-challenge.<hostname>` and, when the platform offers one (CERTPLANE_CHALLENGE_ZONE), the CNAME target to delegate it to. */
  acmeChallenge: { name: string; target: string | null };
  ownership: OwnershipRecord;
}

/**
 * The stable, unguessable delegation target of a domain's `_acme-challenge` name under the platform's
 * challenge zone: `<20 hex digits of HMAC-SHA256(master key, domain id)>.<zone>`; null without a zone.
 */
export function acmeChallengeTarget(config: Pick<Config, 'masterKey' | 'platform'>, domainId: string): string | null {
  const zone = config.platform.challengeZone;
  if (!zone) return null;
  const label = createHmac('sha256', config.masterKey).update(`acme-challenge:${domainId}`).digest('hex').slice(0, 20);
  return `${label}.${zone}`;
}

export function dnsRequirements(config: Pick<Config, 'masterKey' | 'platform'>, d: Pick<DomainRow, 'id' | 'hostname' | 'appId' | 'organizationId'>): DnsRequirementsView {
  const targets = config.platform.targets;
  const base = d.hostname.replace(/^\*\./, '');
  const names = targets.filter((t) => !net.isIP(t));
  const a = targets.filter((t) => net.isIPv4(t));
  const aaaa = targets.filter((t) => net.isIPv6(t));
  const cname = names[0] ?? null;
  const records: RecordRequirement[] = cname
    ? [{ name: d.hostname, type: 'CNAME', values: [cname] }]
    : [...(a.length ? [{ name: d.hostname, type: 'A', values: a }] : []), ...(aaaa.length ? [{ name: d.hostname, type: 'AAAA', values: aaaa }] : [])];
  return {
    targets,
    records,
    a,
    aaaa,
    cname,
    acmeChallenge: { name: `_acme-challenge.${base}`, target: acmeChallengeTarget(config, d.id) },
    ownership: domainOwnershipRecord(config, d),
  };
}
