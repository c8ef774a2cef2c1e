import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from '../../../schema/build-schema.js';
import { createQueryLimitsRule } from './query-limits.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

const rule = createQueryLimitsRule({ maxDepth: 6, maxFields: 20, maxTokens: 1000 });
const errorsOf = (query: string) => validate(schema, parse(query), [...specifiedRules, rule]).map((e) => [e.extensions.code, e.message]);

describe('query limits', () => {
  it('accepts an ordinary page query', () => {
    expect(errorsOf('{ certificates(first: 10) { totalCount edges { node { id hostname domain { app { name } } } } } }')).toEqual([]);
  });

  it('rejects a query nested deeper than the limit, through domain/certificate cycles', () => {
    const deep = '{ domain(id: "x") { certificate { domain { certificate { domain { certificate { id } } } } } } }';
    expect(errorsOf(deep)).toEqual([['QUERY_TOO_COMPLEX', 'query is nested 7 levels deep; the limit is 6']]);
  });

  it('counts depth through fragments, and stops on fragment cycles', () => {
    const q = `{ domain(id: "x") { ...D } }
      fragment D on Domain { certificate { domain { certificate { domain { certificate { id } } } } } }`;
    expect(errorsOf(q)[0]).toEqual(['QUERY_TOO_COMPLEX', 'query is nested 7 levels deep; the limit is 6']);
    const cyclic = `{ domain(id: "x") { ...A } } fragment A on Domain { id ...B } fragment B on Domain { id ...A }`;
    const errors = errorsOf(cyclic);
    expect(errors.some(([, m]) => /Cannot spread fragment "A" within itself/.test(String(m)))).toBe(true);
    expect(errors.filter(([code]) => code === 'QUERY_TOO_COMPLEX')).toEqual([]);
  });

  it("accepts GraphiQL's introspection query, deeper than the data limit", () => {
    expect(errorsOf(getIntrospectionQuery())).toEqual([]);
  });

  it('rejects documents that select too many fields, aliases included', () => {
    const wide = `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: organization { id }`).join(' ')} }`;
    expect(errorsOf(wide)).toContainEqual(['QUERY_TOO_COMPLEX', 'query selects more than 20 fields; ask for fewer or page through results']);
  });
});
