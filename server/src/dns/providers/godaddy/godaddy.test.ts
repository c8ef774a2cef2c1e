import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoDaddyStandIn, type GoDaddyStandIn } from '../../../../../test/stand-ins/godaddy.js';
import { freePort } from '../../../db/embedded-postgres.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings } from '../../provider-kind.js';
import { createGoDaddyProvider } from './index.js';
import { goDaddyKind } from './kind.js';
import { findProviderKind } from '../../registry.js';

let godaddy: GoDaddyStandIn;
const KEY = 'key-1';
const SECRET = 'secret-1';

beforeAll(async () => {
  godaddy = await startGoDaddyStandIn({
    keys: [`${KEY}:${SECRET}`],
    deniedKeys: ['small-account:secret'],
    domains: ['a-first.test', 'example.test', 'b-other.test', 'sub.example.test', 'zz-last.test', { domain: 'deep.sub.example.test', status: 'CANCELLED' }],
  });
});
afterAll(() => godaddy.close());

/** The provider as certplane builds it: through the kind, from settings. */
const fromSettings = (settings: Record<string, string>) =>
  goDaddyKind.create(parseProviderSettings(goDaddyKind, { endpoint: godaddy.url, ...settings }));
const provider = () => fromSettings({ api_key: KEY, api_secret: SECRET });

describe('GoDaddy provider', () => {
  it('keeps two values at one name, and removes one then the other (the last with DELETE)', async () => {
    const p = provider();
    const name = '_acme-challenge.www.example.test';
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(godaddy.txt('example.test', '_acme-challenge.www')).toEqual(['apex-token', 'wildcard-token']);
    expect(godaddy.ttl('example.test', '_acme-challenge.www')).toBe(600);
    await p.cleanUp(name, 'apex-token');
    expect(godaddy.txt('example.test', '_acme-challenge.www')).toEqual(['wildcard-token']);
    await p.cleanUp(name, 'wildcard-token');
    await p.cleanUp(name, 'wildcard-token');
    expect(godaddy.txt('example.test', '_acme-challenge.www')).toEqual([]);
    expect(godaddy.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual(['/v1/domains/example.test/records/TXT/_acme-challenge.www']);
  });

  it('keeps the TTL of TXT records the customer already had at the name', async () => {
    const p = provider();
    await fetch(`${godaddy.url}/v1/domains/example.test/records/TXT/_acme-challenge.kept`, {
      method: 'PUT',
      headers: { Authorization: `sso-key ${KEY}:${SECRET}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ data: 'customer-value', ttl: 3600 }]),
    });
    await p.present('_acme-challenge.kept.example.test', 'challenge-value');
    expect(godaddy.txt('example.test', '_acme-challenge.kept')).toEqual(['customer-value', 'challenge-value']);
    expect(godaddy.ttl('example.test', '_acme-challenge.kept')).toBe(3600);
    await p.cleanUp('_acme-challenge.kept.example.test', 'challenge-value');
    expect(godaddy.txt('example.test', '_acme-challenge.kept')).toEqual(['customer-value']);
  });

  it('finds the zone as the longest ACTIVE domain across pages of the domain list', async () => {
    const p = createGoDaddyProvider({ apiKey: KEY, apiSecret: SECRET, endpoint: godaddy.url, pageSize: 2 });
    const before = godaddy.requests.length;
    await p.present('_acme-challenge.x.deep.sub.example.test', 'v');
    // deep.sub.example.test is CANCELLED: not a zone; sub.example.test is on the third page.
    expect(godaddy.txt('sub.example.test', '_acme-challenge.x.deep')).toEqual(['v']);
    expect(godaddy.txt('example.test', '_acme-challenge.x.deep.sub')).toEqual([]);
    const pages = godaddy.requests.slice(before).filter((r) => r.url.startsWith('/v1/domains?'));
    expect(pages.map((r) => r.url)).toEqual([
      '/v1/domains?statuses=ACTIVE&limit=2',
      '/v1/domains?statuses=ACTIVE&limit=2&marker=b-other.test',
      '/v1/domains?statuses=ACTIVE&limit=2&marker=sub.example.test',
    ]);
  });

  it('writes at the apex of a zone as @', async () => {
    await provider().present('sub.example.test', 'at-apex');
    expect(godaddy.txt('sub.example.test', '@')).toEqual(['at-apex']);
  });

  it('says no zone holds a name outside the account (noZone, not retryable)', async () => {
    const err = await provider().present('_acme-challenge.elsewhere.example', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ noZone: true, retryable: false, provider: 'godaddy' });
  });

  it('rejects refused credentials at once, naming the settings to check', async () => {
    const err = await fromSettings({ api_key: KEY, api_secret: 'wrong' }).verify!().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect((err as Error).message).toMatch(/UNABLE_TO_AUTHENTICATE.*check api_key and api_secret/);
    const denied = await fromSettings({ api_key: 'small-account', api_secret: 'secret' }).verify!().catch((e: unknown) => e);
    expect(denied).toMatchObject({ retryable: false, status: 403 });
    expect((denied as Error).message).toMatch(/ACCESS_DENIED.*10 or more domains/);
  });

  it('turns TOO_MANY_REQUESTS into a retryable error carrying its retryAfterSec', async () => {
    godaddy.rateLimit(1, 30);
    const err = await provider().present('_acme-challenge.limited.example.test', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 30_000 });
    expect((err as Error).message).toMatch(/TOO_MANY_REQUESTS/);
  });

  it('marks an unreachable API as retryable', async () => {
    const p = createGoDaddyProvider({ apiKey: KEY, apiSecret: SECRET, endpoint: `http://127.0.0.1:${await freePort()}` });
    const err = await p.verify!().catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('is a registered provider kind', () => {
    expect(findProviderKind('godaddy')).toBe(goDaddyKind);
  });
});
