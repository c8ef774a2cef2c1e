import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { DomainRow } from '../server/src/db/entities.js';
import * as domains from '../server/src/domains/domain-service.js';
import type { TopicPayloads } from '../server/src/pubsub/topics.js';
import { AppType } from './app.type.js';
import { CertificateType } from './certificate.type.js';
import { Connection, toConnection } from './connection.js';
import { requireScope, type GraphQLContext } from './context.js';
import { onceForEvent } from './once-for-event.js';
import { ActionRequiredType, DnsRequirements, DomainEventType, DomainType, LetsencryptStatusEnum } from './domain.type.js';
import { dnsRequirements } from '../server/src/domains/dns-requirements.js';
import { listDomainEvents } from '../server/src/domains/domain-events.js';
import { deleteAcmeCertificates } from '../server/src/certificates/certificate-service.js';

const DomainConnection = Connection(DomainType, 'Domain');
const DomainEventConnection = Connection(DomainEventType, 'DomainEvent');

@ArgsType()
class DomainEventsArgs {
  @Field(() => String, { description: 'Hostname (normalised); events of a domain since removed stay readable by hostname.' }) hostname: string;
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
}

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

  @Mutation(() => Boolean, {
    description: 'Detach a hostname; its certificates are deleted. With revoke, its issued ACME certificates are revoked at the CA first (a refusal stops the removal); custom certificates are never revoked here.',
  })
  async removeDomain(
    @Arg('id', () => ID) id: string,
    @Arg('revoke', () => Boolean, { defaultValue: false, description: 'Revoke issued ACME certificates at the CA first.' }) revoke: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    await domains.removeDomain(ctx.app, requireScope(ctx, 'write'), id, { revoke });
    return true;
  }

  @Mutation(() => DomainType, {
    description: "Stop ACME for the hostname: Let's Encrypt off (no orders, no renewals) and its ACME certificates deleted (not revoked); a custom certificate keeps serving.",
  })
  async deleteAcmeCertificates(@Arg('domain', () => ID, { description: 'Domain id.' }) domain: string, @Ctx() ctx: GraphQLContext) {
    const org = requireScope(ctx, 'write');
    await deleteAcmeCertificates(ctx.app, org, domain);
    return domains.findDomain(ctx.app, org, domain);
  }

  @Query(() => DomainEventConnection, { description: "A hostname's events in the organization, oldest first." })
  async domainEvents(@Args(() => DomainEventsArgs) args: DomainEventsArgs, @Ctx() ctx: GraphQLContext) {
    const org = requireScope(ctx, 'read');
    const host = domains.parseHostname(args.hostname).hostname;
    return toConnection(await listDomainEvents(ctx.app, org, host, args), (e) => e);
  }

  @FieldResolver(() => [CertificateType], { description: "The domain's certificates: its custom one and its ACME ones (one per key family at most active), newest first." })
  async certificates(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext) {
    return domains.certificatesOfDomain(ctx.app, d);
  }

  @FieldResolver(() => ActionRequiredType, {
    nullable: true,
    description: "What the customer must do while the domain is ACTION_REQUIRED (for manual DNS-01: the exact TXT records); null otherwise.",
  })
  async actionRequired(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext) {
    return domains.actionRequired(ctx.app, d);
  }

  @FieldResolver(() => CertificateType, {
    nullable: true,
    description: 'What an edge should serve: the valid custom certificate, else the newest valid ACME one; null when none is valid.',
  })
  async primaryCertificate(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext) {
    return domains.primaryCertificate(ctx.app, d);
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
    const cert = await domains.newestCertificate(ctx.app, d, 'ACME');
    if (!cert) return d.status === 'PENDING_DNS' ? 'PENDING_DNS' : 'PENDING';
    return ['PENDING', 'VALIDATING', 'ISSUED', 'FAILED'].includes(cert.status) ? cert.status : 'FAILED';
  }

  @FieldResolver(() => DnsRequirements)
  dnsRequirements(@Root() d: DomainRow, @Ctx() ctx: GraphQLContext): DnsRequirements {
    const req = dnsRequirements(ctx.app.config, d);
    return { ...req, acmeChallengeRecord: req.acmeChallenge.name };
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
