import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
let before: Record<string, number>;

async function counts(): Promise<Record<string, number>> {
  const [row] = await t.app.ctx.db.query(
    `select (select count(*) from organizations)::int orgs, (select count(*) from api_tokens)::int tokens, (select count(*) from apps)::int apps,
            (select count(*) from domains)::int domains, (select count(*) from certificates)::int certs`,
  );
  return row;
}

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}`, ...headers },
    body,
  });
  const text = await res.text();
  let json: { errors?: Array<{ message: string; extensions?: { code?: string } }> } = {};
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "hostile") { id } }');
  before = await counts();
});
afterAll(async () => {
  await t?.stop();
});

const deep = `{ domains { edges { node { certificate { domain { certificate { domain { certificate { domain { certificate { domain { certificate { domain { id } } } } } } } } } } } } } }`;
const wide = `{ ${Array.from({ length: 1600 }, (_, i) => `a${i}: organization { id }`).join(' ')} }`;
const huge = `{ ${'organization { id } '.repeat(6000)} }`;
const mutationFlood = `mutation { ${Array.from({ length: 800 }, (_, i) => `m${i}: createApp(name: "flood-${i}") { id }`).join(' ')} }`;

describe('hostile GraphQL documents and requests', () => {
  it.each([
    ['a query nested past the depth limit', deep, 'GRAPHQL_VALIDATION_FAILED', /nested 13 levels deep; the limit is 12/],
    ['a query with thousands of aliased fields', wide, 'GRAPHQL_VALIDATION_FAILED', /more than 1500 fields/],
    ['a document past the parser token limit', huge, 'GRAPHQL_PARSE_FAILED', /tokens/],
    ['a mutation document that would create 800 apps', mutationFlood, 'GRAPHQL_VALIDATION_FAILED', /more than 1500 fields/],
    ['a syntax error', '{ domains { ', 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ['an unknown field', '{ nope }', 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "nope"/],
  ])('answers %s with a clear error', async (_name, query, code, message) => {
    const r = await post(JSON.stringify({ query }));
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0].extensions?.code).toBe(code);
    expect(r.json.errors?.[0].message).toMatch(message);
  });

  it.each([
    ['a body that is not JSON', '{"query": ', 400, /./],
    ['a body over 1 MB', JSON.stringify({ query: `{ organization { id } } #${'x'.repeat(1_100_000)}` }), 413, /larger than 1mb/],
    ['a JSON body without a query', '{"variables": {}}', 400, /query/i],
  ])('answers %s with an HTTP error', async (_name, body, status, message) => {
    const r = await post(body);
    expect(r.status).toBe(status);
    expect(r.text).toMatch(message);
  });

  it.each([
    ['no token', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a random string', { authorization: 'Bearer not-a-token' }],
    ['a well-formed but unknown token', { authorization: `Bearer cpt_${'A'.repeat(43)}` }],
    ['a token with SQL in it', { authorization: "Bearer cpt_' or 1=1 --" }],
    ['a 10 kB token', { authorization: `Bearer cpt_${'a'.repeat(10_000)}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
  ])('refuses %s as UNAUTHENTICATED', async (_name, headers) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: 'mutation { createApp(name: "sneaky") { id } }' }),
    });
    const json = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('masks unexpected errors: a bad cursor is a user error, never a stack trace', async () => {
    const r = await gql(t.url, t.token, '{ domains(after: "%%%") { totalCount } }');
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('is still up and changed nothing in the database afterwards', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });
});
