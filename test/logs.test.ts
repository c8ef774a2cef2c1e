import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../server/src/config.js';
import { createLogger, type LogLevel } from '../server/src/logger.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, testEnv, type TestApp } from './helpers/app.js';
import { createTestCa, type TestCa } from './helpers/test-ca.js';
import { waitUntil } from './helpers/wait.js';

/**
 * Structured logs (pino, JSON lines) of a real control plane at the most verbose level, captured: request
 * ids taken or made, echoed and on every line of their request (GraphQL errors included), levels
 * honoured, and no secret in any line however it travelled (tokens, DNS credentials, private keys).
 */
const captured: string[] = [];
const capture = { write: (line: string) => void captured.push(line) };
const lines = () => captured.map((l) => JSON.parse(l) as Record<string, unknown>);

let t: TestApp;
let ca: TestCa;
beforeAll(async () => {
  t = await startTestApp({ log: createLogger({ level: 'trace', base: { role: 'all' }, destination: capture }) });
  ca = createTestCa();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
});
afterAll(async () => {
  ca?.remove();
  await t?.stop();
});

const post = (headers: Record<string, string>, query = '{ plans { name } }') =>
  fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}`, ...headers }, body: JSON.stringify({ query }) });

describe('request ids', () => {
  it("keeps a client's well-formed X-Request-Id, echoes it, and puts it on the request's log line", async () => {
    const id = `client-${randomUUID()}`;
    const res = await post({ 'x-request-id': id });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(id);
    const line = await waitUntil(async () => lines().find((l) => l.reqId === id), 2000, 'the request line');
    expect(line).toMatchObject({ level: 'debug', msg: 'http request', method: 'POST', path: '/graphql', status: 200, role: 'all' });
    expect(typeof line.time).toBe('string');
  });

  it('makes a new id for a missing or malformed one (express routes too)', async () => {
    for (const given of [undefined, 'has spaces in it', 'x'.repeat(129)]) {
      const res = await fetch(`${t.url}/healthz`, { headers: given ? { 'x-request-id': given } : {} });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(given);
      await waitUntil(async () => lines().find((l) => l.reqId === id && l.path === '/healthz'), 2000, 'the request line');
    }
  });

  it('is on the log line of an unexpected GraphQL error, which the client sees masked', async () => {
    const id = `err-${randomUUID()}`;
    // A table gone for a moment: the resolver fails with an error no client should see.
    await t.app.ctx.db.query('alter table apps rename to apps_away');
    let body: { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      body = (await (await post({ 'x-request-id': id }, '{ apps { id name } }')).json()) as typeof body;
    } finally {
      await t.app.ctx.db.query('alter table apps_away rename to apps');
    }
    expect(body.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const line = lines().find((l) => l.msg === 'unexpected error in a GraphQL operation' && l.reqId === id);
    expect(line).toMatchObject({ level: 'error', reqId: id });
    // Once, by the request's logger (not again without its id).
    expect(lines().filter((l) => l.msg === 'unexpected error in a GraphQL operation')).toHaveLength(1);
    expect(String(line!.error)).toContain('apps');
  });

  it('logs no error for what the client did wrong (a variable of the wrong type, an unknown field, no token)', async () => {
    const from = captured.length;
    const id = `client-errors-${randomUUID()}`;
    const send = (body: unknown, token: string | null = t.token) =>
      fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const codeOf = async (res: Promise<Response>) => ((await (await res).json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code;
    expect(await codeOf(send({ query: 'query($id: ID!) { certificate(id: $id) { id } }', variables: { id: { not: 'an id' } } }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(send({ query: '{ nope }' }))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await codeOf(send({ query: '{ apps { id } }' }, null))).toBe('UNAUTHENTICATED');
    await waitUntil(async () => lines().slice(from).filter((l) => l.reqId === id && l.msg === 'http request').length === 3, 2000, 'the three request lines');
    expect(lines().slice(from).filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });
});

describe('log levels', () => {
  it.each<[LogLevel, string[]]>([
    ['trace', ['debug', 'info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ])('at %s, writes %j', (level, written) => {
    const out: string[] = [];
    const log = createLogger({ level, destination: { write: (l: string) => void out.push(l) } });
    for (const at of ['debug', 'info', 'warn', 'error'] as const) log[at](`a ${at} line`);
    expect(out.map((l) => JSON.parse(l).level)).toEqual(written);
  });

  it('takes CERTPLANE_LOG_LEVEL (default info) and refuses an unknown one', () => {
    const env = testEnv('postgres://x/y');
    expect(loadConfig(env).logLevel).toBe('info');
    expect(loadConfig({ ...env, CERTPLANE_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(() => loadConfig({ ...env, CERTPLANE_LOG_LEVEL: 'verbose' })).toThrow(/CERTPLANE_LOG_LEVEL=verbose must be one of trace, debug, info, warn, error, silent/);
  });
});

describe('secrets', () => {
  it('never reach a log line: API tokens, DNS credentials, private keys, the master key', async () => {
    const from = captured.length;
    const host = `custom.${t.zone}`;
    // A token minted and used (header, and WebSocket-free HTTP).
    const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "edge", scopes: ["read", "write", "certificates:read_private_key"]) { token } }');
    const minted: string = createApiToken.token;
    // DNS credentials, checked against the suite's PowerDNS; a refused set too (its error is logged nowhere with the key).
    const apiKey = inject('pdns').apiKey;
    await gqlOk(t.url, minted, 'mutation($i: SetDnsCredentialsInput!) { setDnsCredentials(input: $i) { id } }', {
      i: { zone: t.zone, provider: 'powerdns', settings: [{ name: 'api_url', value: inject('pdns').apiUrl }, { name: 'api_key', value: apiKey }] },
    });
    const wrongKey = `wrong-${randomUUID()}`;
    const refused = await gql(t.url, minted, 'mutation($i: SetDnsCredentialsInput!) { setDnsCredentials(input: $i) { id } }', {
      i: { zone: t.zone, provider: 'powerdns', settings: [{ name: 'api_url', value: inject('pdns').apiUrl }, { name: 'api_key', value: wrongKey }] },
    });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // A custom certificate's private key, imported then read back.
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(t.url, minted, 'mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host });
    const leaf = ca.leaf([host]);
    const { importCustomCertificate } = await gqlOk(
      t.url,
      minted,
      'mutation($d: ID!, $c: String!, $k: String!) { importCustomCertificate(input: { domain: $d, certificateChainPem: $c, privateKeyPem: $k }) { id } }',
      { d: addDomain.id, c: leaf.pem + ca.intermediate.pem, k: leaf.keyPem },
    );
    const read = await gqlOk(t.url, minted, 'query($id: ID!) { certificate(id: $id) { privateKeyPem } }', { id: importCustomCertificate.id });
    expect(read.certificate.privateKeyPem).toBeTruthy();
    // A bad key sent as a variable: the refusal names the field, not the value.
    const badKey = `-----BEGIN PRIVATE KEY-----\n${randomUUID()}\n-----END PRIVATE KEY-----\n`;
    await gql(t.url, minted, 'mutation($d: ID!, $c: String!, $k: String!) { importCustomCertificate(input: { domain: $d, certificateChainPem: $c, privateKeyPem: $k }) { id } }', {
      d: addDomain.id, c: leaf.pem, k: badKey,
    });
    // A line that names secrets by key, as code might log them by mistake.
    t.app.ctx.log.info('a careless line', { headers: { authorization: `Bearer ${minted}` }, input: { privateKeyPem: leaf.keyPem, settings: [{ name: 'api_key', value: apiKey }] }, token: minted, credentials: { api_key: apiKey } });
    await new Promise((r) => setTimeout(r, 500)); // the worker's lines about the new domain

    const written = captured.slice(from).join('');
    expect(captured.length - from).toBeGreaterThan(5);
    const keyBody = leaf.keyPem.split('\n')[1];
    for (const [what, secret] of [
      ['the admin token', t.token],
      ['the minted token', minted],
      ['the DNS API key', apiKey],
      ['the refused DNS API key', wrongKey],
      ['the private key', keyBody],
      ['the refused private key', badKey.split('\n')[1]],
      ['the master key', t.env.CERTPLANE_MASTER_KEY],
    ]) {
      expect(written.includes(secret), `${what} in the logs`).toBe(false);
    }
    expect(written).toContain('[redacted]');
  }, 60_000);
});
