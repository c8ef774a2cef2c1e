import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsimpleRateLimited, startDnsimpleStandIn, type DnsimpleStandIn } from '../../../../../test/stand-ins/dnsimple.js';
import { freePort } from '../../../db/embedded-postgres.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings } from '../../provider-kind.js';
import { createProviderOfKind } from '../../registry.js';
import { createDnsimpleProvider } from './index.js';
import { dnsimpleKind } from './kind.js';

let ds: DnsimpleStandIn;

beforeAll(async () => {
  ds = await startDnsimpleStandIn({ pageSize: 2 });
  // Five zones over three pages; the longest match for names under b.example.com is on the last page.
  for (const zone of ['other.test', 'example.com', 'unrelated.test', 'com.example.org', 'b.example.com']) ds.addZone(zone);
});
afterAll(() => ds.close());

const provider = (extra: { now?: () => number } = {}) => createDnsimpleProvider({ accessToken: ds.token, baseUrl: ds.url, ...extra });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as DnsProviderError);

describe('DNSimple provider (dnsimple SDK against a local stand-in)', () => {
  it('keeps two values at one name, each its own TXT record, and cleans up one then the other', async () => {
    const p = provider();
    await p.present('_acme-challenge.www.example.com', 'apex-token');
    await p.present('_acme-challenge.www.example.com.', 'wildcard-token');
    await p.present('_acme-challenge.www.example.com', 'apex-token');
    expect(ds.txt('example.com', '_acme-challenge.www').sort()).toEqual(['"apex-token"', '"wildcard-token"']);
    await p.cleanUp('_acme-challenge.www.example.com', 'apex-token');
    expect(ds.txt('example.com', '_acme-challenge.www')).toEqual(['"wildcard-token"']);
    await p.cleanUp('_acme-challenge.www.example.com', 'wildcard-token');
    await p.cleanUp('_acme-challenge.www.example.com', 'wildcard-token');
    expect(ds.txt('example.com', '_acme-challenge.www')).toEqual([]);
  });

  it('finds the zone as the longest match among every page of zones, and names records relative to it', async () => {
    const before = ds.requests.length;
    await provider().present('_acme-challenge.x.b.example.com', 'v');
    expect(ds.txt('b.example.com', '_acme-challenge.x')).toEqual(['"v"']);
    const zonePages = ds.requests.slice(before).filter((r) => /^\/v2\/\d+\/zones\?/.test(r.url));
    expect(zonePages.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(['1', '2', '3']);
    await provider().present('b.example.com', 'at-the-apex');
    expect(ds.txt('b.example.com', '')).toEqual(['"at-the-apex"']);
  });

  it('answers noZone, without retry, when no zone of the account holds the name', async () => {
    const err = await failure(provider().present('_acme-challenge.example.net', 'v'));
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: false, noZone: true, provider: 'dnsimple' });
  });

  it('rejects refused credentials at verify(), without retry, naming the access_token setting', async () => {
    const err = await failure(createDnsimpleProvider({ accessToken: 'wrong', baseUrl: ds.url }).verify!());
    expect(err).toMatchObject({ retryable: false, status: 401, provider: 'dnsimple' });
    expect(err.message).toMatch(/check access_token/);
  });

  it('turns a rate-limit answer (429) into a retryable error that waits until X-RateLimit-Reset', async () => {
    const now = 1_900_000_000_000;
    const p = provider({ now: () => now });
    await p.verify!();
    ds.failNext(dnsimpleRateLimited(now / 1000 + 42));
    const err = await failure(p.present('_acme-challenge.limited.example.com', 'v'));
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000 });
    await p.present('_acme-challenge.limited.example.com', 'v');
    expect(ds.txt('example.com', '_acme-challenge.limited')).toEqual(['"v"']);
  });

  it('treats an API it cannot reach as retryable', async () => {
    const err = await failure(createDnsimpleProvider({ accessToken: ds.token, baseUrl: `http://127.0.0.1:${await freePort()}` }).verify!());
    expect(err).toMatchObject({ retryable: true, provider: 'dnsimple' });
    expect(err.message).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('treats a 5xx answer as retryable', async () => {
    ds.failNext({ status: 503, body: { message: 'Service Unavailable' } });
    const err = await failure(provider().verify!());
    expect(err).toMatchObject({ retryable: true, status: 503 });
  });

  it('needs account_id with a user token, and then works through the kind and its settings', async () => {
    const err = await failure(createDnsimpleProvider({ accessToken: ds.userToken, baseUrl: ds.url }).verify!());
    expect(err).toMatchObject({ retryable: false });
    expect(err.message).toMatch(/set account_id/);
    const settings = parseProviderSettings(dnsimpleKind, { access_token: ds.userToken, account_id: String(ds.accountId), endpoint: ds.url });
    const p = createProviderOfKind('dnsimple', settings);
    await p.verify!();
    await p.present('_acme-challenge.user.example.com', 'u');
    expect(ds.txt('example.com', '_acme-challenge.user')).toEqual(['"u"']);
    const wrong = createDnsimpleProvider({ accessToken: ds.token, accountId: '999999', baseUrl: ds.url });
    const wrongErr = await failure(wrong.verify!());
    expect(wrongErr).toMatchObject({ retryable: false, status: 404 });
    expect(wrongErr.message).toMatch(/check account_id/);
  });

  it('checks its settings', () => {
    expect(() => parseProviderSettings(dnsimpleKind, {})).toThrow(/needs the setting access_token/);
    expect(() => dnsimpleKind.create({ access_token: 't', account_id: 'acme' })).toThrow(/account_id must be the account's number/);
  });
});
