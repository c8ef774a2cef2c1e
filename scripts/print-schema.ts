/** Prints the GraphQL schema SDL; `npm run schema` writes it to schema/schema.graphql (checked by a test). */
import 'reflect-metadata';
import { createSchema } from '../schema/build-schema.js';
import { printSchemaSdl } from '../schema/print.js';

process.stdout.write(printSchemaSdl(await createSchema()));
