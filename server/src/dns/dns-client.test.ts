import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { pdnsApi } from '../../../test/helpers/pdns.js';
import { createDnsClient, parseServer, systemResolvers } from './dns-client.js';

const pdns = inject('pdns');
const zone = `client-${randomBytes(4).toString('hex')}.test`;

describe('parseServer', () => {
  it.each([
    ['1.2.3.4', { host: '1.2.3.4', port: 53 }],
    ['127.0.0.1:5300', { host: '127.0.0.1', port: 5300 }],
    ['::1', { host: '::1', port: 53 }],
    ['[::1]:5300', { host: '::1', port: 5300 }],
  ])('reads %s', (input, expected) => {
    expect(parseServer(input)).toEqual(expected);
  });

  it.each(['ns1.example.com', '1.2.3.4:x', ''])('rejects %j, which is not an IP address', (input) => {
    expect(() => parseServer(input)).toThrow(/not a DNS server address/);
  });
});

describe('systemResolvers', () => {
  it('lists the nameservers of resolv.conf and skips everything else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'resolv-'));
    const file = path.join(dir, 'resolv.conf');
    await writeFile(file, '# comment\nsearch example.com\nnameserver 10.0.0.2\nnameserver fe80::1%eth0\nnameserver bogus\noptions ndots:2\n');
    expect(systemResolvers(file)).toEqual(['10.0.0.2', 'fe80::1']);
  });

  it('falls back to 127.0.0.1 when there is no resolv.conf', () => {
    expect(systemResolvers('/nonexistent/resolv.conf')).toEqual(['127.0.0.1']);
  });
});

describe('createDnsClient', () => {
  const client = createDnsClient({ servers: [pdns.dnsAddress], timeoutMs: 1000 });
  beforeAll(async () => {
    // 40 TXT values of 100 bytes: far beyond a 1232-byte UDP answer.
    const big = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(98)}`);
    await pdnsApi(pdns.apiUrl, pdns.apiKey).createZone(zone, [
      { name: `www.${zone}`, type: 'A', content: '127.0.0.9' },
      ...big.map((content) => ({ name: `big.${zone}`, type: 'TXT', content })),
    ]);
  });

  it('answers A queries with addresses, TTL and the NOERROR rcode', async () => {
    const res = await client.query(`www.${zone}`, 'A');
    expect(res).toMatchObject({ rcode: 'NOERROR', authoritative: true, server: pdns.dnsAddress });
    expect(res.answers).toEqual([{ name: `www.${zone}`, type: 'A', ttl: 60, data: '127.0.0.9' }]);
  });

  it('gives the SOA of the zone in the authority section of an NXDOMAIN', async () => {
    const res = await client.query(`nope.${zone}.`, 'TXT');
    expect(res.rcode).toBe('NXDOMAIN');
    expect(res.authorities[0]).toMatchObject({ name: zone, type: 'SOA' });
    expect(res.authorities[0].data).toMatch(new RegExp(`^ns1\\.${zone} hostmaster\\.${zone} \\d+ 10800 3600 604800 60$`));
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const res = await client.query(`big.${zone}`, 'TXT');
    expect(res.answers).toHaveLength(40);
    expect(res.answers.map((a) => a.data).sort()[39]).toBe(`39${'x'.repeat(98)}`);
  });

  it('moves on to the next resolver when the first does not answer', async () => {
    const twoServers = createDnsClient({ servers: ['127.0.0.2:9', pdns.dnsAddress], timeoutMs: 300, retries: 0 });
    const res = await twoServers.query(`www.${zone}`, 'A');
    expect(res.server).toBe(pdns.dnsAddress);
  });

  it('rejects with every server named when no resolver answers', async () => {
    const none = createDnsClient({ servers: ['127.0.0.2:9'], timeoutMs: 200, retries: 1 });
    await expect(none.query('example.com', 'A')).rejects.toThrow(/no DNS resolver answered A example.com: 127.0.0.2:9: DNS timeout after 200 ms/);
  });

  describe('recursion desired flag', () => {
    const seen: boolean[] = [];
    const server = dgram.createSocket('udp4');
    let address = '';
    beforeAll(async () => {
      server.on('message', (msg, rinfo) => {
        const q = dnsPacket.decode(msg);
        seen.push(q.flag_rd);
        const answer = dnsPacket.encode({ type: 'response', id: q.id, flags: 0, questions: q.questions, answers: [] });
        server.send(answer, rinfo.port, rinfo.address);
      });
      await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
      address = `127.0.0.1:${server.address().port}`;
    });
    afterAll(() => server.close());

    it('is set when asking the resolvers and clear when asking one server directly', async () => {
      const c = createDnsClient({ servers: [address] });
      await c.query('example.com', 'A');
      await c.query('example.com', 'A', address);
      expect(seen).toEqual([true, false]);
    });
  });
});
