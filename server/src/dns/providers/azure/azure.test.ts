import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureThrottled, startAzureDnsStandIn, type AzureDnsStandIn } from '../../../../../test/stand-ins/azure-dns.js';
import { freePort } from '../../../db/embedded-postgres.js';
import { DnsProviderError } from '../../dns-provider.js';
import { parseProviderSettings } from '../../provider-kind.js';
import { createClientSecretCredential } from './client-secret-credential.js';
import { createAzureDnsProvider, type AzureDnsProviderOptions } from './index.js';
import { azureKind } from './kind.js';

let az: AzureDnsStandIn;

beforeAll(async () => {
  az = await startAzureDnsStandIn({ pageSize: 2 });
  // Five zones over three pages in two resource groups; the longest match for names under b.example.com is on the last page.
  az.addZone('other.test', 'rg-dns');
  az.addZone('example.com', 'rg-dns');
  az.addZone('unrelated.test', 'rg-other');
  az.addZone('com.example.org', 'rg-other');
  az.addZone('b.example.com', 'rg-other');
});
afterAll(() => az.close());

/** The provider against the stand-in: its https endpoint trusted through the SDK's tlsOptions, token requests through a fetch trusting it. */
const provider = (extra: Partial<AzureDnsProviderOptions> = {}) =>
  createAzureDnsProvider({
    tenantId: az.tenantId,
    clientId: az.clientId,
    clientSecret: az.clientSecret,
    subscriptionId: az.subscriptionId,
    authorityHost: az.url,
    endpoint: az.url,
    fetch: az.fetch,
    clientOptions: { tlsOptions: { ca: az.ca } },
    ...extra,
  });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as DnsProviderError);

describe('Azure DNS provider (@azure/arm-dns against a local stand-in)', () => {
  it('keeps two values in one TXT record set, and cleans up one then the other', async () => {
    const p = provider();
    await p.present('_acme-challenge.www.example.com', 'apex-token');
    await p.present('_acme-challenge.www.example.com.', 'wildcard-token');
    await p.present('_acme-challenge.www.example.com', 'apex-token');
    expect(az.txt('example.com', '_acme-challenge.www')).toEqual({ values: ['apex-token', 'wildcard-token'], ttl: 60 });
    await p.cleanUp('_acme-challenge.www.example.com', 'apex-token');
    expect(az.txt('example.com', '_acme-challenge.www')).toEqual({ values: ['wildcard-token'], ttl: 60 });
    await p.cleanUp('_acme-challenge.www.example.com', 'wildcard-token');
    await p.cleanUp('_acme-challenge.www.example.com', 'wildcard-token');
    expect(az.txt('example.com', '_acme-challenge.www')).toBeNull();
  });

  it('finds the zone as the longest match across every page (nextLink), in its own resource group; @ at the apex', async () => {
    const p = provider();
    const before = az.requests.length;
    await p.present('_acme-challenge.x.b.example.com', 'v');
    expect(az.txt('b.example.com', '_acme-challenge.x')?.values).toEqual(['v']);
    const zonePages = az.requests.slice(before).filter((r) => /\/dnszones\?/i.test(r.url));
    expect(zonePages.map((r) => new URL(r.url, 'https://x').searchParams.get('$skipToken'))).toEqual([null, '2', '4']);
    expect(az.requests.some((r) => r.url.includes('/resourceGroups/rg-other/providers/Microsoft.Network/dnsZones/b.example.com/TXT/_acme-challenge.x'))).toBe(true);
    await p.present('b.example.com', 'at-the-apex');
    expect(az.txt('b.example.com', '@')?.values).toEqual(['at-the-apex']);
  });

  it('lists only the zones of resource_group when given', async () => {
    const p = provider({ resourceGroup: 'rg-dns' });
    const err = await failure(p.present('_acme-challenge.unrelated.test', 'v'));
    expect(err).toMatchObject({ noZone: true });
    await p.present('_acme-challenge.rg.example.com', 'in-rg');
    expect(az.txt('example.com', '_acme-challenge.rg')?.values).toEqual(['in-rg']);
    const missing = await failure(provider({ resourceGroup: 'rg-none' }).verify!());
    expect(missing).toMatchObject({ retryable: false, status: 404 });
    expect(missing.message).toMatch(/ResourceGroupNotFound.*check resource_group/);
  });

  it('answers noZone, without retry, when no zone of the subscription holds the name', async () => {
    const err = await failure(provider().present('_acme-challenge.example.net', 'v'));
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: false, noZone: true, provider: 'azure' });
  });

  it('rejects a refused client secret at verify(), without retry, naming client_secret', async () => {
    const err = await failure(provider({ clientSecret: 'wrong' }).verify!());
    expect(err).toMatchObject({ retryable: false, status: 401, provider: 'azure' });
    expect(err.message).toMatch(/invalid_client: AADSTS7000215.*check client_secret/);
  });

  it('names client_id, tenant_id or subscription_id when that is what is wrong', async () => {
    const unknownApp = await failure(provider({ clientId: '00000000-0000-0000-0000-000000000000' }).verify!());
    expect(unknownApp).toMatchObject({ retryable: false, status: 400 });
    expect(unknownApp.message).toMatch(/AADSTS700016.*check client_id/);
    const unknownTenant = await failure(provider({ tenantId: 'contoso.onmicrosoft.example' }).verify!());
    expect(unknownTenant.message).toMatch(/AADSTS90002.*check tenant_id/);
    const noRole = await failure(provider({ clientId: az.unauthorizedClientId, clientSecret: az.unauthorizedClientSecret }).verify!());
    expect(noRole).toMatchObject({ retryable: false, status: 403 });
    expect(noRole.message).toMatch(/AuthorizationFailed.*check client_id.*DNS Zone Contributor/);
    const noSubscription = await failure(provider({ subscriptionId: '11111111-1111-1111-1111-111111111111' }).verify!());
    expect(noSubscription).toMatchObject({ retryable: false, status: 404 });
    expect(noSubscription.message).toMatch(/SubscriptionNotFound.*check subscription_id/);
  });

  it('turns throttling (429, Retry-After) into a retryable error with the wait', async () => {
    const p = provider();
    await p.verify!();
    az.failNext(azureThrottled(17));
    const err = await failure(p.present('_acme-challenge.limited.example.com', 'v'));
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 17_000 });
    expect(err.message).toMatch(/SubscriptionRequestsThrottled/);
    await p.present('_acme-challenge.limited.example.com', 'v');
    expect(az.txt('example.com', '_acme-challenge.limited')?.values).toEqual(['v']);
  });

  it('treats a token endpoint or Resource Manager it cannot reach as retryable', async () => {
    const noLogin = await failure(provider({ authorityHost: `https://127.0.0.1:${await freePort()}` }).verify!());
    expect(noLogin).toMatchObject({ retryable: true, provider: 'azure' });
    expect(noLogin.message).toMatch(/Microsoft Entra ID .* unreachable while asking for a token: ECONNREFUSED/);
    const noArm = await failure(provider({ endpoint: `https://127.0.0.1:${await freePort()}` }).verify!());
    expect(noArm).toMatchObject({ retryable: true, provider: 'azure' });
    expect(noArm.message).toMatch(/Resource Manager .* unreachable while trying to list the zones of the subscription: ECONNREFUSED/);
  });

  it('treats a 5xx answer as retryable', async () => {
    const p = provider();
    await p.verify!();
    az.failNext({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } } });
    const err = await failure(p.verify!());
    expect(err).toMatchObject({ retryable: true, status: 503 });
  });

  it('keeps a token until shortly before it expires', async () => {
    let now = 1_900_000_000_000;
    const credential = createClientSecretCredential({ tenantId: az.tenantId, clientId: az.clientId, clientSecret: az.clientSecret, authorityHost: az.url, fetch: az.fetch, now: () => now });
    const scope = `${az.url}/.default`;
    const before = az.tokenRequests();
    const [a, b] = await Promise.all([credential.getToken(scope), credential.getToken(scope)]);
    expect(a?.token).toBe(b?.token);
    now += 50 * 60_000;
    expect((await credential.getToken(scope))?.token).toBe(a?.token);
    expect(az.tokenRequests() - before).toBe(1);
    now += 5 * 60_000; // 55 minutes into a 3599 s token: within 5 minutes of expiry
    expect((await credential.getToken(scope))?.token).not.toBe(a?.token);
    expect(az.tokenRequests() - before).toBe(2);
  });

  it('checks its settings', () => {
    expect(() => parseProviderSettings(azureKind, { tenant_id: 't', client_id: 'c', subscription_id: 's' })).toThrow(/needs the setting client_secret/);
    const base = { tenant_id: 't', client_id: 'c', client_secret: 's', subscription_id: 'sub' };
    expect(() => azureKind.create({ ...base, authority_host: 'http://login.example' })).toThrow(/authority_host must be an https URL/);
    expect(() => azureKind.create({ ...base, endpoint: 'http://127.0.0.1:1' })).toThrow(/endpoint must be an https URL/);
    expect(azureKind.create(base).name).toBe('azure');
  });
});
