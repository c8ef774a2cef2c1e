import type { DnsClient } from '../dns-client.js';
import { normalizeName } from '../resolve.js';
import type { CaaRecord } from './caa.js';
import type { ValidationError } from './codes.js';
import { diagnose } from './diagnose.js';
import { detectDnsHost, type DnsHost } from './dns-hosts.js';
import { lookupDomain, type LookupSource } from './lookup.js';

/**
 * A fresh, structured look at a host name's DNS, as Fly.io's "check certificate" and Scalingo's DNS
 * checks give: the records found, whether each part is set up, and what to change.
 */

export interface DiagnoseOptions {
  /** Resolvers (recursion) and direct questions to authoritative servers (query(name, type, server)). */
  client: DnsClient;
  /**
   * The normalised host name; may be a wildcard `*.example.com`, whose addresses are checked at
   * `certplane-check.example.com` and whose `_acme-challenge` and CAA are those of `example.com`.
   */
  hostname: string;
  /** The platform's IPs and/or CNAME target host names (as for pointsToTargets). */
  platformTargets: string[];
  /** Where customers may CNAME `_acme-challenge.<name>` (DNS-01 delegation); null when the platform offers none. */
  acmeChallengeTarget: string | null;
  /** The ownership TXT record's name, e.g. `_certplane-ownership.shop.example.com`, and its accepted values. */
  ownership: { name: string; values: string[] };
  /** The CA's issuer domain names for CAA, e.g. ['letsencrypt.org']; empty when the CA is unknown. */
  caaIdentities: string[];
  /** Port asked on authoritative servers (default 53; tests run PowerDNS on a high port). */
  authoritativePort?: number;
  /** A missing ownership TXT is a validation error (default false: only the flag says so). */
  requireOwnership?: boolean;
  /** A missing `_acme-challenge` CNAME (or TXT records in its place) is a validation error (default false). */
  requireAcmeChallengeDelegation?: boolean;
  /** The time the check is stamped with. */
  now: Date;
}

/** Records at one name, and whether they came from the zone's own servers or the resolvers. */
interface SourcedRecords {
  name: string;
  txt: string[];
  source: LookupSource;
  /** 'ip:port' that answered; null when nobody did. */
  server: string | null;
}

export interface DomainDiagnosis {
  checkedAt: Date;
  records: {
    /** The name whose addresses were looked up: the host name, or the probe name under a wildcard. */
    addressName: string;
    a: string[];
    aaaa: string[];
    /** CNAME chain from the host name (lower case, no trailing dot). */
    cnames: string[];
    acmeChallenge: SourcedRecords & { cname: string | null };
    ownership: SourcedRecords;
    /** The relevant CAA RRset (RFC 8659 section 3), each record with the owner name it was found at. */
    caa: CaaRecord[];
    zone: string | null;
    soa: { mname: string; rname: string; serial: number } | null;
    /** NS host names of the zone. */
    nameservers: string[];
  };
  /** The host name points at the platform (pointsToTargets). */
  dnsConfigured: boolean;
  /** `_acme-challenge.<base>` is a CNAME to acmeChallengeTarget; false when there is none. */
  acmeChallengeDelegated: boolean;
  /** A TXT value at the ownership name is one of the accepted values. */
  ownershipTxtConfigured: boolean;
  /** CAA lets the platform's CA issue (RFC 8659); false when unknown (lookup failed, CA identity not configured). */
  caaAllowsIssuer: boolean;
  /** Always false: certplane validates with DNS-01 only (no HTTP-01 yet). */
  httpConfigured: false;
  /** Always false: certplane validates with DNS-01 only (no TLS-ALPN-01 yet). */
  alpnConfigured: false;
  /** Problems found, zone first, then addresses, CAA, ownership and `_acme-challenge`. */
  validationErrors: ValidationError[];
  /** The zone's DNS host, recognised from its NS names (dns-hosts.ts); null when unknown. */
  dnsProvider: DnsHost | null;
}

/**
 * Looks up the host name's DNS (independent lookups at once) and judges it against what the platform
 * expects. Never rejects for DNS trouble (timeouts, SERVFAIL, NXDOMAIN): that becomes a validation error.
 */
export async function diagnoseDomain(opts: DiagnoseOptions): Promise<DomainDiagnosis> {
  const lookup = await lookupDomain({
    client: opts.client,
    hostname: opts.hostname,
    ownershipName: opts.ownership.name,
    authoritativePort: opts.authoritativePort,
  });
  const verdict = diagnose(lookup, {
    platformTargets: opts.platformTargets,
    acmeChallengeTarget: opts.acmeChallengeTarget,
    ownershipValues: opts.ownership.values,
    caaIdentities: opts.caaIdentities,
    requireOwnership: opts.requireOwnership,
    requireAcmeChallengeDelegation: opts.requireAcmeChallengeDelegation,
  });
  const { address, acmeChallenge: acme, ownership, zone } = lookup;
  const isV6 = (a: string) => a.includes(':');
  return {
    checkedAt: opts.now,
    records: {
      addressName: address.name,
      a: address.addresses.filter((a) => !isV6(a)),
      aaaa: address.addresses.filter(isV6),
      cnames: address.cnames.map(normalizeName),
      acmeChallenge: { name: acme.name, cname: acme.cname, txt: acme.txt, source: acme.source, server: acme.server },
      ownership: { name: ownership.name, txt: ownership.txt, source: ownership.source, server: ownership.server },
      caa: verdict.caa?.rrset ?? [],
      zone: zone.zone,
      soa: zone.soa,
      nameservers: zone.nameservers,
    },
    dnsConfigured: verdict.dnsConfigured,
    acmeChallengeDelegated: verdict.acmeChallengeDelegated,
    ownershipTxtConfigured: verdict.ownershipTxtConfigured,
    caaAllowsIssuer: verdict.caaAllowsIssuer,
    httpConfigured: false,
    alpnConfigured: false,
    validationErrors: verdict.validationErrors,
    dnsProvider: detectDnsHost(zone.nameservers),
  };
}
