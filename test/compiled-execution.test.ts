import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { executionCounts } from '../server/src/http/compiled-executor.js';

/**
 * Queries run on graphql-js the first time a document is seen and compiled (graphql-jit) from the
 * second on (server/src/http/compiled-executor.ts). A client must not be able to tell: every document
 * here is sent three times and the three answers (status and body, errors included) must be the same.
 * API role only: certificates stay PENDING, which is all these queries need.
 */
let t: TestApp;
let other: { organizationId: string; token: string };
let certificate: string;
let domain: string;

/** Status and parsed body of a POST to /graphql. */
async function post(token: string | null, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
  other = await t.newOrganization('other');
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
  for (let i = 0; i < 3; i++) {
    const host = `jit${i}.${t.zone}`;
    domain = (await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host })).addDomain.id;
    certificate = (await gqlOk(t.url, t.token, 'mutation($d: ID!, $s: [String!]) { requestCertificate(input: { domain: $d, sans: $s, keyType: ECDSA_P256 }) { id } }', { d: domain, s: [`www.${host}`] })).requestCertificate.id;
  }
});
afterAll(async () => {
  await t?.stop();
});

const LIST = `query List($first: Int, $after: String) {
  certificates(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...C } }
    nodes { id hostname }
  }
}
fragment C on Certificate { id hostname sans isWildcard keyType autoRenew status statusReason issuedAt expiresAt nextRenewalAt
  issuer serial fingerprint certificatePem failedAttempts revokedAt revocationReason createdAt updatedAt __typename
  domain { id hostname app { name } } }`;

const cases: Array<{ name: string; token?: 'mine' | 'other' | 'none'; query: string; variables?: () => Record<string, unknown>; operationName?: string }> = [
  { name: 'a page through fragments, with the domain of each node', query: LIST, variables: () => ({ first: 2 }) },
  { name: 'the same document, another organization (its own, empty, list)', token: 'other', query: LIST, variables: () => ({ first: 2 }) },
  { name: 'aliases, @skip and @include driven by variables', query: `query($s: Boolean!, $i: Boolean!) { a: certificates(first: 1) { totalCount t: totalCount edges @skip(if: $s) { node { id } } } b: certificates(first: 3) { nodes @include(if: $i) { id status } } }`, variables: () => ({ s: true, i: false }) },
  {
    name: '@include and @skip on fragment spreads and inline fragments',
    query: `query($i: Boolean!, $s: Boolean!) { certificates(first: 2) { nodes { id ...H @include(if: $i) ... on Certificate @skip(if: $s) { status keyType } ...K @skip(if: $s) } } }
      fragment H on Certificate { hostname isWildcard }
      fragment K on Certificate { createdAt hostname @skip(if: $i) }`,
    variables: () => ({ i: false, s: false }),
  },
  // Another document text (the comment), so that its first run is graphql-js's again.
  { name: 'the same, other values', query: `# other values
    query($i: Boolean!, $s: Boolean!) { certificates(first: 2) { nodes { id ...H @include(if: $i) ... on Certificate @skip(if: $s) { status keyType } ...K @skip(if: $s) } } }
      fragment H on Certificate { hostname isWildcard }
      fragment K on Certificate { createdAt hostname @skip(if: $i) }`, variables: () => ({ i: true, s: true }) },
  { name: 'one certificate by id', query: `query($id: ID!) { certificate(id: $id) { id hostname status keyType domain { hostname letsencryptStatus } } }`, variables: () => ({ id: certificate }) },
  { name: 'NOT_FOUND for an id of another organization', token: 'other', query: `query($id: ID!) { certificate(id: $id) { id } }`, variables: () => ({ id: certificate }) },
  { name: 'FORBIDDEN on one field, data for the others', query: `query($id: ID!) { certificate(id: $id) { id privateKeyPem } }`, variables: () => ({ id: certificate }) },
  { name: 'BAD_USER_INPUT from a resolver (bad cursor)', query: LIST, variables: () => ({ first: 1, after: 'not-a-cursor' }) },
  { name: 'BAD_USER_INPUT from a resolver (page too large)', query: LIST, variables: () => ({ first: 1000 }) },
  { name: 'a variable of the wrong type', query: `query($id: ID!) { certificate(id: $id) { id } }`, variables: () => ({ id: { not: 'an id' } }) },
  { name: 'a missing required variable', query: `query($id: ID!) { certificate(id: $id) { id } }`, variables: () => ({}) },
  { name: 'no token', token: 'none', query: `{ certificates(first: 1) { totalCount } }` },
  { name: 'a domain with its certificate and DNS requirements', query: `query($id: ID!) { domain(id: $id) { id hostname status letsencryptEnabled certificate { id status } dnsRequirements { __typename acmeChallengeRecord targets records { __typename } } } }`, variables: () => ({ id: domain }) },
  { name: 'one of two named operations', query: `query A { organization { name } } query B { apps { name } }`, operationName: 'B' },
  { name: 'a little introspection', query: `{ __type(name: "Certificate") { name fields { name type { kind name ofType { name } } } } __typename }` },
];

describe('compiled execution', () => {
  for (const c of cases) {
    it(`answers as graphql-js does: ${c.name}`, async () => {
      const token = c.token === 'other' ? other.token : c.token === 'none' ? null : t.token;
      const body = { query: c.query, variables: c.variables?.(), operationName: c.operationName };
      const before = { ...executionCounts };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await post(token, body));
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      // The answers are worth comparing: the query ran, and at least the last run was compiled (a document
      // seen in an earlier case is compiled on its first run here). Requests refused before execution
      // (no token, bad variables) run neither.
      const executed = executionCounts.compiled - before.compiled + executionCounts.graphqlJs - before.graphqlJs;
      if (executed > 0) expect(executionCounts.compiled - before.compiled).toBeGreaterThanOrEqual(1);
      if (c.name.startsWith('a page') || c.name.startsWith('one certificate')) expect((answers[0].body as { errors?: unknown }).errors).toBeUndefined();
    });
  }

  it('runs every case compiled at least once (none fell back to graphql-js for good)', async () => {
    const before = executionCounts.compiled;
    await post(t.token, { query: LIST, variables: { first: 2 } });
    expect(executionCounts.compiled).toBe(before + 1);
  });

  it('keeps mutations on graphql-js', async () => {
    const before = { ...executionCounts };
    for (let i = 0; i < 3; i++) await post(t.token, { query: `mutation($id: ID!) { updateCertificate(id: $id, input: { autoRenew: ${i % 2 === 0} }) { id autoRenew } }`, variables: { id: certificate } });
    expect(executionCounts.graphqlJs - before.graphqlJs).toBe(3);
    expect(executionCounts.compiled).toBe(before.compiled);
  });

  it('compiles nothing with CERTPLANE_GRAPHQL_COMPILE_AFTER=0', async () => {
    const off = await startTestApp({ role: 'api', env: { CERTPLANE_GRAPHQL_COMPILE_AFTER: '0' } });
    try {
      const before = { ...executionCounts };
      for (let i = 0; i < 3; i++) expect((await gqlOk(off.url, off.token, '{ certificates(first: 1) { totalCount } }')).certificates.totalCount).toBe(0);
      expect(executionCounts).toEqual(before);
    } finally {
      await off.stop();
    }
  });
});
