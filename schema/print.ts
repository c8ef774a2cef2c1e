import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** The schema as committed in schema/schema.graphql: sorted, so the diff shows real changes only. */
export const printSchemaSdl = (schema: GraphQLSchema) => printSchema(lexicographicSortSchema(schema)) + '\n';
