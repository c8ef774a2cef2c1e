import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DomainKindEnum, DomainStatusEnum, LetsencryptStatusEnum } from './enums.js';

@ObjectType('DnsRecordRequirement', { simpleResolvers: true, description: 'A DNS record the customer must create.' })
export class DnsRecordRequirement {
  @Field(() => String) name: string;
  @Field(() => String, { description: 'A, AAAA, CNAME or TXT' }) type: string;
  @Field(() => [String]) values: string[];
  @Field(() => Int, { nullable: true, description: 'TTL to use, in seconds, when it matters.' }) ttl?: number | null;
}

@ObjectType('AcmeChallengeRequirement', { simpleResolvers: true, description: 'The DNS-01 challenge name, and where it may be delegated.' })
export class AcmeChallengeRequirement {
  @Field(() => String, { description: '_acme-challenge.<hostname> (a wildcard: of its base name).' }) name: string;
  @Field(() => String, {
    nullable: true,
    description: 'CNAME target to delegate the challenge name to, once, when the platform offers one (CERTPLANE_CHALLENGE_ZONE); null otherwise.',
  })
  target: string | null;
}

@ObjectType('OwnershipRequirement', {
  simpleResolvers: true,
  description:
    "The hostname ownership TXT record (Fly's _fly-ownership): either value proves control of the hostname's DNS, to activate a custom certificate before DNS points here or to claim a hostname attached in another organization.",
})
export class OwnershipRequirement {
  @Field(() => String, { description: '_certplane-ownership.<hostname> (label configurable: CERTPLANE_OWNERSHIP_RECORD).' }) name: string;
  @Field(() => String, { description: "Value naming this domain's app." }) appValue: string;
  @Field(() => String, { description: 'Value naming the organization (one record serves all its apps).' }) orgValue: string;
}

@ObjectType('DnsRequirements', { simpleResolvers: true, description: 'What the customer must set in DNS for this domain, machine-readable.' })
export class DnsRequirements {
  @Field(() => [String], { description: "The platform's targets: point the hostname at one of them (CNAME) or at these addresses." })
  targets: string[];
  @Field(() => [DnsRecordRequirement], { description: 'The records that point the hostname here: a CNAME when the platform has a target host name, else A/AAAA.' })
  records: DnsRecordRequirement[];
  @Field(() => [String], { description: 'IPv4 addresses to point the hostname at (A).' }) a: string[];
  @Field(() => [String], { description: 'IPv6 addresses to point the hostname at (AAAA).' }) aaaa: string[];
  @Field(() => String, { nullable: true, description: 'CNAME target, when the platform has one (an apex needs A/AAAA).' }) cname: string | null;
  @Field(() => AcmeChallengeRequirement) acmeChallenge: AcmeChallengeRequirement;
  @Field(() => OwnershipRequirement) ownership: OwnershipRequirement;
  @Field(() => String, { deprecationReason: 'Use acmeChallenge.name.', description: 'Name of the DNS-01 challenge record (_acme-challenge.<hostname>).' })
  acmeChallengeRecord: string;
}

@ObjectType('DomainEvent', { simpleResolvers: true, description: 'One thing that happened to a hostname: DNS checks, ownership, claims, the certificate served changing.' })
export class DomainEventType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'checked, dns_verified, ownership_verified, primary_changed, claimed, claimed_away.' }) type: string;
  @Field(() => String) hostname: string;
  @Field(() => String) message: string;
  @Field(() => Date) createdAt: Date;
}

@ObjectType('ActionRequired', { simpleResolvers: true, description: 'What the customer must do for a domain in ACTION_REQUIRED.' })
export class ActionRequiredType {
  @Field(() => String, {
    description: 'ManualDnsRecordsRequired, CertificateHeld, CertificateFailed, CertificateExpired, CertificateRevoked, NoCertificate (server/src/domains/status.ts DomainReason).',
  })
  reason: string;
  @Field(() => String, { description: 'What to do, in words.' }) message: string;
  @Field(() => [DnsRecordRequirement], {
    description: 'With ManualDnsRecordsRequired: the TXT records to create (every value at its name; an apex and its wildcard share one). certplane looks for them on the authoritative servers every few minutes and goes on by itself.',
  })
  records: DnsRecordRequirement[];
  @Field(() => Date, { description: 'Since when.' }) since: Date;
}

@ObjectType('Domain', { simpleResolvers: true })
export class DomainType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'Normalised hostname (lower case, punycode).' }) hostname: string;
  @Field(() => Boolean) isWildcard: boolean;
  @Field(() => DomainKindEnum, { description: "CUSTOM, or DEFAULT: the app's <app>.<platform domain>, served by the platform certificate." }) kind: string;
  @Field(() => Boolean) letsencryptEnabled: boolean;
  @Field(() => Boolean, { description: "The app's canonical domain: the others redirect to it. At most one per app." }) canonical: boolean;
  @Field(() => DomainStatusEnum) status: string;
  @Field(() => String, { nullable: true, description: 'Why the domain is in its status, in words.' }) statusMessage: string | null;
  @Field(() => Date, { nullable: true }) dnsCheckedAt: Date | null;
  @Field(() => Int) dnsCheckCount: number;
  @Field(() => Date, { nullable: true, description: 'When a DNS check first found the hostname pointing at the platform.' }) dnsVerifiedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the ownership TXT record was first seen on the authoritative servers.' }) ownershipVerifiedAt: Date | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  appId: string;
  organizationId: string;
}

export { LetsencryptStatusEnum };
