import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createSchema } from './build-schema.js';
import { printSchemaSdl } from './print.js';

describe('schema/schema.graphql', () => {
  it('matches the schema the resolvers build (run `npm run schema` after changing the API)', async () => {
    const committed = await readFile(new URL('./schema.graphql', import.meta.url), 'utf8');
    expect(printSchemaSdl(await createSchema())).toBe(committed);
  });
});
