import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudflareRateLimited, startCloudflareStandIn, type CloudflareStandIn } from '../../../../../test/stand-ins/cloudflare.js';
import { freePort } from '../../../db/embedded-postgres.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings } from '../../provider-kind.js';
import { createProviderOfKind } from '../../registry.js';
import { createCloudflareProvider } from './index.js';
import { cloudflareKind } from './kind.js';

let cf: CloudflareStandIn;
let zoneId: string;

beforeAll(async () => {
  cf = await startCloudflareStandIn({ pageSize: 2 });
  // Five zones over three pages; the longest match for names under b.example.com is on the last page.
  cf.addZone('other.test');
  zoneId = cf.addZone('example.com');
  cf.addZone('unrelated.test');
  cf.addZone('com.example.org');
  cf.addZone('b.example.com');
});
afterAll(() => cf.close());

const provider = () => createCloudflareProvider({ apiToken: cf.token, baseUrl: cf.baseURL });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as DnsProviderError);

describe('Cloudflare provider (cloudflare SDK against a local stand-in)', () => {
  it('keeps two values at one name, each its own quoted TXT record, and cleans up one then the other', async () => {
    const p = provider();
    const name = '_acme-challenge.www.example.com';
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(cf.txt(name).sort()).toEqual(['"apex-token"', '"wildcard-token"']);
    await p.cleanUp(name, 'apex-token');
    expect(cf.txt(name)).toEqual(['"wildcard-token"']);
    await p.cleanUp(name, 'wildcard-token');
    await p.cleanUp(name, 'wildcard-token');
    expect(cf.txt(name)).toEqual([]);
  });

  it('finds the zone as the longest match among every page of zones', async () => {
    const before = cf.requests.length;
    await provider().present('_acme-challenge.x.b.example.com', 'v');
    expect(cf.txtZones('_acme-challenge.x.b.example.com')).toEqual(['b.example.com']);
    const zonePages = cf.requests.slice(before).filter((r) => r.url.startsWith('/client/v4/zones?'));
    expect(zonePages.map((r) => new URL(r.url, 'http://x').searchParams.get('page') ?? '1')).toEqual(['1', '2', '3']);
  });

  it('answers noZone, without retry, when no zone the token sees holds the name', async () => {
    const err = await failure(provider().present('_acme-challenge.example.net', 'v'));
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: false, noZone: true, provider: 'cloudflare' });
  });

  it('rejects refused credentials at verify(), without retry, naming the api_token setting', async () => {
    const p = createCloudflareProvider({ apiToken: 'not-a-token', baseUrl: cf.baseURL });
    const err = await failure(p.verify!());
    expect(err).toMatchObject({ retryable: false, status: 403, provider: 'cloudflare' });
    expect(err.message).toMatch(/code 10000: Authentication error.*check api_token/);
  });

  it('says the token lacks DNS:Edit when a read-only token tries to write', async () => {
    const p = createCloudflareProvider({ apiToken: cf.readOnlyToken, baseUrl: cf.baseURL });
    await p.verify!();
    const err = await failure(p.present('_acme-challenge.ro.example.com', 'v'));
    expect(err).toMatchObject({ retryable: false, status: 403 });
    expect(err.message).toMatch(/code 9109.*api_token.*DNS:Edit/);
  });

  it('turns a rate-limit answer (429, Retry-After) into a retryable error with the wait', async () => {
    const p = provider();
    cf.failNext(cloudflareRateLimited(7));
    const err = await failure(p.present('_acme-challenge.limited.example.com', 'v'));
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(err.message).toMatch(/rate limit.*code 971/);
    await p.present('_acme-challenge.limited.example.com', 'v');
    expect(cf.txt('_acme-challenge.limited.example.com')).toEqual(['"v"']);
  });

  it('treats an API it cannot reach as retryable', async () => {
    const p = createCloudflareProvider({ apiToken: cf.token, baseUrl: `http://127.0.0.1:${await freePort()}/client/v4` });
    const err = await failure(p.verify!());
    expect(err).toMatchObject({ retryable: true, provider: 'cloudflare' });
    expect(err.message).toMatch(/unreachable while trying to list zones: ECONNREFUSED/);
  });

  it('treats a 5xx answer as retryable', async () => {
    cf.failNext({ status: 502, body: { success: false, errors: [{ code: 10013, message: 'Bad gateway' }], messages: [], result: null } });
    const err = await failure(provider().verify!());
    expect(err).toMatchObject({ retryable: true, status: 502 });
  });

  it('works in the one zone given by zone_id, through the kind and its settings', async () => {
    const settings = parseProviderSettings(cloudflareKind, { api_token: cf.token, zone_id: zoneId, endpoint: cf.baseURL });
    const p = createProviderOfKind('cloudflare', settings);
    const before = cf.requests.length;
    await p.verify!();
    await p.present('_acme-challenge.z.example.com', 'in-zone');
    expect(cf.txtZones('_acme-challenge.z.example.com')).toEqual(['example.com']);
    expect(cf.requests.slice(before).some((r) => r.url.startsWith('/client/v4/zones?'))).toBe(false);
    const wrong = createCloudflareProvider({ apiToken: cf.token, zoneId: '0123abcd', baseUrl: cf.baseURL });
    const err = await failure(wrong.verify!());
    expect(err).toMatchObject({ retryable: false, status: 404 });
    expect(err.message).toMatch(/check zone_id/);
  });

  it('needs api_token', () => {
    expect(() => parseProviderSettings(cloudflareKind, {})).toThrow(/needs the setting api_token/);
  });
});
