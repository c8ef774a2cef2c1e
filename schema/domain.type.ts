import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DomainStatusEnum, LetsencryptStatusEnum } from './enums.js';

@ObjectType('DnsRecordRequirement', { simpleResolvers: true, description: 'A DNS record the customer must create.' })
export class DnsRecordRequirement {
  @Field(() => String) name: string;
  @Field(() => String, { description: 'A, AAAA, CNAME or TXT' }) type: string;
  @Field(() => [String]) values: string[];
}

@ObjectType('DnsRequirements', { simpleResolvers: true, description: 'What the customer must set in DNS for this domain.' })
export class DnsRequirements {
  @Field(() => [String], { description: "The platform's targets: point the hostname at one of them (CNAME) or at these addresses." })
  targets: string[];
  @Field(() => [DnsRecordRequirement]) records: DnsRecordRequirement[];
  @Field(() => String, { description: 'Name of the DNS-01 challenge record (_acme-challenge.<hostname>); delegate it with a CNAME when DNS is hosted elsewhere.' })
  acmeChallengeRecord: string;
}

@ObjectType('Domain', { simpleResolvers: true })
export class DomainType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'Normalised hostname (lower case, punycode).' }) hostname: string;
  @Field(() => Boolean) isWildcard: boolean;
  @Field(() => Boolean) letsencryptEnabled: boolean;
  @Field(() => Boolean, { description: "The app's canonical domain: the others redirect to it. At most one per app." }) canonical: boolean;
  @Field(() => DomainStatusEnum) status: string;
  @Field(() => String, { nullable: true, description: 'Why the domain is in its status, in words.' }) statusMessage: string | null;
  @Field(() => Date, { nullable: true }) dnsCheckedAt: Date | null;
  @Field(() => Int) dnsCheckCount: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  appId: string;
  organizationId: string;
}

export { LetsencryptStatusEnum };
