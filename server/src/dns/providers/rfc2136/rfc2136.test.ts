import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBind, type BindHandle } from '../../../../../test/helpers/bind.js';
import { freePort } from '../../../db/embedded-postgres.js';
import { createDnsClient } from '../../dns-client.js';
import { DnsProviderError, type DnsProvider } from '../../dns-provider.js';
import { parseProviderSettings } from '../../provider-kind.js';
import { createRfc2136Provider, type Rfc2136ProviderOptions } from './index.js';
import { rfc2136Kind } from './kind.js';

const ZONE = 'example.test';
const SUBZONE = 'sub.example.test';
let bind: BindHandle;
const dns = createDnsClient({ servers: [], timeoutMs: 1000 });

beforeAll(async () => {
  bind = await startBind({ zones: [{ name: ZONE, records: ['deleg IN NS ns.elsewhere.invalid.'] }, { name: SUBZONE }] });
});
afterAll(async () => {
  await bind?.stop();
});

const provider = (over: Partial<Rfc2136ProviderOptions> = {}): DnsProvider =>
  createRfc2136Provider({ nameserver: bind.address, tsigKeyName: bind.key.name, tsigSecret: bind.key.secret, timeoutMs: 2000, ...over });

/** TXT values at `name`, asked of BIND itself. */
async function txt(name: string): Promise<string[]> {
  const res = await dns.query(name, 'TXT', bind.address);
  return res.answers.filter((r) => r.type === 'TXT').map((r) => r.data).sort();
}

async function failure(p: Promise<unknown>): Promise<DnsProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DnsProviderError);
  return err as DnsProviderError;
}

describe('RFC 2136 provider against BIND', () => {
  it('adds two values at one name, and adding one again changes nothing', async () => {
    const p = provider({ zone: ZONE });
    const name = `_acme-challenge.two.${ZONE}`;
    await p.present(name, 'apex-token');
    await p.present(`${name}.`, 'wildcard-token');
    await p.present(name, 'apex-token');
    expect(await txt(name)).toEqual(['apex-token', 'wildcard-token']);
  });

  it('cleans up one value and then the other, and cleaning up twice is harmless', async () => {
    const p = provider({ zone: ZONE });
    const name = `_acme-challenge.clean.${ZONE}`;
    await p.present(name, 'one');
    await p.present(name, 'two');
    await p.cleanUp(name, 'one');
    expect(await txt(name)).toEqual(['two']);
    await p.cleanUp(name, 'two');
    await p.cleanUp(name, 'two');
    expect(await txt(name)).toEqual([]);
    expect((await dns.query(name, 'TXT', bind.address)).rcode).toBe('NXDOMAIN');
  });

  it('finds the zone by asking the nameserver for the SOA, at an apex and in a zone below another', async () => {
    const p = provider();
    await p.present(`_acme-challenge.www.${SUBZONE}`, 'in-subzone');
    await p.present(`_acme-challenge.${ZONE}`, 'at-apex');
    expect(await txt(`_acme-challenge.www.${SUBZONE}`)).toEqual(['in-subzone']);
    expect(await txt(`_acme-challenge.${ZONE}`)).toEqual(['at-apex']);
    await p.cleanUp(`_acme-challenge.www.${SUBZONE}`, 'in-subzone');
    expect(await txt(`_acme-challenge.www.${SUBZONE}`)).toEqual([]);
  });

  it('keeps a value longer than 255 octets whole, and deletes it again', async () => {
    const p = provider();
    const name = `_acme-challenge.long.${ZONE}`;
    const value = 'x'.repeat(300);
    await p.present(name, value);
    expect(await txt(name)).toEqual([value]);
    await p.cleanUp(name, value);
    expect(await txt(name)).toEqual([]);
  });

  it('refuses credentials with a wrong secret without retry, naming tsig_secret', async () => {
    const p = provider({ tsigSecret: Buffer.alloc(32, 7).toString('base64') });
    const err = await failure(p.present(`_acme-challenge.${ZONE}`, 'v'));
    expect(err).toMatchObject({ retryable: false, provider: 'rfc2136' });
    expect(err.message).toMatch(/BADSIG.*check tsig_secret/);
    expect((await failure(p.verify!())).message).toMatch(/check tsig_secret/);
  });

  it('refuses an unknown key name without retry, naming tsig_key_name', async () => {
    const p = provider({ tsigKeyName: 'no-such-key', zone: ZONE });
    const err = await failure(p.verify!());
    expect(err).toMatchObject({ retryable: false });
    expect(err.message).toMatch(/does not know the TSIG key "no-such-key".*BADKEY.*check tsig_key_name/);
  });

  it('names tsig_algorithm too when the key is known under another algorithm', async () => {
    const err = await failure(provider({ tsigAlgorithm: 'hmac-sha512' }).verify!());
    expect(err).toMatchObject({ retryable: false });
    expect(err.message).toMatch(/BADKEY.*tsig_algorithm/);
  });

  it('says which grant is missing when the server knows the key but lets it update nothing', async () => {
    const p = provider({ tsigKeyName: bind.otherKey.name, tsigSecret: bind.otherKey.secret, tsigAlgorithm: 'hmac-sha512', zone: ZONE });
    const err = await failure(p.verify!());
    expect(err).toMatchObject({ retryable: false });
    expect(err.message).toMatch(/REFUSED.*allow-update/);
    await expect(p.present(`_acme-challenge.${ZONE}`, 'v')).rejects.toMatchObject({ retryable: false });
  });

  it('verifies good credentials with a signed no-op update, or a signed query without a zone', async () => {
    const serial = async () => (await dns.query(ZONE, 'SOA', bind.address)).answers[0].data.split(' ')[2];
    const before = await serial();
    await provider({ zone: ZONE }).verify!();
    await provider().verify!();
    expect(await serial()).toBe(before); // the no-op update changed nothing
  });

  it('fails without retry for a name in no zone of the server, found by discovery or by the zone setting', async () => {
    const discovered = await failure(provider().present('_acme-challenge.www.elsewhere.invalid', 'v'));
    expect(discovered).toMatchObject({ retryable: false, noZone: true });
    expect(discovered.message).toMatch(/holds no zone for _acme-challenge.www.elsewhere.invalid/);
    const configured = await failure(provider({ zone: ZONE }).present('_acme-challenge.elsewhere.invalid', 'v'));
    expect(configured).toMatchObject({ retryable: false, noZone: true });
    expect(configured.message).toMatch(/not in zone example.test; check zone/);
    const notPrimary = await failure(provider({ zone: 'elsewhere.invalid' }).present('_acme-challenge.elsewhere.invalid', 'v'));
    expect(notPrimary).toMatchObject({ retryable: false, noZone: true });
    expect(notPrimary.message).toMatch(/NOTAUTH/);
  });

  it('says where a delegated name went instead of writing into the parent zone', async () => {
    const err = await failure(provider().present(`_acme-challenge.deleg.${ZONE}`, 'v'));
    expect(err).toMatchObject({ retryable: false, noZone: true });
    expect(err.message).toMatch(/delegated .* to ns\.elsewhere\.invalid/);
  });

  it('fails with a retryable error when the nameserver is down', async () => {
    const p = provider({ nameserver: `127.0.0.1:${await freePort()}` });
    const started = Date.now();
    const err = await failure(p.present(`_acme-challenge.${ZONE}`, 'v'));
    expect(err).toMatchObject({ retryable: true });
    expect(err.message).toMatch(/unreachable: ECONNREFUSED.*check nameserver/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not take an unsigned answer for a success', async () => {
    const liar = dgram.createSocket('udp4');
    liar.on('message', (msg, from) => {
      const res = Buffer.from(msg.subarray(0, 12));
      res[2] |= 0x80; // QR: a response
      res.fill(0, 4, 12); // no sections at all: NOERROR, no TSIG
      liar.send(res, from.port, from.address);
    });
    await new Promise<void>((r) => liar.bind(0, '127.0.0.1', r));
    try {
      const p = provider({ nameserver: `127.0.0.1:${liar.address().port}`, zone: ZONE, timeoutMs: 300 });
      const err = await failure(p.present(`_acme-challenge.${ZONE}`, 'v'));
      expect(err).toMatchObject({ retryable: false });
      expect(err.message).toMatch(/answered NOERROR over UDP, but the answer carries no TSIG record; check that tsig_secret/);
    } finally {
      liar.close();
    }
  });

  it("does not take BIND's answer once a bit of it changed on the way", async () => {
    const proxy = dgram.createSocket('udp4');
    proxy.on('message', (msg, from) => {
      if (from.port === bind.port) return;
      const upstream = dgram.createSocket('udp4');
      upstream.on('message', (res) => {
        res[3] ^= 0x80; // RA flipped: the MAC no longer matches
        proxy.send(res, from.port, from.address);
        upstream.close();
      });
      upstream.send(msg, bind.port, '127.0.0.1');
    });
    await new Promise<void>((r) => proxy.bind(0, '127.0.0.1', r));
    try {
      const p = provider({ nameserver: `127.0.0.1:${proxy.address().port}`, zone: ZONE, timeoutMs: 300 });
      const err = await failure(p.present(`_acme-challenge.tampered.${ZONE}`, 'v'));
      expect(err.message).toMatch(/answered NOERROR over UDP, but the TSIG MAC of the answer does not verify/);
    } finally {
      proxy.close();
    }
  });

  it('says the clocks differ when ours is an hour off', async () => {
    const err = await failure(provider({ zone: ZONE, now: () => Date.now() + 3_600_000 }).verify!());
    expect(err).toMatchObject({ retryable: false });
    expect(err.message).toMatch(/BADTIME/);
  });

  it('goes over TCP when the UDP answer is truncated', async () => {
    // UDP on this port answers every request with TC set; TCP on it leads to BIND.
    const port = await freePort();
    const tc = dgram.createSocket('udp4');
    tc.on('message', (msg, from) => {
      const res = Buffer.from(msg.subarray(0, 12));
      res[2] |= 0x82;
      res.fill(0, 4, 12);
      tc.send(res, from.port, from.address);
    });
    await new Promise<void>((r) => tc.bind(port, '127.0.0.1', r));
    let tcpConnections = 0;
    const pipe = net.createServer((client) => {
      tcpConnections++;
      const upstream = net.connect(bind.port, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => pipe.listen(port, '127.0.0.1', r));
    try {
      const p = provider({ nameserver: `127.0.0.1:${port}` });
      await p.present(`_acme-challenge.tcp.${ZONE}`, 'over-tcp');
      expect(await txt(`_acme-challenge.tcp.${ZONE}`)).toEqual(['over-tcp']);
      expect(tcpConnections).toBe(2); // the SOA query, then the update
    } finally {
      tc.close();
      pipe.close();
    }
  });
});

describe('rfc2136 settings', () => {
  const create = (settings: Record<string, string>) => rfc2136Kind.create(parseProviderSettings(rfc2136Kind, settings));
  const base = { nameserver: '127.0.0.1:5353', tsig_key_name: 'k', tsig_secret: 'c2VjcmV0' };

  it('needs the nameserver and the TSIG key name and secret', () => {
    expect(() => create({ nameserver: '127.0.0.1' })).toThrow(/needs the setting tsig_key_name/);
    expect(() => create({ tsig_key_name: 'k', tsig_secret: 'c2VjcmV0' })).toThrow(/needs the setting nameserver/);
  });

  it.each([
    ['nameserver', { nameserver: 'ns1.example.com' }, /nameserver must be an IP address/],
    ['tsig_secret', { tsig_secret: 'not base64!' }, /tsig_secret must be the base64 secret/],
    ['tsig_algorithm', { tsig_algorithm: 'hmac-md5' }, /tsig_algorithm must be one of hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512/],
    ['ttl', { ttl: '0' }, /ttl must be a whole number/],
    ['timeout', { timeout: 'soon' }, /timeout must be a number/],
  ])('names %s when it cannot be used', (setting, over, message) => {
    expect(() => create({ ...base, ...over })).toThrow(expect.objectContaining({ setting, message: expect.stringMatching(message) }));
  });

  it('takes BIND-style spellings: an upper-case algorithm, a key name with a trailing dot, an IPv6 nameserver', () => {
    expect(create({ ...base, tsig_algorithm: 'HMAC-SHA512', tsig_key_name: 'Update-Key.example.', nameserver: '[::1]:53' }).name).toBe('rfc2136');
  });
});
