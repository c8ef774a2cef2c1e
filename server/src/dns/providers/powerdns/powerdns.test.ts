import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort } from '../../../db/embedded-postgres.js';
import { pdnsApi } from '../../../../../test/helpers/pdns.js';
import { createDnsClient } from '../../dns-client.js';
import { DnsProviderError } from '../../dns-provider.js';
import { createPowerDnsProvider } from './index.js';

const pdns = inject('pdns');
const zone = `pdns-${randomBytes(4).toString('hex')}.test`;
const provider = createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: pdns.apiKey });
const dns = createDnsClient({ servers: [pdns.dnsAddress], timeoutMs: 1000 });

async function txt(name: string): Promise<string[]> {
  const res = await dns.query(name, 'TXT', pdns.dnsAddress);
  return res.answers.filter((r) => r.type === 'TXT').map((r) => r.data).sort();
}

beforeAll(async () => {
  await pdnsApi(pdns.apiUrl, pdns.apiKey).createZone(zone);
});

describe('PowerDNS provider', () => {
  it('rides out a few 500 answers (sqlite "database is locked") with quick retries', async () => {
    let failures = 2;
    const flaky: typeof fetch = async (input, init) => {
      if (failures-- > 0) return new Response('{"error":"database is locked"}', { status: 500 });
      return fetch(input, init);
    };
    const p = createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, fetch: flaky });
    const name = `_acme-challenge.flaky.${zone}`;
    await p.present(name, 'after-retries');
    expect(await txt(name)).toEqual(['after-retries']);
    let always = 0;
    const broken: typeof fetch = async () => (always++, new Response('{"error":"boom"}', { status: 500 }));
    const q = createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, fetch: broken, quickRetries: 2 });
    await expect(q.present(name, 'x')).rejects.toMatchObject({ retryable: true });
    expect(always).toBe(3);
  });

  it('adds a value next to the ones already at the name, and adding it again changes nothing', async () => {
    const name = `_acme-challenge.a.${zone}`;
    await provider.present(name, 'apex-token');
    await provider.present(`${name}.`, 'wildcard-token');
    await provider.present(name, 'apex-token');
    expect(await txt(name)).toEqual(['apex-token', 'wildcard-token']);
  });

  it('removes only the given value, then the whole rrset, and cleaning up twice is harmless', async () => {
    const name = `_acme-challenge.b.${zone}`;
    await provider.present(name, 'one');
    await provider.present(name, 'two');
    await provider.cleanUp(name, 'one');
    expect(await txt(name)).toEqual(['two']);
    await provider.cleanUp(name, 'two');
    await provider.cleanUp(name, 'two');
    expect(await txt(name)).toEqual([]);
    const res = await dns.query(name, 'TXT', pdns.dnsAddress);
    expect(res.rcode).toBe('NXDOMAIN');
  });

  it('keeps both values when two challenges for one name are presented at the same time', async () => {
    const name = `_acme-challenge.c.${zone}`;
    await Promise.all([provider.present(name, 'x'), provider.present(name, 'y'), provider.present(name, 'z')]);
    expect(await txt(name)).toEqual(['x', 'y', 'z']);
  });

  it('stores values with quotes and backslashes as they are', async () => {
    const name = `_acme-challenge.d.${zone}`;
    await provider.present(name, 'a"b\\c');
    expect(await txt(name)).toEqual(['a"b\\c']);
    await provider.cleanUp(name, 'a"b\\c');
    expect(await txt(name)).toEqual([]);
  });

  it('fails without retry and says what to do when no zone holds the name', async () => {
    const err = await provider.present('_acme-challenge.foo.nowhere-else.example', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: false, provider: 'powerdns' });
    expect((err as Error).message).toBe(
      'PowerDNS has no zone for _acme-challenge.foo.nowhere-else.example; create the zone or delegate it',
    );
  });

  it('fails without retry when the API key is wrong', async () => {
    const bad = createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: 'wrong' });
    const err = await bad.present(`_acme-challenge.${zone}`, 'v').catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect((err as Error).message).toMatch(/API key/);
  });

  it('fails with a retryable error when the API is not reachable', async () => {
    const down = createPowerDnsProvider({ apiUrl: `http://127.0.0.1:${await freePort()}`, apiKey: pdns.apiKey, timeoutMs: 2000 });
    const err = await down.present(`_acme-challenge.${zone}`, 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('treats a 5xx answer as retryable', async () => {
    const flaky = createPowerDnsProvider({
      apiUrl: pdns.apiUrl,
      apiKey: pdns.apiKey,
      fetch: async () => new Response('{"error":"database is locked"}', { status: 500 }),
    });
    const err = await flaky.present(`_acme-challenge.${zone}`, 'v').catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, status: 500 });
    expect((err as Error).message).toMatch(/database is locked/);
  });

  it('finds a zone created after the zone list was cached', async () => {
    await provider.present(`_acme-challenge.warm.${zone}`, 'v');
    const late = `late-${randomBytes(4).toString('hex')}.test`;
    await pdnsApi(pdns.apiUrl, pdns.apiKey).createZone(late);
    await provider.present(`_acme-challenge.${late}`, 'in-subzone');
    expect(await txt(`_acme-challenge.${late}`)).toEqual(['in-subzone']);
  });

  it("keeps the TTL of TXT values the customer already had at the name, through present and clean-up", async () => {
    const name = `_acme-challenge.kept-ttl.${zone}`;
    await pdnsApi(pdns.apiUrl, pdns.apiKey).setRecord(name, 'TXT', ['customer-value'], 3600);
    const ttlOf = async () => (await dns.query(name, 'TXT', pdns.dnsAddress)).answers.filter((r) => r.type === 'TXT').map((r) => r.ttl);
    expect(await ttlOf()).toEqual([3600]);
    await provider.present(name, 'challenge-value');
    expect(await txt(name)).toEqual(['challenge-value', 'customer-value']);
    expect(await ttlOf()).toEqual([3600, 3600]);
    await provider.cleanUp(name, 'challenge-value');
    expect(await txt(name)).toEqual(['customer-value']);
    expect(await ttlOf()).toEqual([3600]);
  });
});
