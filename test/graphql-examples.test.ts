import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

/** The documents in examples/graphql/ stay valid against the schema they document. */
describe('examples/graphql', async () => {
  const schema = buildSchema(await readFile('schema/schema.graphql', 'utf8'));
  const files = (await readdir('examples/graphql')).filter((f) => f.endsWith('.graphql'));
  it('has examples', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s validates against schema/schema.graphql', async (file) => {
    const errors = validate(schema, parse(await readFile(path.join('examples/graphql', file), 'utf8')));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
