import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

/**
 * API tokens are listed without secrets and revoked by id: every API process stops accepting a revoked
 * token (here a second one on the same database, well inside the 10 s a process trusts a token it
 * has seen), and the token's WebSockets are closed.
 */
let t: TestApp;
let second: TestApp;

const create = 'mutation($n: String!, $s: [String!]!) { createApiToken(name: $n, scopes: $s) { id token } }';
const revoke = 'mutation($id: ID!) { revokeApiToken(id: $id) }';
const whoAmI = '{ organization { id } }';

async function newToken(name: string, scopes: string[], admin = t.token): Promise<{ id: string; token: string }> {
  return (await gqlOk(t.url, admin, create, { n: name, s: scopes })).createApiToken;
}
const codeOf = async (url: string, token: string, query = whoAmI, variables?: Record<string, unknown>) => (await gql(url, token, query, variables)).errors?.[0]?.extensions?.code ?? 'OK';

beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
  second = await startTestApp({ role: 'api', databaseUrl: t.env.DATABASE_URL });
});
afterAll(async () => {
  await second?.stop();
  await t?.stop();
});

describe('API tokens', () => {
  it('lists the organization’s tokens, oldest first, with names and scopes and never a secret', async () => {
    const reader = await newToken('dashboard', ['read']);
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: JSON.stringify({ query: '{ apiTokens { id name scopes createdAt } }' }),
    });
    const text = await res.text();
    const { apiTokens } = JSON.parse(text).data;
    expect(apiTokens.at(-1)).toMatchObject({ id: reader.id, name: 'dashboard', scopes: ['read'] });
    expect(apiTokens.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(reader.token);
    expect(text).not.toContain(t.token);
    expect(await codeOf(t.url, reader.token, '{ apiTokens { id } }')).toBe('FORBIDDEN');
  });

  it('stops a revoked token on every API process and closes its subscriptions', async () => {
    const doomed = await newToken('ci', ['read', 'write']);
    // Both processes have seen it, so both remember it as valid.
    expect(await codeOf(t.url, doomed.token)).toBe('OK');
    expect(await codeOf(second.url, doomed.token)).toBe('OK');
    const sub = await subscribe(second.url, doomed.token, 'subscription { certificateStatusChanged { id } }');
    const closed = new Promise<number>((resolve) => sub.client.on('closed', (e) => resolve((e as { code: number }).code)));

    const started = Date.now();
    expect(await gqlOk(t.url, t.token, revoke, { id: doomed.id })).toEqual({ revokeApiToken: true });
    await waitUntil(async () => (await codeOf(t.url, doomed.token)) === 'UNAUTHENTICATED', 5000, 'the revoking process to refuse the token');
    await waitUntil(async () => (await codeOf(second.url, doomed.token)) === 'UNAUTHENTICATED', 5000, 'the other process to refuse the token');
    expect(await closed).toBe(4403);
    expect(Date.now() - started).toBeLessThan(5000);
    const { apiTokens } = await gqlOk(t.url, t.token, '{ apiTokens { id } }');
    expect(apiTokens.map((x: { id: string }) => x.id)).not.toContain(doomed.id);
    expect(await codeOf(t.url, t.token, revoke, { id: doomed.id })).toBe('NOT_FOUND');
    sub.close();
  });

  it("refuses another organization's token, a caller without admin, and the last admin token", async () => {
    const other = await t.newOrganization('neighbour');
    const theirs = (await gqlOk(t.url, other.token, create, { n: 'theirs', s: ['read'] })).createApiToken;
    expect(await codeOf(t.url, t.token, revoke, { id: theirs.id })).toBe('NOT_FOUND');
    expect(await codeOf(t.url, theirs.token)).toBe('OK');
    expect(await codeOf(t.url, t.token, revoke, { id: 'not-a-token-id' })).toBe('NOT_FOUND');

    const writer = await newToken('writer', ['write']);
    expect(await codeOf(t.url, writer.token, revoke, { id: writer.id })).toBe('FORBIDDEN');

    const mine = (await gqlOk(t.url, t.token, '{ apiTokens { id scopes } }')).apiTokens as Array<{ id: string; scopes: string[] }>;
    const admins = mine.filter((x) => x.scopes.includes('admin'));
    expect(admins).toHaveLength(1);
    const last = await gql(t.url, t.token, revoke, { id: admins[0].id });
    expect(last.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(last.errors?.[0]?.message).toMatch(/last admin token/);
    expect(await codeOf(t.url, t.token)).toBe('OK');

    // With a second admin token, either may go.
    const spare = await newToken('spare admin', ['admin']);
    expect(await gqlOk(t.url, t.token, revoke, { id: spare.id })).toEqual({ revokeApiToken: true });
    expect(await codeOf(t.url, t.token)).toBe('OK');
  });
});
