import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ZoneStatus } from '../server/src/zones/zone-status.js';

export const ZoneStatusEnum = ZoneStatus;
registerEnumType(ZoneStatusEnum, {
  name: 'ZoneStatus',
  description: 'PENDING_VERIFICATION: control not proven yet (statusMessage says what certplane saw and when it looks again); VERIFIED: proven.',
});

export const ZoneVerificationMethodEnum = { TXT: 'TXT', NS: 'NS' } as const;
registerEnumType(ZoneVerificationMethodEnum, {
  name: 'ZoneVerificationMethod',
  description: "TXT: the zone's verification record was seen on every authoritative server. NS: the zone is delegated to the platform's nameservers.",
});

@ObjectType('ZoneVerificationRecord', { simpleResolvers: true, description: 'The TXT record that proves control of the zone; its value is this zone\'s own (another organization importing the name gets another one).' })
export class ZoneVerificationRecordType {
  @Field(() => String, { description: '_certplane-zone.<zone>' }) name: string;
  @Field(() => String, { description: 'TXT' }) type: string;
  @Field(() => String) value: string;
}

@ObjectType('Zone', {
  simpleResolvers: true,
  description:
    "A zone the organization claims: PENDING_VERIFICATION until control is proven (the TXT record, or delegation to the platform's nameservers), then VERIFIED. A verified zone holds the organization's domains (required with CERTPLANE_REQUIRE_ZONES, where names of one zone may share a certificate) and proves ownership of the hostnames under it in claims across organizations.",
})
export class ZoneType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'Normalised name (lower case, punycode).' }) name: string;
  @Field(() => ZoneStatusEnum) status: string;
  @Field(() => String, { nullable: true, description: 'What the last check saw and what to do, in words.' }) statusMessage: string | null;
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
  @Field(() => Date, { nullable: true }) lastCheckedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When certplane looks next (every minute at first, backing off to hourly, for 7 days after the import or the last verifyZone); null once verified or when the checks stopped.',
  })
  nextCheckAt: Date | null;
  @Field(() => Int, { description: 'Checks since the current round of checks started.' }) checkCount: number;
  @Field(() => Date) createdAt: Date;
  organizationId: string;
}
