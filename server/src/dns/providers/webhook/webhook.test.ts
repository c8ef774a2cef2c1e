import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../db/embedded-postgres.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings, providerSettingsFromEnv, settingsOfKind } from '../../provider-kind.js';
import { createWebhookProvider } from './index.js';
import { webhookKind } from './kind.js';

interface Received {
  method: string;
  path: string;
  contentType?: string;
  authorization?: string;
  body: unknown;
}

/** A local receiver: records every request and answers with `reply` (200 by default). */
let received: Received[] = [];
let reply: (res: http.ServerResponse) => void;
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method!, path: req.url!, contentType: req.headers['content-type'], authorization: req.headers.authorization, body: text ? JSON.parse(text) : null });
      reply(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  received = [];
  reply = (res) => res.writeHead(200).end('ok');
});

async function failure(p: Promise<unknown>): Promise<DnsProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DnsProviderError);
  return err as DnsProviderError;
}

describe('webhook provider (lego httpreq)', () => {
  it("POSTs lego's default-mode JSON to <endpoint>/present and <endpoint>/cleanup", async () => {
    const p = createWebhookProvider({ endpoint: base });
    await p.present('_acme-challenge.Example.com', 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM');
    await p.cleanUp('_acme-challenge.example.com.', 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM');
    expect(received).toEqual([
      { method: 'POST', path: '/present', contentType: 'application/json', body: { fqdn: '_acme-challenge.example.com.', value: 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM' } },
      { method: 'POST', path: '/cleanup', contentType: 'application/json', body: { fqdn: '_acme-challenge.example.com.', value: 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM' } },
    ]);
  });

  it("appends the action to the endpoint's path, with or without a trailing slash, and keeps its query", async () => {
    await createWebhookProvider({ endpoint: `${base}/hooks/dns/` }).present('_acme-challenge.a.test', 'v');
    await createWebhookProvider({ endpoint: `${base}/hooks/dns?tenant=7` }).cleanUp('_acme-challenge.a.test', 'v');
    expect(received.map((r) => r.path)).toEqual(['/hooks/dns/present', '/hooks/dns/cleanup?tenant=7']);
  });

  it('sends basic authentication when a username and password are set, and none otherwise', async () => {
    await createWebhookProvider({ endpoint: base, username: 'certplane', password: 's3cret:x' }).present('_acme-challenge.a.test', 'v');
    await createWebhookProvider({ endpoint: base }).present('_acme-challenge.a.test', 'v');
    expect(received[0].authorization).toBe(`Basic ${Buffer.from('certplane:s3cret:x').toString('base64')}`);
    expect(received[1].authorization).toBeUndefined();
  });

  it('takes any 2xx as done', async () => {
    reply = (res) => res.writeHead(204).end();
    await createWebhookProvider({ endpoint: base }).present('_acme-challenge.a.test', 'v');
    reply = (res) => res.writeHead(202).end('queued');
    await createWebhookProvider({ endpoint: base }).cleanUp('_acme-challenge.a.test', 'v');
  });

  it('retries later on 429, honouring Retry-After, and on 5xx', async () => {
    reply = (res) => res.writeHead(429, { 'Retry-After': '7' }).end('slow down');
    const limited = await failure(createWebhookProvider({ endpoint: base }).present('_acme-challenge.a.test', 'v'));
    expect(limited).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000, provider: 'webhook' });
    reply = (res) => res.writeHead(503).end('maintenance');
    const down = await failure(createWebhookProvider({ endpoint: base }).present('_acme-challenge.a.test', 'v'));
    expect(down).toMatchObject({ retryable: true, status: 503 });
    expect(down.message).toMatch(/answered HTTP 503: maintenance/);
  });

  it("fails without retry on another 4xx, with the body's text", async () => {
    reply = (res) => res.writeHead(422).end('no zone for _acme-challenge.a.test here\n');
    const err = await failure(createWebhookProvider({ endpoint: base }).present('_acme-challenge.a.test', 'v'));
    expect(err).toMatchObject({ retryable: false, status: 422 });
    expect(err.message).toBe(`webhook POST ${base}/present answered HTTP 422: no zone for _acme-challenge.a.test here`);
  });

  it('says to check username and password on 401', async () => {
    reply = (res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic' }).end();
    const err = await failure(createWebhookProvider({ endpoint: base, username: 'u', password: 'wrong' }).present('_acme-challenge.a.test', 'v'));
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect(err.message).toMatch(/HTTP 401; check username and password/);
  });

  it('does not follow a redirect (it would drop the body), and says where it pointed', async () => {
    reply = (res) => res.writeHead(308, { Location: 'https://hooks.example/present' }).end();
    const err = await failure(createWebhookProvider({ endpoint: base }).present('_acme-challenge.a.test', 'v'));
    expect(err).toMatchObject({ retryable: false, status: 308 });
    expect(err.message).toMatch(/set endpoint to where it redirects \(https:\/\/hooks.example\/present\)/);
    expect(received).toHaveLength(1);
  });

  it('fails with a retryable error when the receiver is down or too slow', async () => {
    const down = await failure(createWebhookProvider({ endpoint: `http://127.0.0.1:${await freePort()}` }).present('_acme-challenge.a.test', 'v'));
    expect(down).toMatchObject({ retryable: true });
    expect(down.message).toMatch(/failed: ECONNREFUSED/);
    reply = (res) => setTimeout(() => res.writeHead(200).end(), 1000);
    const slow = await failure(createWebhookProvider({ endpoint: base, timeoutMs: 200 }).present('_acme-challenge.a.test', 'v'));
    expect(slow).toMatchObject({ retryable: true });
    expect(slow.message).toMatch(/no answer within 200 ms/);
  });

  it('has no verify: httpreq has no harmless call, so the first order tries the credentials', () => {
    expect(createWebhookProvider({ endpoint: base }).verify).toBeUndefined();
  });
});

describe('webhook settings', () => {
  const create = (settings: Record<string, string>) => webhookKind.create(parseProviderSettings(webhookKind, settings));

  it('needs an http(s) endpoint', () => {
    expect(() => create({})).toThrow(/needs the setting endpoint/);
    expect(() => create({ endpoint: 'ftp://hooks.example' })).toThrow(expect.objectContaining({ setting: 'endpoint' }));
  });

  it('wants credentials as username and password, both or neither', () => {
    expect(() => create({ endpoint: 'http://u:p@127.0.0.1:1' })).toThrow(/must not carry credentials/);
    expect(() => create({ endpoint: 'http://127.0.0.1:1', username: 'u' })).toThrow(expect.objectContaining({ setting: 'password' }));
    expect(() => create({ endpoint: 'http://127.0.0.1:1', password: 'p' })).toThrow(expect.objectContaining({ setting: 'username' }));
  });

  it('reads the operator\'s settings from CERTPLANE_DNS_WEBHOOK_*, and lists endpoint once, as required', () => {
    const env = { CERTPLANE_DNS_WEBHOOK_ENDPOINT: 'http://127.0.0.1:1/hooks', CERTPLANE_DNS_WEBHOOK_USERNAME: 'u', CERTPLANE_DNS_WEBHOOK_PASSWORD: 'p' };
    expect(providerSettingsFromEnv(webhookKind, env)).toEqual({ endpoint: 'http://127.0.0.1:1/hooks', username: 'u', password: 'p' });
    expect(settingsOfKind(webhookKind).filter((s) => s.name === 'endpoint')).toEqual([expect.objectContaining({ required: true })]);
  });

  it('reads timeout in seconds', () => {
    expect(() => create({ endpoint: 'http://127.0.0.1:1', timeout: '0' })).toThrow(expect.objectContaining({ setting: 'timeout' }));
    expect(create({ endpoint: 'http://127.0.0.1:1', timeout: '2.5' }).name).toBe('webhook');
  });
});
