import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { OrganizationRow } from '../server/src/db/entities.js';
import * as operator from '../server/src/operator/organizations.js';
import { importPlatformCertificate, platformCertificate } from '../server/src/platform/platform-certificate.js';
import { CertificateType } from './certificate.type.js';
import { ApiTokenCreated, OrganizationType } from './app.type.js';
import { requireOperator, type GraphQLContext } from './context.js';

@ObjectType('PlanDefinition', { simpleResolvers: true, description: 'A plan of the configured table (CERTPLANE_PLANS).' })
export class PlanDefinitionType {
  @Field(() => String) name: string;
  @Field(() => Int, { nullable: true, description: 'Most active certificates; null: no limit.' }) maxCertificates: number | null;
  @Field(() => Boolean) api: boolean;
  @Field(() => Boolean) wildcard: boolean;
  @Field(() => Boolean) autoRenew: boolean;
  @Field(() => Boolean) manualRenewal: boolean;
}

@ObjectType('OrganizationUsage', { simpleResolvers: true })
class OrganizationUsageType {
  @Field(() => Int) domains: number;
  @Field(() => Int, { description: 'Active certificates (what the plan counts).' }) certificates: number;
}

@ObjectType('OrganizationCreated', { simpleResolvers: true })
class OrganizationCreatedType {
  @Field(() => OrganizationType) organization: OrganizationRow;
  @Field(() => ApiTokenCreated, { description: "The organization's first admin token, shown only this once." }) token: ApiTokenCreated;
}

/** The operator part of the API: every field needs the platform-operator credential (FORBIDDEN for organization tokens). */
@Resolver(() => OrganizationType)
export class OperatorResolver {
  @Query(() => [PlanDefinitionType], { description: 'The plans table (anyone authenticated may read it).' })
  plans(@Ctx() ctx: GraphQLContext) {
    if (!ctx.caller) requireOperator(ctx); // UNAUTHENTICATED, as everywhere
    return ctx.app.config.plans;
  }

  @Query(() => [OrganizationType], { description: 'Operator: every organization, oldest first.' })
  async organizations(@Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.listOrganizations(ctx.app);
  }

  @Mutation(() => OrganizationCreatedType, { description: 'Operator: create an organization (plan default CERTPLANE_DEFAULT_PLAN) with its first admin token.' })
  async createOrganization(@Arg('name', () => String) name: string, @Arg('plan', () => String, { nullable: true }) plan: string | undefined, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.createOrganizationAsOperator(ctx.app, { name, plan });
  }

  @Mutation(() => OrganizationType, { description: 'Operator: rename an organization.' })
  async renameOrganization(@Arg('id', () => ID) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.renameOrganization(ctx.app, id, name);
  }

  @Mutation(() => OrganizationType, { description: 'Operator: suspend an organization: its tokens are refused (FORBIDDEN, reason ORGANIZATION_SUSPENDED) until it is resumed; its certificates keep renewing.' })
  async suspendOrganization(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.setSuspended(ctx.app, id, true);
  }

  @Mutation(() => OrganizationType, { description: 'Operator: resume a suspended organization.' })
  async resumeOrganization(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.setSuspended(ctx.app, id, false);
  }

  @Mutation(() => OrganizationType, {
    description: "Operator: change an organization's plan. A downgrade deletes nothing: over its quota it cannot add certificates, and automatic renewal goes off (with events) where the new plan lacks it.",
  })
  async setOrganizationPlan(@Arg('id', () => ID) id: string, @Arg('plan', () => String) plan: string, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.setPlan(ctx.app, id, plan);
  }

  @Mutation(() => Boolean, { description: 'Operator: delete an organization and everything it holds (certificates are not revoked).' })
  async deleteOrganization(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    await operator.deleteOrganization(ctx.app, id);
    return true;
  }

  @Mutation(() => ApiTokenCreated, { description: "Operator: mint a token for an organization (e.g. its first admin token, or one to replace a lost one)." })
  async createOrganizationToken(
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String) name: string,
    @Arg('scopes', () => [String], { defaultValue: ['admin'] }) scopes: string[],
    @Ctx() ctx: GraphQLContext,
  ) {
    requireOperator(ctx);
    return operator.createOrganizationToken(ctx.app, id, name, scopes);
  }

  @Query(() => CertificateType, {
    nullable: true,
    description:
      "Operator: the platform certificate *.<platform domain> that serves every app's default domain (CERTPLANE_PLATFORM_DOMAIN): the one serving, else the newest (being ordered, or FAILED with its reason); null without a platform domain. Its privateKeyPem is readable with this credential only.",
  })
  async platformCertificate(@Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return platformCertificate(ctx.app);
  }

  @Mutation(() => CertificateType, {
    description:
      "Operator: import the platform certificate from another CA (a leaf naming *.<platform domain>, its intermediates and key, checked as importCustomCertificate checks). It serves every default domain at once, before certplane's ACME one (which stands by); importing again replaces it. NOT_FOUND without a platform domain.",
  })
  async importPlatformCertificate(
    @Arg('certificateChainPem', () => String, { description: 'Leaf and intermediates, PEM, any order.' }) certificateChainPem: string,
    @Arg('privateKeyPem', () => String, { description: 'PKCS#1, PKCS#8 or SEC1 PEM, unencrypted.' }) privateKeyPem: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    requireOperator(ctx);
    return importPlatformCertificate(ctx.app, { certificateChainPem, privateKeyPem });
  }

  @FieldResolver(() => OrganizationUsageType, { description: 'Operator: its domains and active certificates, counted now.' })
  async usage(@Root() o: OrganizationRow, @Ctx() ctx: GraphQLContext) {
    requireOperator(ctx);
    return operator.organizationUsage(ctx.app, o.id);
  }
}
