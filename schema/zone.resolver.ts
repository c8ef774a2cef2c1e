import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ZoneRow } from '../server/src/db/entities.js';
import * as zones from '../server/src/zones/zone-service.js';
import { zoneVerificationRecord } from '../server/src/zones/zone-record.js';
import { Connection, toConnection } from './connection.js';
import { requireScope, type GraphQLContext } from './context.js';
import { DomainType } from './domain.type.js';
import { ZoneStatusEnum, ZoneType, ZoneVerificationMethodEnum, ZoneVerificationRecordType } from './zone.type.js';

const ZoneConnection = Connection(ZoneType, 'Zone');

@ArgsType()
class ZonesArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
  @Field(() => ZoneStatusEnum, { nullable: true }) status?: string;
}

@Resolver(() => ZoneType)
export class ZoneResolver {
  @Query(() => ZoneConnection, { description: "The organization's zones, oldest first." })
  async zones(@Args(() => ZonesArgs) args: ZonesArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await zones.listZones(ctx.app, requireScope(ctx, 'read'), args), (z) => z);
  }

  @Query(() => ZoneType)
  async zone(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return zones.findZone(ctx.app, requireScope(ctx, 'read'), id);
  }

  @Mutation(() => ZoneType, {
    description:
      "Claim a zone: a registrable domain or a name under one (not a public suffix, nor a zone the platform reserves). It stays PENDING_VERIFICATION until its verificationRecord is on every authoritative server, or its NS records name only the platform's nameservers; certplane checks every minute at first, backing off to hourly, for 7 days. A name verified in another organization may be imported too: its own TXT record moves the verified zone here.",
  })
  async importZone(@Arg('name', () => String, { description: 'e.g. example.com or shop.example.com' }) name: string, @Ctx() ctx: GraphQLContext) {
    return zones.importZone(ctx.app, requireScope(ctx, 'write'), name);
  }

  @Mutation(() => ZoneType, { description: 'Check the zone now (and start the checks again if they had stopped); a verified zone is returned as it is.' })
  async verifyZone(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return zones.verifyZone(ctx.app, requireScope(ctx, 'write'), id);
  }

  @Mutation(() => Boolean, {
    description: 'Delete a zone; its domains stay. With zones required (CERTPLANE_REQUIRE_ZONES), a verified zone that domains of the organization need (no other verified zone holds them) is kept: CONFLICT naming them.',
  })
  async deleteZone(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    await zones.deleteZone(ctx.app, requireScope(ctx, 'write'), id);
    return true;
  }

  @FieldResolver(() => ZoneVerificationRecordType)
  verificationRecord(@Root() z: ZoneRow, @Ctx() ctx: GraphQLContext): ZoneVerificationRecordType {
    return zoneVerificationRecord(ctx.app.config, z);
  }

  @FieldResolver(() => [String], { description: "The platform's nameservers: a zone whose NS records name only these is verified (NS); empty when the platform offers none." })
  nameservers(@Ctx() ctx: GraphQLContext): string[] {
    return ctx.app.config.zones.platformNameservers;
  }

  @FieldResolver(() => ZoneVerificationMethodEnum, { nullable: true, description: 'How control was proven.' })
  verifiedBy(@Root() z: ZoneRow): string | null {
    return z.verifiedBy ? z.verifiedBy.toUpperCase() : null;
  }

  @FieldResolver(() => [DomainType], { description: "The organization's domains at or under the zone, by hostname." })
  async domains(@Root() z: ZoneRow, @Arg('first', () => Int, { defaultValue: 100, description: 'At most 100.' }) first: number, @Ctx() ctx: GraphQLContext) {
    return zones.domainsUnderZone(ctx.app, z, first);
  }
}
