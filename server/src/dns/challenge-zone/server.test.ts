import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { OptAnswer, Packet, RecordType } from 'dns-packet';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/postgres.js';
import { waitUntil } from '../../../../test/helpers/wait.js';
import { openDatabase } from '../../db/data-source.js';
import { silentLogger } from '../../logger.js';
import { parseServer } from '../dns-client.js';
import { startChallengeZone, type RunningChallengeZone } from './index.js';
import { createChallengeZoneProvider } from './provider.js';
import type { ChallengeServerSettings } from './settings.js';

/** The challenge zone over real sockets, from rows in a real Postgres written by another pool (as a worker process would). */

const ZONE = 'acme.served.test';
const settings = (over: Partial<ChallengeServerSettings> = {}): ChallengeServerSettings => ({
  zone: ZONE,
  listen: [{ host: '127.0.0.1', port: 0 }],
  nameservers: [{ name: `ns1.${ZONE}`, addresses: ['127.0.0.1'] }],
  hostmaster: `hostmaster.${ZONE}`,
  ttlS: 1,
  rateLimit: 0,
  ...over,
});

let databaseUrl: string;
let serving: DataSource;
/** Another pool on the same database: the "worker process" writing rows. */
let writer: DataSource;
let zone: RunningChallengeZone;
let udpAddress: { host: string; port: number };

beforeAll(async () => {
  databaseUrl = await createTestDatabase('challenge_zone');
  serving = await openDatabase(databaseUrl, 3);
  writer = await openDatabase(databaseUrl, 3, { migrate: false });
  zone = await startChallengeZone({ db: serving, databaseUrl, settings: settings(), log: silentLogger, fullReloadMs: 500 });
  udpAddress = parseServer(zone.server.addresses[0]);
});
afterAll(async () => {
  await zone?.stop();
  await writer?.destroy();
  await serving?.destroy();
});

/** A decoded message as read here (dns-packet's types leave out rcode, and data per record type). */
type Rec = { name: string; type: string; ttl?: number; data?: any };
type DecodedPacket = { rcode: string; flag_aa: boolean; flag_ra: boolean; flag_tc: boolean; answers?: Rec[]; authorities?: Rec[]; additionals?: Rec[] };
const decode = (raw: Buffer) => dnsPacket.decode(raw) as unknown as DecodedPacket;

let nextId = 1;
function query(name: string, type: RecordType, edns = true): Packet {
  return {
    type: 'query',
    id: nextId++ & 0xffff,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: edns ? [{ name: '.', type: 'OPT', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] } as OptAnswer] : [],
  };
}

/** One UDP exchange from a socket of its own; null when nothing came back within `timeoutMs`. */
function udp(packet: Packet, to = udpAddress, timeoutMs = 1000): Promise<DecodedPacket | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket(net.isIPv6(to.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => (s.close(), resolve(null)), timeoutMs);
    s.on('message', (msg) => (clearTimeout(timer), s.close(), resolve(decode(msg))));
    s.send(dnsPacket.encode(packet), to.port, to.host);
  });
}

/** Several queries pipelined on one TCP connection; their answers in order. */
function tcp(packets: Packet[], to = udpAddress): Promise<DecodedPacket[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(to.port, to.host);
    let buf = Buffer.alloc(0);
    const out: DecodedPacket[] = [];
    s.on('error', reject);
    s.on('connect', () => s.write(Buffer.concat(packets.map((p) => dnsPacket.streamEncode(p)))));
    s.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        out.push(decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (out.length === packets.length) (s.destroy(), resolve(out));
    });
  });
}

const txt = (res: DecodedPacket | null) => (res?.answers ?? []).filter((a) => a.type === 'TXT').map((a) => (a.data as Buffer[]).join('')).sort();

describe('the challenge zone server', () => {
  it('answers a value written by another process within milliseconds (NOTIFY), and several values at one name', async () => {
    const provider = createChallengeZoneProvider(writer, ZONE);
    const name = `0123456789abcdef0123.${ZONE}`;
    expect((await udp(query(name, 'TXT')))?.rcode).toBe('NXDOMAIN');
    const written = performance.now();
    await provider.present(name, 'apex-value');
    // Asked every millisecond or so (waitUntil's 100 ms would hide how fresh it is).
    while (txt(await udp(query(name, 'TXT'))).length !== 1) {
      if (performance.now() - written > 2000) throw new Error('the value was not answered within 2 s');
      await new Promise((r) => setTimeout(r, 1));
    }
    const freshMs = performance.now() - written;
    await provider.present(name, 'wildcard-value');
    await provider.present(name, 'wildcard-value'); // idempotent
    await waitUntil(async () => txt(await udp(query(name, 'TXT'))).length === 2, 2000, 'both values answered');
    const res = await udp(query(name, 'TXT'));
    expect(res).toMatchObject({ rcode: 'NOERROR', flag_aa: true, flag_ra: false });
    expect(txt(res)).toEqual(['apex-value', 'wildcard-value']);
    // Well under the full reload (500 ms here): the notification carried it.
    expect(freshMs).toBeLessThan(250);
    console.log(`challenge zone: a value committed by another pool was answered ${freshMs.toFixed(1)} ms after present() returned`);

    await provider.cleanUp(name, 'apex-value');
    await waitUntil(async () => txt(await udp(query(name, 'TXT'))).length === 1, 2000, 'one value removed');
    await provider.cleanUp(name, 'wildcard-value');
    await waitUntil(async () => (await udp(query(name, 'TXT')))?.rcode === 'NXDOMAIN', 2000, 'the name gone');
  });

  it('refuses to write outside its zone (another provider, or the customer, answers there)', async () => {
    await expect(createChallengeZoneProvider(writer, ZONE).present('_acme-challenge.example.test', 'v')).rejects.toMatchObject({ noZone: true, retryable: false });
  });

  it('picks up a row whose notification never came at the next full reload', async () => {
    const name = `silent.${ZONE}`;
    await writer.query(`insert into challenge_zone_records (name, value) values ($1, 'quiet')`, [name]);
    const t0 = performance.now();
    await waitUntil(async () => txt(await udp(query(name, 'TXT'))).length === 1, 3000, 'the full reload');
    expect(performance.now() - t0).toBeLessThan(1500);
    await writer.query(`delete from challenge_zone_records where name = $1`, [name]);
  });

  it('answers SOA and NS (with glue) at the apex, and A for its nameserver', async () => {
    const soa = await udp(query(ZONE, 'SOA'));
    expect(soa?.answers?.[0]).toMatchObject({ type: 'SOA', data: { mname: `ns1.${ZONE}`, rname: `hostmaster.${ZONE}`, minimum: 1 } });
    const ns = await udp(query(ZONE, 'NS'));
    expect(ns?.answers?.map((a) => a.data)).toEqual([`ns1.${ZONE}`]);
    expect(ns?.additionals?.filter((a) => a.type === 'A').map((a) => a.data)).toEqual(['127.0.0.1']);
    expect((await udp(query(`ns1.${ZONE}`, 'A')))?.answers?.map((a) => a.data)).toEqual(['127.0.0.1']);
    expect((await udp(query('example.com', 'A')))?.rcode).toBe('REFUSED');
    expect((await udp(query(ZONE, 'AXFR')))?.rcode).toBe('REFUSED');
  });

  it('truncates a large answer over UDP and gives all of it over TCP, several queries per connection', async () => {
    const name = `big.${ZONE}`;
    const provider = createChallengeZoneProvider(writer, ZONE);
    const values = Array.from({ length: 30 }, (_, i) => `value-${String(i).padStart(2, '0')}-${'x'.repeat(36)}`);
    for (const v of values) await provider.present(name, v);
    await waitUntil(async () => (await tcp([query(name, 'TXT')]))[0].answers?.length === 30, 3000, '30 values');
    const overUdp = await udp(query(name, 'TXT'));
    expect(overUdp).toMatchObject({ flag_tc: true, answers: [] });
    const [big, soa, missing] = await tcp([query(name, 'TXT'), query(ZONE, 'SOA', false), query(`nope.${ZONE}`, 'TXT')]);
    expect(big.flag_tc).toBe(false);
    expect(txt(big)).toEqual(values);
    expect(soa.answers?.[0].type).toBe('SOA');
    expect(missing.rcode).toBe('NXDOMAIN');
    await writer.query(`delete from challenge_zone_records where name = $1`, [name]);
  });
});

describe('the response rate limit over UDP', () => {
  it('answers a burst of the limit from one /24, then truncates every 2nd answer and drops the rest; TCP is not limited', async () => {
    const limited = await startChallengeZone({ db: serving, databaseUrl, settings: settings({ rateLimit: 5 }), log: silentLogger });
    try {
      const to = parseServer(limited.server.addresses[0]);
      const answers = await Promise.all(Array.from({ length: 15 }, () => udp(query(ZONE, 'SOA'), to, 300)));
      const full = answers.filter((a) => a && !a.flag_tc).length;
      const truncated = answers.filter((a) => a?.flag_tc).length;
      const dropped = answers.filter((a) => a === null).length;
      expect({ full, truncated, dropped }).toEqual({ full: 5, truncated: 5, dropped: 5 });
      expect(limited.server.stats()).toMatchObject({ udpQueries: 15, slipped: 5, dropped: 5 });
      const overTcp = await tcp(Array.from({ length: 20 }, () => query(ZONE, 'SOA')), to);
      expect(overTcp.every((r) => r.answers?.length === 1)).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});

describe('starting and stopping', () => {
  it('answers on IPv6 too, and frees its addresses when stopped', async () => {
    const z = await startChallengeZone({ db: serving, databaseUrl, settings: settings({ listen: [{ host: '127.0.0.1', port: 0 }, { host: '::1', port: 0 }] }), log: silentLogger });
    const [v4, v6] = z.server.addresses.map(parseServer);
    expect((await udp(query(ZONE, 'SOA'), v6))?.rcode).toBe('NOERROR');
    expect((await tcp([query(ZONE, 'SOA')], v6))[0].rcode).toBe('NOERROR');
    await z.stop();
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => (again.once('error', reject), again.bind(v4.port, v4.host, () => resolve())));
    again.close();
  });

  it('refuses to start on an address in use, saying which and what to do', async () => {
    await expect(
      startChallengeZone({ db: serving, databaseUrl, settings: settings({ listen: [udpAddress] }), log: silentLogger }),
    ).rejects.toThrow(/cannot answer DNS for acme\.served\.test on 127\.0\.0\.1:\d+ \(EADDRINUSE.*set CERTPLANE_CHALLENGE_DNS_LISTEN/);
  });
});
