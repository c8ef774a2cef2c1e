import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { DomainRow } from '../server/src/db/entities.js';
import * as domains from '../server/src/domains/domain-service.js';
import type { TopicPayloads } from '../server/src/pubsub/topics.js';
import { AppType } from './app.type.js';
import { CertificateType } from './certificate.type.js';
import { Connection, toConnection } from './connection.js';
import { requireScope, type GraphQLContext } from './context.js';
import { onceForEvent } from './once-for-event.js';
import { DnsRequirements, DomainType, LetsencryptStatusEnum } from './domain.type.js';

const DomainConnection = Connection(DomainType, 'Domain');

@InputType()
class AddDomainInput {
  @Field(() => String, { description: 'App id or name.' }) app: string;
  @Field(() => String) hostname: string;
  @Field(() => Boolean, { defaultValue: true, description: "Issue a Let's Encrypt certificate once DNS points at the platform." })
  letsencryptEnabled: boolean;
}

@InputType()
class UpdateDomainInput {
  @Field(() => Boolean, { nullable: true }) canonical?: boolean;
  @Field(() => Boolean, { nullable: true }) letsencryptEnabled?: boolean;
}

@ArgsType()
class DomainsArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
  @Field(() => String, { nullable: true, description: 'Hostname substring filter.' }) hostname?: string;
  @Field(() => String, { nullable: true, description: 'App id or name.' }) app?: string;
}

@Resolver(() => DomainType)
export class DomainResolver {
  @Query(() => DomainConnection)
  async domains(@Args(() => DomainsArgs) args: DomainsArgs, @Ctx() ctx: GraphQLContext) {
    const org = requireScope(ctx, 'read');
    return toConnection(await domains.listDomains(ctx.app, org, args), (d) => d);
  }

  @Query(() => DomainType)
  async domain(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return domains.findDomain(ctx.app, requireScope(ctx, 'read'), id);
  }

  @Query(() => DomainType, { description: 'The domain with exactly this hostname (case, trailing dot and IDN normalised).' })
  async domainByHostname(@Arg('hostname', () => String) hostname: string, @Ctx() ctx: GraphQLContext) {
    return domains.findDomainByHostname(ctx.app, requireScope(ctx, 'read'), hostname);
  }

  @Mutation(() => DomainType, { description: 'Attach a hostname to an app. It starts PENDING_DNS until it points at the platform.' })
  async addDomain(@Arg('input', () => AddDomainInput) input: AddDomainInput, @Ctx() ctx: GraphQLContext) {
    return domains.addDomain(ctx.app, requireScope(ctx, 'write'), input);
  }

  @Mutation(() => DomainType, { description: 'Change canonical or letsencryptEnabled; omitted fields keep their value.' })
  async updateDomain(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateDomainInput) input: UpdateDomainInput, @Ctx() ctx: GraphQLContext) {
    return domains.updateDomain(ctx.app, requireScope(ctx, 'write'), id, input);
  }

  @Mutation(() => Boolean, { description: 'Detach a hostname; its certificates are deleted (not revoked).' })
  async removeDomain(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    await domains.removeDomain(ctx.app, requireScope(ctx, 'write'), id);
    return true;
  }

  @FieldResolver(() => AppType)
  async app(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext) {
    return domains.appOfDomain(ctx.app, d);
  }

  @FieldResolver(() => CertificateType, { nullable: true, description: 'The newest certificate of this domain.' })
  async certificate(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext) {
    return domains.newestCertificate(ctx.app, d);
  }

  @FieldResolver(() => LetsencryptStatusEnum)
  async letsencryptStatus(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext) {
    if (!d.letsencryptEnabled) return 'DISABLED';
    const cert = await this.certificate(d, ctx);
    if (!cert) return d.status === 'PENDING_DNS' ? 'PENDING_DNS' : 'PENDING';
    return ['PENDING', 'VALIDATING', 'ISSUED', 'FAILED'].includes(cert.status) ? cert.status : 'FAILED';
  }

  @FieldResolver(() => DnsRequirements)
  dnsRequirements(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext): DnsRequirements {
    const targets = ctx.app.config.platform.targets;
    const base = d.hostname.replace(/^\*\./, '');
    const names = targets.filter((t) => !/^[\d.:]+$/.test(t));
    const v4 = targets.filter((t) => /^\d+\.\d+\.\d+\.\d+$/.test(t));
    const v6 = targets.filter((t) => t.includes(':'));
    const records = names.length
      ? [{ name: d.hostname, type: 'CNAME', values: names.slice(0, 1) }]
      : [
          ...(v4.length ? [{ name: d.hostname, type: 'A', values: v4 }] : []),
          ...(v6.length ? [{ name: d.hostname, type: 'AAAA', values: v6 }] : []),
        ];
    return { targets, records, acmeChallengeRecord: `_acme-challenge.${base}` };
  }

  @Subscription(() => DomainType, {
    description: "Every status change of the organization's domains (or of one domain).",
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const org = requireScope(ctx, 'read');
      const id = (args as { id?: string }).id;
      const events = () => ctx.bus.subscribe('DOMAIN_STATUS_CHANGED', (p) => p.organizationId === org && (!id || p.domainId === id));
      // One domain: it must exist in the caller's organization (NOT_FOUND, as over HTTP).
      return id ? domains.findDomain(ctx.app, org, id).then(events) : events();
    },
  })
  async domainStatusChanged(
    @Root() event: TopicPayloads['DOMAIN_STATUS_CHANGED'],
    @Arg('id', () => ID, { nullable: true }) _id: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    // Every subscriber receives the same event object: load the domain once per event, not per subscriber.
    const domain = await onceForEvent(event, () => domains.findDomain(ctx.app, event.organizationId, event.domainId));
    return { ...domain, status: event.status }; // the status of this event, even if it has moved on since
  }
}
