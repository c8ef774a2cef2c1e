import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { DnsCredentialsRow } from '../server/src/db/entities.js';
import * as credentials from '../server/src/dns/credentials.js';
import { DNS_PROVIDER_KINDS } from '../server/src/dns/registry.js';
import { settingsOfKind } from '../server/src/dns/provider-kind.js';
import { appOfDomain } from '../server/src/domains/domain-service.js';
import { AppType } from './app.type.js';
import { requireScope, type GraphQLContext } from './context.js';

@ObjectType('DnsProviderSetting', { simpleResolvers: true })
class DnsProviderSettingType {
  @Field(() => String) name: string;
  @Field(() => Boolean) required: boolean;
  @Field(() => Boolean, { description: 'A credential: sealed at rest, never shown again.' }) secret: boolean;
  @Field(() => String) description: string;
}

@ObjectType('DnsProviderKind', { simpleResolvers: true, description: 'A DNS provider certplane can answer DNS-01 challenges with, and its settings.' })
class DnsProviderKindType {
  @Field(() => String) name: string;
  @Field(() => String) title: string;
  @Field(() => [DnsProviderSettingType]) settings: DnsProviderSettingType[];
}

@ObjectType('DnsCredentials', { simpleResolvers: true, description: 'Credentials of a DNS provider, for an organization or one app; their values are never shown.' })
class DnsCredentialsType {
  @Field(() => ID) id: string;
  @Field(() => String) provider: string;
  @Field(() => String, { nullable: true, description: 'Only names at or under this zone; null: every name.' }) zone: string | null;
  @Field(() => [String], { description: 'Names of the settings stored (values are sealed and never readable).' }) settingNames: string[];
  @Field(() => Date) createdAt: Date;
  appId: string | null;
}

@InputType()
class DnsSettingInput {
  @Field(() => String) name: string;
  @Field(() => String) value: string;
}

@InputType()
class SetDnsCredentialsInput {
  @Field(() => String, { nullable: true, description: 'App id or name; omitted: every app of the organization.' }) app?: string;
  @Field(() => String, { nullable: true, description: 'Only for names at or under this zone; omitted: every name.' }) zone?: string;
  @Field(() => String, { description: 'A provider name from dnsProviders, e.g. route53, cloudflare, rfc2136.' }) provider: string;
  @Field(() => [DnsSettingInput]) settings: DnsSettingInput[];
}

@Resolver(() => DnsCredentialsType)
export class DnsCredentialsResolver {
  @Query(() => [DnsProviderKindType], { description: 'The DNS providers certplane supports and their settings.' })
  dnsProviders(@Ctx() ctx: GraphQLContext) {
    requireScope(ctx, 'read');
    return DNS_PROVIDER_KINDS.map((k) => ({ name: k.name, title: k.title, settings: settingsOfKind(k) }));
  }

  @Query(() => [DnsCredentialsType], { description: "The organization's DNS provider credentials (names only, never values)." })
  async dnsCredentials(@Ctx() ctx: GraphQLContext) {
    return credentials.listDnsCredentials(ctx.app, requireScope(ctx, 'read'));
  }

  @Mutation(() => DnsCredentialsType, {
    description:
      "Set (or replace) a DNS provider's credentials for the organization, one app, or names under one zone. Checked at once with a harmless read (listing zones): a refusal is BAD_USER_INPUT and nothing is stored. Sealed at rest, never readable back. Challenges of the app use the most specific set: the app's before the organization's, a zone's before every name's, the installation's provider last.",
  })
  async setDnsCredentials(@Arg('input', () => SetDnsCredentialsInput) input: SetDnsCredentialsInput, @Ctx() ctx: GraphQLContext) {
    return credentials.setDnsCredentials(ctx.app, requireScope(ctx, 'write'), input);
  }

  @Mutation(() => Boolean, { description: 'Delete DNS provider credentials. Challenge records they wrote for an order still in flight are left in DNS (removing them needs the credentials).' })
  async deleteDnsCredentials(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    await credentials.deleteDnsCredentials(ctx.app, requireScope(ctx, 'write'), id);
    return true;
  }

  @FieldResolver(() => AppType, { nullable: true, description: 'The app these credentials are for; null: every app.' })
  async app(@Root() c: DnsCredentialsRow, @Ctx() ctx: GraphQLContext) {
    return c.appId ? appOfDomain(ctx.app, { appId: c.appId }) : null;
  }
}
