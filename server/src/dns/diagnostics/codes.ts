/** What a DNS diagnosis can find wrong, as stable codes a client may switch on. */
export const DiagnosisCode = {
  // The host name's addresses (through the resolvers)
  /** The platform wants a CNAME to one of its host names; the name has A/AAAA records of its own. */
  CnameExpected: 'CnameExpected',
  /** The name is a CNAME, but its chain reaches none of the platform's host names or addresses. */
  CnameWrongTarget: 'CnameWrongTarget',
  /** Addresses that are not the platform's (when the platform gives IP targets only, or at a zone apex). */
  ForeignAddress: 'ForeignAddress',
  /** The name exists but has no A/AAAA records. */
  NoAddresses: 'NoAddresses',
  /** The name (or the end of its CNAME chain) does not exist. */
  NxDomain: 'NxDomain',
  /** The CNAME chain comes back to a name already in it. */
  CnameLoop: 'CnameLoop',
  /** The CNAME chain is longer than resolvers follow (8). */
  CnameChainTooLong: 'CnameChainTooLong',
  /** A lookup got no usable answer: SERVFAIL, REFUSED, or no server answered in time. */
  DnsLookupFailed: 'DnsLookupFailed',
  /** The platform has no DNS targets configured (an operator's setting, not the customer's DNS). */
  PlatformTargetsNotConfigured: 'PlatformTargetsNotConfigured',

  // The zone
  /** No zone holds the name: no SOA up to the root, or only a TLD's (the domain is not registered or delegated). */
  ZoneNotFound: 'ZoneNotFound',
  /** None of the zone's nameservers could be reached (or their names have no address). */
  NameserversUnreachable: 'NameserversUnreachable',

  // Ownership (TXT)
  /** No TXT record at the ownership name (an error only when ownership is required). */
  OwnershipTxtMissing: 'OwnershipTxtMissing',
  /** TXT records at the ownership name, none with an accepted value. */
  OwnershipTxtWrongValue: 'OwnershipTxtWrongValue',

  // DNS-01 delegation of _acme-challenge
  /** `_acme-challenge.<name>` is a CNAME to somewhere other than the platform's challenge target. */
  AcmeChallengeConflictingCname: 'AcmeChallengeConflictingCname',
  /** Delegation required; `_acme-challenge.<name>` holds TXT records, which a CNAME cannot sit beside. */
  AcmeChallengeStaleTxt: 'AcmeChallengeStaleTxt',
  /** Delegation required; `_acme-challenge.<name>` has no CNAME. */
  AcmeChallengeNotDelegated: 'AcmeChallengeNotDelegated',

  // CAA (RFC 8659)
  /** The relevant CAA records do not let the platform's CA issue (other CAs only, `;`, or validationmethods). */
  CaaForbidsIssuer: 'CaaForbidsIssuer',
  /** A critical CAA record with a tag the CA does not understand forbids every CA. */
  CaaUnknownCriticalTag: 'CaaUnknownCriticalTag',
  /** CAA `issue` records exist but the platform's CA identities are not configured, so they cannot be checked. */
  CaaIdentityNotConfigured: 'CaaIdentityNotConfigured',
  /** A CAA lookup failed; CAs refuse to issue until it answers (RFC 8659 section 3). */
  CaaLookupFailed: 'CaaLookupFailed',
} as const;
export type DiagnosisCode = (typeof DiagnosisCode)[keyof typeof DiagnosisCode];

/** One problem found, in words a customer can act on. */
export interface ValidationError {
  code: DiagnosisCode;
  /** What was found, e.g. 'expected CNAME www.example.com -> shop.platform.example, found A 203.0.113.9'. */
  message: string;
  /** The exact record to add, change or remove, e.g. 'remove the A record www.example.com 203.0.113.9 and add ...'. */
  fix: string;
}
