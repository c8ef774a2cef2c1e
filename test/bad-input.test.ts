import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const ADD = 'mutation($app: String!, $h: String!) { addDomain(input: { app: $app, hostname: $h, letsencryptEnabled: false }) { id hostname isWildcard } }';
const domainCount = async () => (await gqlOk(t.url, t.token, '{ domains { totalCount } }')).domains.totalCount as number;

/** POSTs a raw body to /graphql; returns the status and the parsed JSON (or the text). */
async function post(body: string, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${t.token}` }, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, json };
}

describe('addDomain with a bad hostname', () => {
  const long = `${'a'.repeat(50)}.`.repeat(5) + 'test';
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /hostname is required/],
    ['only spaces', '   ', /hostname is required/],
    ['a space inside', 'my shop.test', /contains a space/],
    ['an IPv4 address', '192.0.2.1', /IP addresses are not allowed/],
    ['an IPv6 address', '2001:db8::1', /IP addresses are not allowed/],
    ['a bracketed IPv6 address', '[::1]', /IP addresses are not allowed/],
    ['a wildcard over a TLD', '*.com', /wildcard needs at least two labels after "\*\."/],
    ['a wildcard over a public suffix', '*.co.uk', /"co\.uk" is a public suffix, so a wildcard over it/],
    ['a public suffix', 'co.uk', /"co\.uk" is a public suffix/],
    ['a wildcard in the middle', 'a.*.b.test', /contains "\*"/],
    ['a bare wildcard', '*', /wildcard needs a domain/],
    ['a 64-character label', `${'x'.repeat(64)}.test`, /64 characters long; the maximum is 63/],
    ['more than 253 characters', long, new RegExp(`${long.length} characters long; the maximum is 253`)],
    ['localhost', 'localhost', /special-use name/],
    ['a name under .local', 'printer.local', /special-use name/],
    ['an underscore', 'my_shop.test', /contains "_"/],
    ['a single label', 'intranet', /at least two labels/],
    ['an empty label', 'a..b.test', /empty label/],
    ['a leading hyphen', '-shop.test', /starts or ends with a hyphen/],
    ['"--" in the third position', 'ab--cd.test', /reserved for "xn--"/],
    ['an all-numeric last label', 'shop.123', /all-numeric/],
  ];
  it.each(cases)('refuses %s with BAD_USER_INPUT on the hostname field, naming the problem, and writes nothing', async (_what, hostname, problem) => {
    const before = await domainCount();
    const res = await gql(t.url, t.token, ADD, { app: 'web', h: hostname });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hostname' });
    expect(res.errors?.[0].message).toMatch(problem);
    expect(res.data ?? null).toBeNull();
    expect(await domainCount()).toBe(before);
  });

  it('stores an internationalized name as punycode, and treats its other spellings as the same name', async () => {
    const { addDomain } = await gqlOk(t.url, t.token, ADD, { app: 'web', h: `bücher.${t.zone}` });
    expect(addDomain.hostname).toBe(`xn--bcher-kva.${t.zone}`);
    const { domains } = await gqlOk(t.url, t.token, 'query($h: String) { domains(hostname: $h) { edges { node { hostname } } } }', { h: 'xn--bcher' });
    expect(domains.edges).toEqual([{ node: { hostname: `xn--bcher-kva.${t.zone}` } }]);
    for (const spelling of [`BÜCHER.${t.zone.toUpperCase()}.`, `xn--bcher-kva.${t.zone}`]) {
      const again = await gql(t.url, t.token, ADD, { app: 'web', h: spelling });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    }
  });
});

describe('apps', () => {
  it('answers NOT_FOUND to addDomain for an app that does not exist, by name or by id', async () => {
    for (const app of ['nope', '00000000-0000-4000-8000-000000000000']) {
      const res = await gql(t.url, t.token, ADD, { app, h: `x.${t.zone}` });
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(res.errors?.[0].message).toContain(app);
    }
  });

  it.each(['', 'Shop', 'my_app', '-web', 'a'.repeat(64), 'web shop'])('refuses the app name %j with BAD_USER_INPUT on the name field', async (name) => {
    const res = await gql(t.url, t.token, 'mutation($n: String!) { createApp(name: $n) { id } }', { n: name });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(res.errors?.[0].message).toMatch(/not a valid app name/);
  });

  it('answers CONFLICT to a second app of the same name, and keeps one', async () => {
    const res = await gql(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    const { apps } = await gqlOk(t.url, t.token, '{ apps { name } }');
    expect(apps).toEqual([{ name: 'web' }]);
  });
});

describe('arguments outside their range', () => {
  it.each(['not-a-uuid', '', "1' or '1'='1", '00000000-0000-4000-8000-000000000000'])('answers NOT_FOUND, not a server error, to the id %j', async (id) => {
    for (const query of ['domain(id: $id) { id }', 'certificate(id: $id) { id }', 'certificateEvents(id: $id, first: 100) { nodes { id } }']) {
      const res = await gql(t.url, t.token, `query($id: ID!) { ${query} }`, { id });
      expect(res.errors?.[0].extensions?.code, query).toBe('NOT_FOUND');
    }
  });

  it('refuses a certificate with more than 100 names on the sans field', async () => {
    const { addDomain } = await gqlOk(t.url, t.token, ADD, { app: 'web', h: `many.${t.zone}` });
    const sans = Array.from({ length: 100 }, (_, i) => `n${i}.many.${t.zone}`);
    const res = await gql(t.url, t.token, 'mutation($d: ID!, $s: [String!]!) { requestCertificate(input: { domain: $d, sans: $s }) { id } }', { d: addDomain.id, s: sans });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sans' });
    expect(res.errors?.[0].message).toMatch(/at most 100 names/);
    expect((await gqlOk(t.url, t.token, '{ certificates { totalCount } }')).certificates.totalCount).toBe(0);
  });

  it.each([1000, 101, -1])('answers BAD_USER_INPUT on the first field for first: %d', async (first) => {
    for (const list of ['domains', 'certificates']) {
      const res = await gql(t.url, t.token, `query($first: Int) { ${list}(first: $first) { totalCount } }`, { first });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(res.errors?.[0].message).toMatch(/between 0 and 100/);
    }
  });

  it('answers an unknown key type with a validation error naming it, not a server error', async () => {
    const inline = await post(JSON.stringify({ query: 'mutation { requestCertificate(input: { domain: "x", keyType: RSA_1024 }) { id } }' }));
    expect(inline.status).toBe(400);
    expect(inline.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inline.json.errors[0].message).toMatch(/RSA_1024/);
    const variable = await post(
      JSON.stringify({ query: 'mutation($k: KeyType!) { requestCertificate(input: { domain: "x", keyType: $k }) { id } }', variables: { k: 'DSA_1024' } }),
    );
    expect(variable.status).toBe(400);
    expect(variable.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(variable.json.errors[0].message).toMatch(/DSA_1024/);
  });
});

describe('malformed requests', () => {
  it('answers a body that is not JSON with 400 BAD_REQUEST, and keeps serving', async () => {
    const res = await post('{"query": "{ domains { totalCount } }"');
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.json.errors[0].message).toMatch(/JSON/);
    expect(await domainCount()).toBeGreaterThanOrEqual(0);
  });

  it('answers a query with a syntax error with 400 GRAPHQL_PARSE_FAILED and where it is, and keeps serving', async () => {
    const res = await post(JSON.stringify({ query: '{ domains { totalCount }' }));
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.json.errors[0].message).toMatch(/Syntax Error/);
    expect(res.json.errors[0].locations).toEqual([{ line: 1, column: 25 }]);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('answers a body over 1 MB with 413 PAYLOAD_TOO_LARGE, and keeps serving', async () => {
    const res = await post(JSON.stringify({ query: '{ domains { totalCount } }', variables: { pad: 'x'.repeat(1024 * 1024 + 10) } }));
    expect(res.status).toBe(413);
    expect(res.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.json.errors[0].message).toMatch(/larger than 1mb/);
    expect(await domainCount()).toBeGreaterThanOrEqual(0);
  });

  it('accepts a body just under 1 MB', async () => {
    const res = await post(JSON.stringify({ query: '{ domains { totalCount } }', variables: { pad: 'x'.repeat(1000 * 1000) } }));
    expect(res.status).toBe(200);
    expect(res.json.data.domains.totalCount).toBeGreaterThanOrEqual(0);
  });
});
