import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { checkDomain, type DomainCheckResult } from '../server/src/domains/check-domain.js';
import * as domains from '../server/src/domains/domain-service.js';
import { requireScope, type GraphQLContext } from './context.js';
import { DomainCheckType } from './domain-check.type.js';
import { DomainType } from './domain.type.js';

@Resolver(() => DomainCheckType)
export class DomainCheckResolver {
  @Mutation(() => DomainCheckType, {
    description:
      "Look at the domain's DNS now (authoritative servers and resolvers): records seen, flags, and the exact records to fix. Moves the domain on at once when it now points at the platform or its ownership TXT is there; logged in domainEvents. One real lookup per domain per 5 s (else the last result, cached: true).",
  })
  async checkDomain(@Arg('id', () => ID, { description: 'Domain id.' }) id: string, @Ctx() ctx: GraphQLContext) {
    return checkDomain(ctx.app, requireScope(ctx, 'write'), id);
  }

  @FieldResolver(() => DomainType, { description: 'The domain after the check.' })
  async domain(@Root() c: DomainCheckResult, @Ctx() ctx: GraphQLContext) {
    return domains.findDomain(ctx.app, requireScope(ctx, 'read'), c.domainId);
  }
}
