import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "subs") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

type Event = { certificateStatusChanged: { status: string; privateKeyPem: string | null } | null };

describe('subscriptions sharing one execution per event', () => {
  it('still answer each subscriber by its own scopes: the key for a token that may read it, FORBIDDEN for one that may not', async () => {
    const token = async (scopes: string[]) =>
      (await gqlOk(t.url, t.token, `mutation($s: [String!]!) { createApiToken(name: "sub", scopes: $s) { token } }`, { s: scopes })).createApiToken.token as string;
    const withKey = await token(['read', 'certificates:read_private_key']);
    const readOnly = await token(['read']);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "subs", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: `keys.${t.zone}` });
    const q = 'subscription { certificateStatusChanged { status privateKeyPem } }';
    const [a1, a2, b1, b2] = await Promise.all([subscribe<Event>(t.url, withKey, q), subscribe<Event>(t.url, withKey, q), subscribe<Event>(t.url, readOnly, q), subscribe<Event>(t.url, readOnly, q)]);
    await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }`, { d: addDomain.id });
    const issued = (e: Event) => e.certificateStatusChanged?.status === 'ISSUED';
    for (const s of [a1, a2]) expect((await s.waitFor(issued)).certificateStatusChanged!.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
    for (const s of [b1, b2]) {
      await s.waitFor((e) => e.certificateStatusChanged === null || issued(e)).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(JSON.stringify(s.errors)).toMatch(/certificates:read_private_key/);
      expect(s.events.every((e) => !e.certificateStatusChanged?.privateKeyPem)).toBe(true);
    }
    for (const s of [a1, a2, b1, b2]) s.close();
  });
});

/** The first answer to one operation over graphql-ws (a raw socket, to see the protocol's own messages): `error`, or `next`. */
async function wsAnswer(token: string, payload: { query: string; operationName?: string; variables?: Record<string, unknown> }): Promise<{ type: string; payload: any }> {
  const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000);
      ws.on('error', reject);
      ws.on('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })));
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        else if (m.type === 'error' || m.type === 'next') (clearTimeout(timer), resolve({ type: m.type, payload: m.payload }));
      });
    });
  } finally {
    ws.removeAllListeners('close');
    ws.close();
  }
}

describe('errors of a subscription over WebSocket', () => {
  const deep = `subscription { certificateStatusChanged { ${'domain { certificate { '.repeat(6)}id${' } }'.repeat(6)} } }`;
  it.each([
    ['a field typo', { query: 'subscription { certificateStatusChanged { hostnme } }' }, 'error', 'GRAPHQL_VALIDATION_FAILED', /^Cannot query field "hostnme" on type "Certificate". Did you mean "hostname"\?$/],
    ['a syntax error', { query: 'subscription { certificateStatusChanged { hostname }' }, 'error', 'GRAPHQL_PARSE_FAILED', /^Syntax Error/],
    ['a document past the parser token limit', { query: `subscription { certificateStatusChanged { ${'id '.repeat(10_001)}} }` }, 'error', 'GRAPHQL_PARSE_FAILED', /tokens/],
    ['a document nested past the depth limit', { query: deep }, 'error', 'GRAPHQL_VALIDATION_FAILED', /nested 13 levels deep; the limit is 12/],
    ['an unknown operation name', { query: 'subscription S { certificateStatusChanged { id } }', operationName: 'Nope' }, 'error', 'OPERATION_RESOLUTION_FAILURE', /^Unknown operation named "Nope"\.$/],
    ['several operations and no operation name', { query: 'subscription A { certificateStatusChanged { id } } subscription B { domainStatusChanged { id } }' }, 'error', 'OPERATION_RESOLUTION_FAILURE', /^Must provide operation name if query contains multiple operations\.$/],
  ])('answer %s with the message and code HTTP answers for the same document, and log nothing at error level', async (_what, payload, type, code, message) => {
    const logged = vi.spyOn(t.app.ctx.log, 'error');
    try {
      const http = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body: JSON.stringify(payload) });
      const httpErrors = ((await http.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
      expect(httpErrors[0].extensions.code).toBe(code);
      expect(httpErrors[0].message).toMatch(message);
      const ws = await wsAnswer(t.token, payload);
      expect(ws.type).toBe(type);
      expect(type === 'error' ? ws.payload : ws.payload.errors).toEqual(httpErrors);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('are not errors of the server over HTTP either: a subscription sent there is 400 BAD_REQUEST, an operation name naming none 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const logged = vi.spyOn(t.app.ctx.log, 'error');
    try {
      const post = async (body: Record<string, unknown>) => {
        const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body: JSON.stringify(body) });
        return { status: res.status, errors: ((await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors.map((e) => [e.extensions.code, e.message]) };
      };
      expect(await post({ query: 'subscription { certificateStatusChanged { id } }' })).toEqual({
        status: 400,
        errors: [['BAD_REQUEST', 'subscriptions are served over WebSocket (the graphql-ws protocol) on /graphql, not over HTTP']],
      });
      // Twice each: queries run compiled (graphql-jit) from their second time.
      for (let i = 0; i < 2; i++) {
        expect(await post({ query: 'query A { organization { name } }', operationName: 'B' })).toEqual({ status: 400, errors: [['OPERATION_RESOLUTION_FAILURE', 'Unknown operation named "B".']] });
        expect(await post({ query: 'query A { organization { name } } query B { apps { name } }' })).toEqual({
          status: 400,
          errors: [['OPERATION_RESOLUTION_FAILURE', 'Must provide operation name if query contains multiple operations.']],
        });
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('answer a variable that does not coerce with BAD_USER_INPUT and the message HTTP answers for it', async () => {
    const logged = vi.spyOn(t.app.ctx.log, 'error');
    try {
      // HTTP refuses subscriptions before their variables: the same variable in a query.
      const overHttp = (await gql(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { id } }')).errors!;
      expect(overHttp.map((e) => [e.extensions!.code, e.message])).toEqual([['BAD_USER_INPUT', 'Variable "$id" of required type "ID!" was not provided.']]);
      const ws = await wsAnswer(t.token, { query: 'subscription($id: ID!) { certificateStatusChanged(id: $id) { id } }' });
      expect(ws.type).toBe('next');
      expect(ws.payload.errors.map((e: any) => [e.extensions.code, e.message])).toEqual(overHttp.map((e) => [e.extensions!.code, e.message]));
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('answer a user error (a token without the read scope) with its message and code, as HTTP does for a query it may not run', async () => {
    const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "keys-only", scopes: ["certificates:read_private_key"]) { token } }');
    const overHttp = (await gql(t.url, createApiToken.token, '{ certificates(first: 1) { totalCount } }')).errors!;
    expect(overHttp[0].extensions!.code).toBe('FORBIDDEN');
    const ws = await wsAnswer(createApiToken.token, { query: 'subscription { certificateStatusChanged { id } }' });
    expect(ws.payload.errors.map((e: any) => [e.message, e.extensions.code])).toEqual(overHttp.map((e) => [e.message, e.extensions!.code]));
  });

  it.each([
    ['certificateStatusChanged', 'certificate'],
    ['domainStatusChanged', 'domain'],
  ])('answer %s for an id that is not the organization\'s with NOT_FOUND, as HTTP does for %s(id)', async (field, query) => {
    const other = await t.newOrganization(`subscriber-${field}`);
    const overHttp = (await gql(t.url, other.token, `{ ${query}(id: "00000000-0000-4000-8000-000000000000") { id } }`)).errors!;
    expect(overHttp[0].extensions!.code).toBe('NOT_FOUND');
    const ws = await wsAnswer(other.token, { query: `subscription { ${field}(id: "00000000-0000-4000-8000-000000000000") { id } }` });
    expect(ws.payload.errors.map((e: any) => [e.message, e.extensions.code])).toEqual(overHttp.map((e) => [e.message, e.extensions!.code]));
  });

  it('mask an unexpected error as HTTP does, and log it at error level', async () => {
    const logged = vi.spyOn(t.app.ctx.log, 'error');
    const bus = vi.spyOn(t.app.bus!, 'subscribe').mockImplementationOnce(() => {
      throw new Error('the bus is down: secret detail');
    });
    try {
      const ws = await wsAnswer(t.token, { query: 'subscription { domainStatusChanged { id } }' });
      expect(ws).toEqual({ type: 'next', payload: { errors: [{ message: 'Internal server error', path: ['domainStatusChanged'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
      expect(JSON.stringify(ws)).not.toMatch(/secret/);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(logged.mock.calls[0])).toMatch(/secret detail/);
    } finally {
      bus.mockRestore();
      logged.mockRestore();
    }
  });
});
