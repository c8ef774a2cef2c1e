import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import * as certs from '../server/src/certificates/certificate-service.js';
import { hasScope } from '../server/src/auth/tokens.js';
import type { CertificateStatus, KeyType } from '../server/src/certificates/status.js';
import type { TopicPayloads } from '../server/src/pubsub/topics.js';
import { CertificateEventType, CertificateType } from './certificate.type.js';
import { Connection, toConnection } from './connection.js';
import { certificateReader, requireScope, type GraphQLContext } from './context.js';
import { onceForEvent } from './once-for-event.js';
import { connectionNodeFields } from './selection.js';
import { DomainType } from './domain.type.js';
import { CertificateStatusEnum, KeyTypeEnum, RevocationReasonEnum } from './enums.js';
import { forbidden } from '../server/src/errors.js';
import { limitsCard } from '../server/src/plans/plan-gate.js';

@ObjectType('Limits', { simpleResolvers: true, description: "The organization's plan and what it allows (CertaDNS's limits card)." })
class LimitsType {
  @Field(() => String) plan: string;
  @Field(() => Int, { nullable: true, description: 'Most active certificates; null: no limit.' }) max: number | null;
  @Field(() => Int, { description: 'Active certificates now (pending, validating, issued, custom waiting for ownership).' }) current: number;
  @Field(() => Boolean) wildcardEnabled: boolean;
  @Field(() => Boolean) autoRenewEnabled: boolean;
  @Field(() => Boolean) apiEnabled: boolean;
  @Field(() => Boolean) manualRenewalEnabled: boolean;
}

const CertificateConnection = Connection(CertificateType, 'Certificate');
// One field more on this connection only: a promise (read when asked), like totalCount.
Field(() => LimitsType, { simple: false, description: "The organization's limits card: its plan's quota and what it allows." })(CertificateConnection.prototype, 'limits');
const CertificateEventConnection = Connection(CertificateEventType, 'CertificateEvent');

@ArgsType()
class EventsArgs {
  @Field(() => ID, { description: 'Certificate id.' }) id: string;
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
}

@InputType()
class RequestCertificateInput {
  @Field(() => ID, { description: 'Domain id.' }) domain: string;
  @Field(() => [String], { defaultValue: [], description: 'Extra names: the domain itself or names under it; with zones required (CERTPLANE_REQUIRE_ZONES), any name under a verified zone of the organization that holds the domain.' }) sans: string[];
  @Field(() => Boolean, { defaultValue: true }) autoRenew: boolean;
  @Field(() => KeyTypeEnum, { defaultValue: 'RSA_2048' }) keyType: KeyType;
}

@InputType()
class UpdateCertificateInput {
  @Field(() => Boolean, { nullable: true }) autoRenew?: boolean;
}

@ArgsType()
class CertificatesArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
  @Field(() => String, { nullable: true, description: 'Hostname substring filter.' }) hostname?: string;
  @Field(() => CertificateStatusEnum, { nullable: true }) status?: CertificateStatus;
  @Field(() => ID, { nullable: true, description: 'Only this domain.' }) domain?: string;
}

@Resolver(() => CertificateType)
export class CertificateResolver {
  @Query(() => CertificateConnection)
  async certificates(@Args(() => CertificatesArgs) args: CertificatesArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const org = requireScope(ctx, 'read');
    const connection = toConnection(await certs.listCertificates(ctx.app, org, args, connectionNodeFields(info)), (c) => c);
    // Not enumerable: nothing that copies the connection (the compiled executor, the list cache) counts the limits unless a query asks for them.
    return Object.defineProperty(connection, 'limits', { get: () => limitsCard(ctx.app, org), enumerable: false });
  }

  @Query(() => CertificateType)
  async certificate(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return certs.findCertificate(ctx.app, requireScope(ctx, 'read'), id);
  }

  @Query(() => CertificateEventConnection, { description: 'Every step of a certificate, oldest first.' })
  async certificateEvents(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await certs.listCertificateEvents(ctx.app, requireScope(ctx, 'read'), args.id, args), (e) => e);
  }

  @Mutation(() => CertificateType, {
    description:
      'Queue an ACME order; returns the PENDING certificate. A domain holds one active ACME certificate per key family (RSA and ECDSA side by side, as Fly issues both; a third is CONFLICT), beside its custom certificate.',
  })
  async requestCertificate(@Arg('input', () => RequestCertificateInput) input: RequestCertificateInput, @Ctx() ctx: GraphQLContext) {
    return certs.requestCertificate(ctx.app, requireScope(ctx, 'write'), input);
  }

  @Mutation(() => CertificateType, { description: 'Change autoRenew; omitted fields keep their value.' })
  async updateCertificate(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateCertificateInput) input: UpdateCertificateInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return certs.updateCertificate(ctx.app, requireScope(ctx, 'write'), id, input);
  }

  @Mutation(() => CertificateType, {
    description:
      'Renew now: an ISSUED certificate starts a new order with a new key and stays served until the new one takes over; a FAILED or EXPIRED one is ordered again. CONFLICT while an order is in flight, and for a REVOKED certificate.',
  })
  async renewCertificate(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return certs.renewCertificate(ctx.app, requireScope(ctx, 'write'), id);
  }

  @Mutation(() => CertificateType, { description: 'Revoke at the CA. A certificate the CA already revoked (ACME alreadyRevoked) is recorded as revoked.' })
  async revokeCertificate(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => RevocationReasonEnum, { defaultValue: 'UNSPECIFIED' }) reason: certs.RevocationReason,
    @Ctx() ctx: GraphQLContext,
  ) {
    return certs.revokeCertificate(ctx.app, requireScope(ctx, 'write'), id, reason);
  }

  @Mutation(() => Boolean)
  async deleteCertificate(
    @Arg('id', () => ID) id: string,
    @Arg('revoke', () => Boolean, { defaultValue: false, description: 'Revoke at the CA first.' }) revoke: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    await certs.deleteCertificate(ctx.app, requireScope(ctx, 'write'), id, revoke);
    return true;
  }

  @FieldResolver(() => DomainType, {
    description: "The certificate's domain. The platform certificate, reached through a default domain's primaryCertificate: that default domain.",
  })
  async domain(@Root() c: certs.CertificateView & { servedDomainId?: string }, @Ctx() ctx: GraphQLContext) {
    return certs.domainOfCertificate(ctx.app, certificateReader(ctx, 'read'), c);
  }

  @FieldResolver(() => Boolean, {
    description: 'An ACME order is running for this certificate: its first issuance (PENDING, VALIDATING) or a renewal of an ISSUED one, which stays served meanwhile.',
  })
  async orderInFlight(@Root() c: certs.CertificateView, @Ctx() ctx: GraphQLContext) {
    return certs.orderInFlight(ctx.app, c);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Whole days until expiresAt (rounded down; negative once expired); null before issuance. Custom certificates are announced 30, 14, 7 and 1 days before (certificateEvents, type expiry_warning).',
  })
  daysLeft(@Root() c: certs.CertificateView, @Ctx() ctx: GraphQLContext) {
    return certs.daysLeft(c, ctx.app.now());
  }

  @FieldResolver(() => String, { nullable: true, description: 'PEM chain, leaf first.' })
  async certificatePem(@Root() c: certs.CertificateView, @Ctx() ctx: GraphQLContext) {
    return certs.loadCertificatePem(ctx.app, c);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Private key PEM. Needs a token with the certificates:read_private_key scope, and the certificate to be the organization's: the platform certificate (a default domain's primary certificate) is FORBIDDEN; its key is read with the platform-operator credential (platformCertificate).",
  })
  async privateKeyPem(@Root() c: certs.CertificateView, @Ctx() ctx: GraphQLContext) {
    const reader = certificateReader(ctx, 'read');
    if (!('operator' in reader) && !hasScope(ctx.caller!, 'certificates:read_private_key')) {
      throw forbidden('reading private keys needs a token with the certificates:read_private_key scope');
    }
    return certs.readPrivateKey(ctx.app, reader, c);
  }

  @Subscription(() => CertificateType, {
    description: "Every status change of the organization's certificates (or of one certificate).",
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const org = requireScope(ctx, 'read');
      const id = (args as { id?: string }).id;
      const events = () => ctx.bus.subscribe('CERTIFICATE_STATUS_CHANGED', (p) => p.organizationId === org && (!id || p.certificateId === id));
      // One certificate: it must exist in the caller's organization (NOT_FOUND, as over HTTP).
      return id ? certs.findCertificate(ctx.app, org, id).then(events) : events();
    },
  })
  async certificateStatusChanged(
    @Root() event: TopicPayloads['CERTIFICATE_STATUS_CHANGED'],
    @Arg('id', () => ID, { nullable: true }) _id: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    // Every subscriber receives the same event object: load the certificate once per event, not per subscriber.
    const cert = await onceForEvent(event, () => certs.findCertificate(ctx.app, event.organizationId, event.certificateId));
    return { ...cert, status: event.status };
  }
}
