import dnsPacket from 'dns-packet';
import type { OptAnswer, Packet, RecordType } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { answer, prepareZone, type Transport, type ZoneRecords } from './answer.js';

const zone = prepareZone({
  zone: 'acme.test',
  nameservers: [
    { name: 'ns1.acme.test', addresses: ['127.0.0.2', '::2'] },
    { name: 'ns.other.test', addresses: [] },
  ],
  hostmaster: 'hostmaster.acme.test',
  ttlS: 1,
});

const value = (i: number) => `v${String(i).padStart(42, '0')}`; // 43 characters, as an ACME key authorization digest
const rows: Record<string, string[]> = {
  'abc.acme.test': ['one', 'two'],
  'deep.x.acme.test': ['d'],
  'many.acme.test': Array.from({ length: 12 }, (_, i) => value(i)),
  'lots.acme.test': Array.from({ length: 30 }, (_, i) => value(i)),
  'long.acme.test': ['x'.repeat(300)],
};
const records: ZoneRecords = {
  txt: (name) => rows[name],
  hasBelow: (name) => Object.keys(rows).some((n) => n.endsWith(`.${name}`)),
};

/** A decoded message as read here (dns-packet's types leave out rcode, and data per record type). */
type Rec = { name: string; type: string; ttl?: number; data?: any; [field: string]: any };
type Res = { id?: number; rcode: string; flag_aa: boolean; flag_ra: boolean; flag_rd: boolean; flag_tc: boolean; questions?: Array<{ name: string }>; answers?: Rec[]; authorities?: Rec[]; additionals?: Rec[] };
const decode = (raw: Buffer) => dnsPacket.decode(raw) as unknown as Res;

interface Q {
  type?: RecordType | string;
  flags?: number;
  /** EDNS buffer size; false = no OPT record. */
  edns?: number | false;
  ednsVersion?: number;
  dnssecOk?: boolean;
  opcode?: number;
  class?: string;
  transport?: Transport;
  slip?: boolean;
}

function ask(name: string, q: Q = {}): Res & { raw: Buffer } {
  const packet: Packet = {
    type: 'query',
    id: 4242,
    flags: (q.flags ?? dnsPacket.RECURSION_DESIRED) | ((q.opcode ?? 0) << 11),
    questions: [{ name, type: (q.type ?? 'TXT') as RecordType, class: (q.class ?? 'IN') as 'IN' }],
    additionals:
      q.edns === false
        ? []
        : [{ name: '.', type: 'OPT', udpPayloadSize: q.edns ?? 1232, extendedRcode: 0, ednsVersion: q.ednsVersion ?? 0, flags: q.dnssecOk ? dnsPacket.DNSSEC_OK : 0, flag_do: !!q.dnssecOk, options: [] } as OptAnswer],
  };
  const raw = answer(dnsPacket.encode(packet), zone, records, { transport: q.transport ?? 'udp', slip: q.slip })!;
  return Object.assign(decode(raw), { raw });
}

const data = (list: Rec[] | undefined) => (list ?? []).filter((a) => a.type !== 'OPT').map((a) => `${a.name} ${a.type} ${JSON.stringify(txtOrData(a))}`);
const txtOrData = (a: Rec): unknown => (a.type === 'TXT' ? (a.data as Buffer[]).map((b) => b.toString()).join('') : a.data);
const opt = (res: Res) => res.additionals?.find((a) => a.type === 'OPT');
const soaAuthority = (res: Res) => res.authorities?.filter((a) => a.type === 'SOA').map((a) => a.name);

describe('answers inside the zone (authoritative, never recursive)', () => {
  it.each([
    ['TXT at a name with two values: both, AA, TTL 1', 'abc.acme.test', {}, 'NOERROR', ['abc.acme.test TXT "one"', 'abc.acme.test TXT "two"']],
    ['TXT asked in mixed case (0x20): the values, under the name as asked', 'AbC.AcMe.TeSt', {}, 'NOERROR', ['AbC.AcMe.TeSt TXT "one"', 'AbC.AcMe.TeSt TXT "two"']],
    ['a TXT value over 255 bytes: one record of several strings', 'long.acme.test', {}, 'NOERROR', [`long.acme.test TXT "${'x'.repeat(300)}"`]],
    ['SOA at the apex: the first nameserver, the hostmaster, minimum = the TTL', 'acme.test', { type: 'SOA' }, 'NOERROR', [
      `acme.test SOA ${JSON.stringify({ mname: 'ns1.acme.test', rname: 'hostmaster.acme.test', serial: 1, refresh: 3600, retry: 600, expire: 604800, minimum: 1 })}`,
    ]],
    ['NS at the apex: every nameserver', 'acme.test', { type: 'NS' }, 'NOERROR', ['acme.test NS "ns1.acme.test"', 'acme.test NS "ns.other.test"']],
    ['A of a nameserver inside the zone', 'ns1.acme.test', { type: 'A' }, 'NOERROR', ['ns1.acme.test A "127.0.0.2"']],
    ['AAAA of a nameserver inside the zone', 'ns1.acme.test', { type: 'AAAA' }, 'NOERROR', ['ns1.acme.test AAAA "::2"']],
    ['ANY: one synthesized HINFO (RFC 8482), not the records', 'abc.acme.test', { type: 'ANY' }, 'NOERROR', ['abc.acme.test HINFO {"cpu":"RFC8482","os":""}']],
  ] as Array<[string, string, Q, string, string[]]>)('%s', (_, name, q, rcode, answers) => {
    const res = ask(name, q);
    expect(res.rcode).toBe(rcode);
    expect(res.flag_aa).toBe(true);
    expect(res.flag_ra).toBe(false);
    expect(res.flag_tc).toBe(false);
    expect(data(res.answers)).toEqual(answers);
    expect(res.id).toBe(4242);
    expect(res.questions?.[0].name).toBe(name);
  });

  it('gives the TXT answers a TTL of CERTPLANE_CHALLENGE_DNS_TTL and NS records an hour', () => {
    expect(ask('abc.acme.test').answers?.map((a) => a.ttl)).toEqual([1, 1]);
    expect(ask('acme.test', { type: 'NS' }).answers?.map((a) => a.ttl)).toEqual([3600, 3600]);
  });

  it('adds the addresses of nameservers inside the zone to an NS answer (glue), and none for others', () => {
    expect(data(ask('acme.test', { type: 'NS' }).additionals)).toEqual(['ns1.acme.test A "127.0.0.2"', 'ns1.acme.test AAAA "::2"']);
  });

  it.each([
    ['another type at a name with TXT values', 'abc.acme.test', 'A'],
    ['TXT at the apex, which has none', 'acme.test', 'TXT'],
    ['TXT at a name between the apex and a name with values (empty non-terminal, RFC 8020)', 'x.acme.test', 'TXT'],
    ['TXT at a nameserver', 'ns1.acme.test', 'TXT'],
    ['MX at the apex', 'acme.test', 'MX'],
  ])('answers NODATA for %s: NOERROR, no answer, the SOA in authority', (_, name, type) => {
    const res = ask(name, { type });
    expect(res.rcode).toBe('NOERROR');
    expect(res.flag_aa).toBe(true);
    expect(res.answers).toEqual([]);
    expect(soaAuthority(res)).toEqual(['acme.test']);
  });

  it.each([
    ['an unknown name', 'nope.acme.test', 'TXT'],
    ['an unknown name, asked for SOA', 'nope.acme.test', 'SOA'],
    ['a name below one with values', 'sub.abc.acme.test', 'TXT'],
  ])('answers NXDOMAIN for %s, with the SOA (minimum 1 s) in authority', (_, name, type) => {
    const res = ask(name, { type });
    expect(res.rcode).toBe('NXDOMAIN');
    expect(res.flag_aa).toBe(true);
    expect(res.answers).toEqual([]);
    expect(res.authorities?.map((a) => [a.name, a.type, a.ttl, a.data.minimum])).toEqual([['acme.test', 'SOA', 1, 1]]);
  });
});

describe('what it refuses', () => {
  it.each([
    ['a name outside the zone', 'example.com', {}, 'REFUSED'],
    ['the zone\'s parent', 'test', { type: 'NS' }, 'REFUSED'],
    ['a name that merely ends like the zone', 'xacme.test', {}, 'REFUSED'],
    ['a zone transfer (AXFR)', 'acme.test', { type: 'AXFR' }, 'REFUSED'],
    ['an incremental transfer (IXFR)', 'acme.test', { type: 'IXFR' }, 'REFUSED'],
    ['another class (CHAOS version.bind)', 'version.bind', { class: 'CH' }, 'REFUSED'],
    ['a NOTIFY', 'acme.test', { opcode: 4, type: 'SOA' }, 'NOTIMP'],
    ['an UPDATE', 'acme.test', { opcode: 5, type: 'SOA' }, 'NOTIMP'],
  ] as Array<[string, string, Q, string]>)('answers %s %s, without AA or records', (_, name, q, rcode) => {
    const res = ask(name, q);
    expect(res.rcode).toBe(rcode);
    expect(res.flag_aa).toBe(false);
    expect(res.flag_ra).toBe(false);
    expect(res.answers).toEqual([]);
  });

  it('sends nothing back to a response (QR=1) or to fewer than 12 bytes', () => {
    const response = dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'abc.acme.test', type: 'TXT' }] });
    expect(answer(response, zone, records, { transport: 'udp' })).toBeNull();
    expect(answer(Buffer.from([1, 2, 3, 4, 5]), zone, records, { transport: 'udp' })).toBeNull();
  });

  it('answers a message it cannot parse FORMERR, header only, with its id', () => {
    const junk = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x3f, 0x61]);
    const res = decode(answer(junk, zone, records, { transport: 'udp' })!);
    expect(res).toMatchObject({ id: 0x1234, rcode: 'FORMERR', flag_rd: true, questions: [], answers: [] });
  });

  it('answers two questions in one message FORMERR', () => {
    const two = dnsPacket.encode({ type: 'query', id: 7, questions: [{ name: 'abc.acme.test', type: 'TXT' }, { name: 'acme.test', type: 'SOA' }] });
    expect(decode(answer(two, zone, records, { transport: 'udp' })!).rcode).toBe('FORMERR');
  });
});

describe('flags, EDNS and sizes', () => {
  it('copies RD (and never sets RA)', () => {
    expect(ask('abc.acme.test').flag_rd).toBe(true);
    expect(ask('abc.acme.test', { flags: 0 }).flag_rd).toBe(false);
  });

  it('answers EDNS with EDNS: version 0, a 1232-byte buffer, DO copied (RFC 3225)', () => {
    expect(opt(ask('abc.acme.test', { edns: 4096 }))).toMatchObject({ udpPayloadSize: 1232, ednsVersion: 0, flag_do: false });
    expect(opt(ask('abc.acme.test', { dnssecOk: true }))).toMatchObject({ flag_do: true });
    expect(opt(ask('abc.acme.test', { edns: false }))).toBeUndefined();
  });

  it('answers an EDNS version it does not speak BADVERS (RFC 6891 section 6.1.3), with its OPT', () => {
    const res = ask('abc.acme.test', { ednsVersion: 1 });
    expect(res.answers).toEqual([]);
    expect(opt(res)).toMatchObject({ extendedRcode: 1, ednsVersion: 0 });
  });

  it.each([
    ['12 values without EDNS (512 bytes)', 'many.acme.test', { edns: false }, true],
    ['12 values with EDNS', 'many.acme.test', {}, false],
    ['30 values with EDNS, even when the client offers 4096 bytes (1232 is the most sent over UDP)', 'lots.acme.test', { edns: 4096 }, true],
    ['30 values over TCP', 'lots.acme.test', { transport: 'tcp' }, false],
  ] as Array<[string, string, Q, boolean]>)('%s: truncated = %s', (_, name, q, truncated) => {
    const res = ask(name, q);
    expect(res.flag_tc).toBe(truncated);
    expect(res.answers).toHaveLength(truncated ? 0 : rows[name].length);
    if (q.transport !== 'tcp') expect(res.raw.length).toBeLessThanOrEqual(q.edns === false ? 512 : 1232);
  });

  it('answers a query the rate limit slips with TC=1 and no records, so a real client asks again over TCP', () => {
    const res = ask('abc.acme.test', { slip: true });
    expect(res).toMatchObject({ rcode: 'NOERROR', flag_tc: true, answers: [], authorities: [] });
  });
});
