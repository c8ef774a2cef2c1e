import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AppResolver } from './app.resolver.js';
import { CertificateResolver } from './certificate.resolver.js';
import { DomainResolver } from './domain.resolver.js';
import { CustomCertificateResolver } from './custom-certificate.resolver.js';
import { DomainCheckResolver } from './domain-check.resolver.js';
import { DnsCredentialsResolver } from './dns-credentials.resolver.js';
import { OperatorResolver } from './operator.resolver.js';
import { ZoneResolver } from './zone.resolver.js';
import { DateTimeISO } from './date-scalar.js';

/** The executable schema; `npm run schema` prints it to schema/schema.graphql. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [AppResolver, DomainResolver, CertificateResolver, CustomCertificateResolver, DomainCheckResolver, DnsCredentialsResolver, ZoneResolver, OperatorResolver],
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    // Every subscription brings its own `subscribe` over the Postgres-backed event bus; this one is never used.
    pubSub: {
      publish: () => {
        throw new Error('publish through server/src/pubsub/publish.ts');
      },
      subscribe: () => {
        throw new Error('subscriptions use the event bus');
      },
    },
  });
}
