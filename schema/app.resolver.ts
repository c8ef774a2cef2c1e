import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { findOrganization, listApps } from '../server/src/domains/domain-service.js';
import { createApp, defaultDomainOf, deleteApp, renameApp } from '../server/src/domains/app-service.js';
import type { AppRow } from '../server/src/db/entities.js';
import { DomainType } from './domain.type.js';
import { createApiToken, listApiTokens, revokeApiToken, SCOPES } from '../server/src/auth/tokens.js';
import { ApiTokenCreated, ApiTokenType, AppType, OrganizationType } from './app.type.js';
import { requireScope, type GraphQLContext } from './context.js';
import { badInput } from '../server/src/errors.js';

@Resolver(() => AppType)
export class AppResolver {
  @Query(() => OrganizationType, { description: "The caller's organization." })
  async organization(@Ctx() ctx: GraphQLContext) {
    return findOrganization(ctx.app, requireScope(ctx, 'read'));
  }

  @Query(() => [AppType])
  async apps(@Ctx() ctx: GraphQLContext) {
    return listApps(ctx.app, requireScope(ctx, 'read'));
  }

  @Mutation(() => AppType, {
    description:
      'Create an app. With a platform domain (CERTPLANE_PLATFORM_DOMAIN) it gets its default domain <name>.<platform domain> at once (IN_USE, served by the platform certificate); the name must then be free on the platform (CONFLICT otherwise).',
  })
  async createApp(@Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext) {
    return createApp(ctx.app, requireScope(ctx, 'write'), name);
  }

  @Mutation(() => AppType, { description: 'Rename an app (id or name); its default domain is renamed with it (same domain id).' })
  async renameApp(@Arg('id', () => ID, { description: 'App id or name.' }) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext) {
    return renameApp(ctx.app, requireScope(ctx, 'write'), id, name);
  }

  @Mutation(() => Boolean, { description: 'Delete an app (id or name) with all its domains, its default domain included, and their certificates (not revoked).' })
  async deleteApp(@Arg('id', () => ID, { description: 'App id or name.' }) id: string, @Ctx() ctx: GraphQLContext) {
    await deleteApp(ctx.app, requireScope(ctx, 'write'), id);
    return true;
  }

  @FieldResolver(() => DomainType, {
    nullable: true,
    description: "The app's default domain <app>.<platform domain>, served by the platform certificate; null when the platform has no platform domain (CERTPLANE_PLATFORM_DOMAIN).",
  })
  async defaultDomain(@Root() app: AppRow, @Ctx() ctx: GraphQLContext) {
    return defaultDomainOf(ctx.app, app);
  }

  @Mutation(() => ApiTokenCreated, { description: `Create an API token for this organization (needs admin). Scopes: ${SCOPES.join(', ')}.` })
  async createApiToken(
    @Arg('name', () => String) name: string,
    @Arg('scopes', () => [String]) scopes: string[],
    @Ctx() ctx: GraphQLContext,
  ) {
    const org = requireScope(ctx, 'admin');
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw badInput(`unknown scope ${unknown.join(', ')}; valid: ${SCOPES.join(', ')}`, 'scopes');
    if (scopes.length === 0) throw badInput('give at least one scope', 'scopes');
    if (!name.trim() || name.length > 100) throw badInput('name must be 1-100 characters', 'name');
    const { token, row } = await createApiToken(ctx.app.db.manager, org, name.trim(), [...new Set(scopes)]);
    return { id: row.id, name: row.name, scopes: row.scopes, token };
  }

  @Query(() => [ApiTokenType], { description: "The organization's API tokens, oldest first (needs admin). Secrets are never shown again." })
  async apiTokens(@Ctx() ctx: GraphQLContext) {
    return listApiTokens(ctx.app.db, requireScope(ctx, 'admin'));
  }

  @Mutation(() => Boolean, {
    description: "Revoke an API token (needs admin): every API process stops accepting it, and its subscriptions end. The organization's last admin token cannot be revoked (CONFLICT).",
  })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    await revokeApiToken(ctx.app.db, requireScope(ctx, 'admin'), id);
    return true;
  }
}
