import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGandiStandIn, type GandiStandIn } from '../../../../../test/stand-ins/gandi.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings, ProviderSettingsError } from '../../provider-kind.js';
import { createGandiProvider } from './index.js';
import { gandiKind, gandiV5Kind } from './kind.js';
import { findProviderKind } from '../../registry.js';

let gandi: GandiStandIn;
const TOKEN = 'pat_good';
const API_KEY = 'legacy-key';

beforeAll(async () => {
  gandi = await startGandiStandIn({
    tokens: [TOKEN],
    expiredTokens: ['pat_expired'],
    apiKeys: [API_KEY],
    domains: ['a.test', 'example.test', 'other.test', 'sub.example.test', 'z.test'],
    maxPerPage: 2,
  });
});
afterAll(() => gandi.close());

const v5 = (settings: Record<string, string>) => gandiV5Kind.create(parseProviderSettings(gandiV5Kind, { endpoint: gandi.url, ...settings }));

describe('Gandi LiveDNS provider (gandiv5, and gandi with the API key)', () => {
  it('keeps two values at one name, and removes one then the other (the last with DELETE)', async () => {
    const p = v5({ personal_access_token: TOKEN });
    const name = '_acme-challenge.www.example.test';
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(gandi.txt('example.test', '_acme-challenge.www')).toEqual(['"apex-token"', '"wildcard-token"']);
    expect(gandi.ttl('example.test', '_acme-challenge.www')).toBe(300);
    await p.cleanUp(name, 'apex-token');
    expect(gandi.txt('example.test', '_acme-challenge.www')).toEqual(['"wildcard-token"']);
    await p.cleanUp(name, 'wildcard-token');
    await p.cleanUp(name, 'wildcard-token');
    expect(gandi.txt('example.test', '_acme-challenge.www')).toEqual([]);
    const deletes = gandi.requests.filter((r) => r.method === 'DELETE').map((r) => r.url);
    expect(deletes).toEqual(['/v5/livedns/domains/example.test/records/_acme-challenge.www/TXT']);
  });

  it('the gandi kind does the same with the deprecated API key (Authorization: Apikey)', async () => {
    const p = gandiKind.create(parseProviderSettings(gandiKind, { endpoint: gandi.url, api_key: API_KEY }));
    expect(p.name).toBe('gandi');
    await p.present('example.test', 'at-apex');
    expect(gandi.txt('example.test', '@')).toEqual(['"at-apex"']);
    expect(gandi.requests.at(-1)?.headers.authorization).toBe(`Apikey ${API_KEY}`);
    await p.cleanUp('example.test', 'at-apex');
    expect(gandi.txt('example.test', '@')).toEqual([]);
  });

  it('finds the zone as the longest match across pages, following the Link header', async () => {
    const before = gandi.requests.length;
    await v5({ personal_access_token: TOKEN }).present('_acme-challenge.www.sub.example.test', 'v');
    expect(gandi.txt('sub.example.test', '_acme-challenge.www')).toEqual(['"v"']);
    expect(gandi.txt('example.test', '_acme-challenge.www.sub')).toEqual([]);
    const pages = gandi.requests.slice(before).filter((r) => r.url.startsWith('/v5/livedns/domains?'));
    expect(pages.map((r) => r.url)).toEqual([
      '/v5/livedns/domains?per_page=100&page=1',
      '/v5/livedns/domains?per_page=2&page=2',
      '/v5/livedns/domains?per_page=2&page=3',
    ]);
  });

  it('pages by Total-Count when there is no Link header', async () => {
    const noLinks: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const headers = new Headers(res.headers);
      headers.delete('link');
      return new Response(res.status === 204 ? null : await res.text(), { status: res.status, headers });
    };
    const p = createGandiProvider({ personalAccessToken: TOKEN, endpoint: gandi.url, pageSize: 2, fetch: noLinks });
    await p.present('_acme-challenge.z.test', 'last-page');
    expect(gandi.txt('z.test', '_acme-challenge')).toEqual(['"last-page"']);
  });

  it('says no zone holds a name LiveDNS does not serve (noZone, not retryable)', async () => {
    const err = await v5({ personal_access_token: TOKEN }).present('_acme-challenge.elsewhere.example', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ noZone: true, retryable: false, provider: 'gandiv5' });
  });

  it('rejects refused credentials at once, naming the setting to check', async () => {
    const bad = await v5({ personal_access_token: 'pat_wrong' }).verify!().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DnsProviderError);
    expect(bad).toMatchObject({ retryable: false, status: 401 });
    expect((bad as Error).message).toMatch(/refused the personal_access_token .*check personal_access_token/);
    const expired = await v5({ personal_access_token: 'pat_expired' }).verify!().catch((e: unknown) => e);
    expect(expired).toMatchObject({ retryable: false, status: 403 });
    expect((expired as Error).message).toMatch(/check personal_access_token: personal access tokens expire/);
    const key = await gandiKind.create({ endpoint: gandi.url, api_key: 'wrong' }).verify!().catch((e: unknown) => e);
    expect((key as Error).message).toMatch(/check api_key/);
  });

  it('asks for a personal access token (or the API key) when given neither', () => {
    expect(() => v5({})).toThrow(ProviderSettingsError);
    expect(() => v5({})).toThrow(/personal_access_token/);
  });

  it("turns a 429 into a retryable error, waiting as long as Retry-After says (else a minute)", async () => {
    gandi.rateLimit(1, 42);
    const err = await v5({ personal_access_token: TOKEN }).present('_acme-challenge.limited.example.test', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000 });
    gandi.rateLimit(1);
    const bare = await v5({ personal_access_token: TOKEN }).verify!().catch((e: unknown) => e);
    expect(bare).toMatchObject({ retryable: true, status: 429, retryAfterMs: 60_000 });
  });

  it('is a registered provider kind', () => {
    expect(findProviderKind('gandiv5')).toBe(gandiV5Kind);
    expect(findProviderKind('gandi')).toBe(gandiKind);
  });
});
