import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('DnsValidationError', { simpleResolvers: true, description: 'A DNS problem found by checkDomain, with the exact record to add, change or remove.' })
export class DnsValidationErrorType {
  @Field(() => String, {
    description:
      'Stable code: ZoneNotFound, NxDomain, CnameExpected, ForeignAddress, NoAddresses, CnameLoop, CaaForbidsIssuer, CaaIssuerUnknown, CaaLookupFailed, OwnershipTxtMissing, OwnershipTxtWrongValue, AcmeChallengeConflictingCname, ... (see server/src/dns/diagnostics/codes.ts).',
  })
  code: string;
  @Field(() => String, { description: 'What was found.' }) message: string;
  @Field(() => String, { description: 'What to do: the exact record to add, change or remove.' }) fix: string;
}

@ObjectType('DnsHost', { simpleResolvers: true, description: "The zone's DNS host, recognised from its NS names." })
export class DnsHostType {
  @Field(() => String, { description: "Stable id: 'cloudflare', 'route53', 'gcloud', 'azure', 'ovh', 'gandi', ..." }) id: string;
  @Field(() => String) name: string;
}

@ObjectType('CaaRecord', { simpleResolvers: true, description: 'A CAA record (RFC 8659) of the relevant set, with the owner name it was found at.' })
export class CaaRecordType {
  @Field(() => String) name: string;
  @Field(() => Int) flags: number;
  @Field(() => String) tag: string;
  @Field(() => String) value: string;
}

@ObjectType('TxtRecordsSeen', { simpleResolvers: true, description: 'TXT records seen at a name, and where they were read.' })
export class TxtRecordsSeen {
  @Field(() => String) name: string;
  @Field(() => [String]) txt: string[];
  @Field(() => String, { description: "'authoritative' (the zone's own servers) or 'resolvers'." }) source: string;
  @Field(() => String, { nullable: true, description: "'ip:port' that answered; null when nobody did." }) server: string | null;
}

@ObjectType('AcmeChallengeSeen', { simpleResolvers: true })
export class AcmeChallengeSeen extends TxtRecordsSeen {
  @Field(() => String, { nullable: true, description: 'CNAME target at _acme-challenge.<hostname>, when delegated.' }) cname: string | null;
}

@ObjectType('SoaSeen', { simpleResolvers: true })
export class SoaSeen {
  @Field(() => String) mname: string;
  @Field(() => String) rname: string;
  @Field(() => Number, { description: 'SOA serial (0 to 2^32-1).' }) serial: number;
}

@ObjectType('DomainCheckRecords', { simpleResolvers: true, description: 'What checkDomain saw in DNS.' })
export class DomainCheckRecords {
  @Field(() => String, { description: 'The name whose addresses were looked up (a wildcard: certplane-check.<base>).' }) addressName: string;
  @Field(() => [String]) a: string[];
  @Field(() => [String]) aaaa: string[];
  @Field(() => [String], { description: 'The CNAME chain from the hostname, in order.' }) cnames: string[];
  @Field(() => AcmeChallengeSeen) acmeChallenge: AcmeChallengeSeen;
  @Field(() => TxtRecordsSeen) ownership: TxtRecordsSeen;
  @Field(() => [CaaRecordType], { description: 'The relevant CAA set: the closest name, the hostname first, then its parents (RFC 8659 section 3).' })
  caa: CaaRecordType[];
  @Field(() => String, { nullable: true }) zone: string | null;
  @Field(() => SoaSeen, { nullable: true }) soa: SoaSeen | null;
  @Field(() => [String], { description: "NS host names of the zone." }) nameservers: string[];
}

@ObjectType('DomainCheck', { simpleResolvers: true, description: "A fresh look at a domain's DNS (checkDomain)." })
export class DomainCheckType {
  @Field(() => Date, { description: 'When the lookup ran.' }) checkedAt: Date;
  @Field(() => Boolean, { description: 'The last result, answered again: one real lookup per domain per 5 s.' }) cached: boolean;
  @Field(() => DomainCheckRecords) records: DomainCheckRecords;
  @Field(() => Boolean, { description: "The hostname points at the platform (a CNAME to its target, or only the platform's addresses)." }) dnsConfigured: boolean;
  @Field(() => Boolean, { description: '_acme-challenge.<hostname> is a CNAME to dnsRequirements.acmeChallenge.target (false when the platform offers none).' })
  acmeChallengeDelegated: boolean;
  @Field(() => Boolean, { description: 'The ownership TXT record holds one of the accepted values.' }) ownershipTxtConfigured: boolean;
  @Field(() => Boolean, {
    description: 'CAA on the name and its parents lets the configured CA issue (RFC 8659; no CAA = allowed). False when unknown: the lookup failed or the CA identity is not configured (CERTPLANE_ACME_CAA_IDENTITIES).',
  })
  caaAllowsIssuer: boolean;
  @Field(() => Boolean, { description: 'Always false: certplane validates with DNS-01 only (HTTP-01 is not offered yet).' }) httpConfigured: boolean;
  @Field(() => Boolean, { description: 'Always false: certplane validates with DNS-01 only (TLS-ALPN-01 is not offered yet).' }) alpnConfigured: boolean;
  @Field(() => [DnsValidationErrorType]) validationErrors: DnsValidationErrorType[];
  @Field(() => DnsHostType, { nullable: true, description: "The zone's DNS host when recognised from its NS names." }) dnsProvider: DnsHostType | null;
  domainId: string;
}
