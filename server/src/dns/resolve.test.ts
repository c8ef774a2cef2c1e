import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { pdnsApi } from '../../../test/helpers/pdns.js';
import { createDnsClient, type DnsClient } from './dns-client.js';
import { pointsToTargets, resolveHost } from './resolve.js';

const pdns = inject('pdns');
const id = randomBytes(4).toString('hex');
const customer = `customer-${id}.test`;
const platform = `platform-${id}.test`;
const client = createDnsClient({ servers: [pdns.dnsAddress], timeoutMs: 1000 });

beforeAll(async () => {
  const api = pdnsApi(pdns.apiUrl, pdns.apiKey);
  await api.createZone(platform, [
    { name: `edge.${platform}`, type: 'A', content: '127.0.0.10' },
    { name: `edge.${platform}`, type: 'A', content: '127.0.0.11' },
    { name: `edge.${platform}`, type: 'AAAA', content: '::1' },
    { name: `alias.${platform}`, type: 'CNAME', content: `edge.${platform}.` },
  ]);
  await api.createZone(customer, [
    { name: `www.${customer}`, type: 'CNAME', content: `alias.${platform}.` },
    { name: `shop.${customer}`, type: 'A', content: '127.0.0.10' },
    { name: `loop-a.${customer}`, type: 'CNAME', content: `loop-b.${customer}.` },
    { name: `loop-b.${customer}`, type: 'CNAME', content: `loop-a.${customer}.` },
  ]);
});

describe('resolveHost', () => {
  it('follows a CNAME chain across zones to the final addresses', async () => {
    const r = await resolveHost(client, `WWW.${customer}.`);
    expect(r.cnames).toEqual([`alias.${platform}`, `edge.${platform}`]);
    expect(r.addresses.sort()).toEqual(['127.0.0.10', '127.0.0.11', '::1']);
    expect(r.rcode).toBe('NOERROR');
  });

  it('returns the addresses of a name without CNAME', async () => {
    expect(await resolveHost(client, `shop.${customer}`)).toEqual({ cnames: [], addresses: ['127.0.0.10'], rcode: 'NOERROR' });
  });

  it('reports a name that does not exist as NXDOMAIN with no addresses', async () => {
    expect(await resolveHost(client, `missing.${customer}`)).toEqual({ cnames: [], addresses: [], rcode: 'NXDOMAIN' });
  });

  it('returns no addresses for a CNAME loop that the server answers with SERVFAIL', async () => {
    expect(await resolveHost(client, `loop-a.${customer}`)).toMatchObject({ addresses: [], rcode: 'SERVFAIL' });
  });

  it('refuses to follow a CNAME loop spread over several answers', async () => {
    const looping: DnsClient = {
      async query(name) {
        const next = name === 'a.example' ? 'b.example' : 'a.example';
        return { rcode: 'NOERROR', authoritative: true, server: 'fake', authorities: [], answers: [{ name, type: 'CNAME', ttl: 60, data: next }] };
      },
    };
    await expect(resolveHost(looping, 'a.example')).rejects.toThrow('CNAME loop at b.example -> a.example');
  });
});

describe('pointsToTargets', () => {
  const targets = ['edge.platform.example', '192.0.2.1', '2001:db8::1'];
  const table: Array<[string, { cnames: string[]; addresses: string[] }, string[], boolean, string]> = [
    ['accepts a CNAME to a target host name', { cnames: ['edge.platform.example'], addresses: ['203.0.113.9'] }, targets, true, 'CnameMatches'],
    ['ignores case and a trailing dot in CNAMEs and targets', { cnames: ['EDGE.Platform.Example.'], addresses: [] }, ['edge.platform.example.'], true, 'CnameMatches'],
    ['accepts a CNAME anywhere in the chain', { cnames: ['cdn.customer.example', 'edge.platform.example'], addresses: ['192.0.2.1'] }, targets, true, 'CnameMatches'],
    ['accepts addresses that are all target IPs', { cnames: [], addresses: ['192.0.2.1', '2001:db8::1'] }, targets, true, 'AddressesMatch'],
    ['accepts an IPv6 address written another way', { cnames: [], addresses: ['2001:0db8:0:0::1'] }, targets, true, 'AddressesMatch'],
    ['accepts a CNAME to another name whose addresses are target IPs', { cnames: ['lb.customer.example'], addresses: ['192.0.2.1'] }, targets, true, 'AddressesMatch'],
    ['rejects a mix of target and foreign addresses', { cnames: [], addresses: ['192.0.2.1', '198.51.100.7'] }, targets, false, 'ForeignAddress'],
    ['rejects a host name with no addresses', { cnames: [], addresses: [] }, targets, false, 'NoAddresses'],
    ['rejects a CNAME to a host name that is not a target', { cnames: ['other.example'], addresses: [] }, targets, false, 'NoAddresses'],
    ['rejects everything when no targets are configured', { cnames: ['edge.platform.example'], addresses: ['192.0.2.1'] }, [], false, 'NoTargets'],
  ];
  it.each(table)('%s', (_sentence, resolution, targetList, ok, code) => {
    const result = pointsToTargets(resolution, targetList);
    expect(result).toMatchObject({ ok, code });
    expect(result.reason).not.toBe('');
  });

  it('names the foreign address and the expected targets in the reason', () => {
    const r = pointsToTargets({ cnames: [], addresses: ['198.51.100.7'] }, targets);
    expect(r.reason).toBe("address 198.51.100.7 is not the platform's; point the host name at edge.platform.example, 192.0.2.1, 2001:db8::1");
  });
});
