/**
 * The challenge zone's answers, as a pure function: a query message and the zone's records in, the
 * response message out (no sockets, no clock). Authoritative only (RFC 1034 section 4.3.2 without
 * recursion): AA on every answer inside the zone, RA never set, REFUSED outside it and for transfers.
 */
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer, Packet, SoaData } from 'dns-packet';
import type { ChallengeServerSettings } from './settings.js';

/** Largest UDP response (bytes) whatever the client offers: the DNS flag day 2020 value, below common path MTUs. */
export const UDP_LIMIT = 1232;
/** Largest UDP response to a client without EDNS (RFC 1035 section 4.2.1). */
export const NO_EDNS_LIMIT = 512;
/** TTL (s) of the zone's NS records and their addresses: they change only with the configuration. */
export const NS_TTL = 3600;
/**
 * SOA timers. There are no secondaries (every serving process reads the same Postgres), so serial,
 * refresh, retry and expire are never used for transfers; they are fixed, and every server answers the same.
 */
export const SOA_TIMERS = { serial: 1, refresh: 3600, retry: 600, expire: 604_800 } as const;

/** What answer() reads of the records: TXT values by name (lower case, no trailing dot). */
export interface ZoneRecords {
  /** The TXT values at `name`; undefined or empty when it has none. */
  txt(name: string): readonly string[] | undefined;
  /** True when some name below `name` has values (`name` is then an empty non-terminal: NODATA, not NXDOMAIN, RFC 8020). */
  hasBelow(name: string): boolean;
}

/** The zone's fixed part (apex, NS, SOA), computed once from its settings. */
export interface PreparedZone {
  apex: string;
  ttlS: number;
  soa: SoaData;
  nsNames: string[];
  /** Addresses of the nameservers inside the zone (answered as A/AAAA, and as glue with NS). */
  glue: Map<string, string[]>;
  /** Names between the apex and an in-zone nameserver name (they exist, with no records). */
  between: Set<string>;
}

const under = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

export function prepareZone(s: Pick<ChallengeServerSettings, 'zone' | 'nameservers' | 'hostmaster' | 'ttlS'>): PreparedZone {
  const glue = new Map<string, string[]>();
  const between = new Set<string>();
  for (const ns of s.nameservers) {
    if (!under(ns.name, s.zone) || ns.name === s.zone) continue;
    glue.set(ns.name, ns.addresses);
    for (let n = ns.name.slice(ns.name.indexOf('.') + 1); n !== s.zone; n = n.slice(n.indexOf('.') + 1)) between.add(n);
  }
  const nsNames = s.nameservers.map((n) => n.name);
  return {
    apex: s.zone,
    ttlS: s.ttlS,
    soa: { mname: nsNames[0] ?? `ns1.${s.zone}`, rname: s.hostmaster, ...SOA_TIMERS, minimum: s.ttlS },
    nsNames,
    glue,
    between,
  };
}

/** Header bits (RFC 1035 section 4.1.1, RFC 4035 section 3.2.2 for CD). */
const QR = 0x8000;
const AA = 1 << 10;
const TC = 1 << 9;
const RD = 1 << 8;
const CD = 1 << 4;
export const RCODE = { NOERROR: 0, FORMERR: 1, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
/** RFC 6891 section 9: extended RCODE 16, carried as 1 in the OPT record's upper bits. */
const BADVERS_UPPER = 1;

export type Transport = 'udp' | 'tcp';

export interface AnswerOptions {
  transport: Transport;
  /** Answer with TC=1 and no records (the rate limiter's "slip": a real client retries over TCP). */
  slip?: boolean;
}

/** The response to one query message, or null when nothing may be sent (a response, or fewer than 12 bytes). */
export function answer(message: Buffer, zone: PreparedZone, records: ZoneRecords, opts: AnswerOptions): Buffer | null {
  if (message.length < 12 || message[2] & 0x80) return null;
  const opcode = (message[2] >> 3) & 0xf;
  let q: DecodedPacket;
  try {
    q = dnsPacket.decode(message);
  } catch {
    return headerOnly(message, RCODE.FORMERR);
  }
  const opts_ = (q.additionals ?? []).filter((a): a is OptAnswer => a.type === 'OPT');
  const edns = opts_[0];
  const res: Packet = {
    type: 'response',
    id: q.id,
    flags: (opcode << 11) | (message.readUInt16BE(2) & (RD | CD)),
    questions: q.questions,
    answers: [],
    authorities: [],
    additionals: [],
  };
  const done = (rcode: number, upper = 0) => finish(res, rcode, edns, upper, opts.transport);
  if (opts_.length > 1 || q.questions?.length !== 1) return done(RCODE.FORMERR);
  if (edns && edns.ednsVersion !== 0) return done(0, BADVERS_UPPER);
  if (opcode !== 0) return done(RCODE.NOTIMP);
  if (opts.slip) {
    res.flags! |= TC;
    return done(RCODE.NOERROR);
  }
  const question = q.questions[0];
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if ((question.class ?? 'IN') !== 'IN' || !under(name, zone.apex)) return done(RCODE.REFUSED);
  if (question.type === 'AXFR' || question.type === 'IXFR') return done(RCODE.REFUSED);
  res.flags! |= AA;

  const owner = question.name;
  const values = records.txt(name);
  const glue = zone.glue.get(name);
  const apex = name === zone.apex;
  const exists = apex || !!values?.length || !!glue || zone.between.has(name) || records.hasBelow(name);
  if (!exists) {
    res.authorities!.push(soaRecord(zone));
    return done(RCODE.NXDOMAIN);
  }
  const type = question.type as string;
  if (type === 'TXT' && values?.length) {
    for (const v of values) res.answers!.push({ name: owner, type: 'TXT', ttl: zone.ttlS, data: txtStrings(v) });
  } else if (type === 'SOA' && apex) {
    res.answers!.push({ ...soaRecord(zone), name: owner });
  } else if (type === 'NS' && apex) {
    for (const ns of zone.nsNames) res.answers!.push({ name: owner, type: 'NS', ttl: NS_TTL, data: ns });
    for (const [ns, addresses] of zone.glue) res.additionals!.push(...addressRecords(ns, addresses));
  } else if ((type === 'A' || type === 'AAAA') && glue?.some((a) => (type === 'A' ? net.isIPv4(a) : net.isIPv6(a)))) {
    res.answers!.push(...addressRecords(owner, glue).filter((r) => r.type === type));
  } else if (type === 'ANY') {
    // RFC 8482: a name's records are not listed for ANY; one small synthesized record says so.
    res.answers!.push({ name: owner, type: 'HINFO', ttl: zone.ttlS, data: { cpu: 'RFC8482', os: '' } });
  } else {
    res.authorities!.push(soaRecord(zone)); // NODATA (RFC 2308 section 2.2)
  }
  return done(RCODE.NOERROR);
}

function soaRecord(zone: PreparedZone): Answer {
  return { name: zone.apex, type: 'SOA', ttl: zone.ttlS, data: zone.soa };
}

function addressRecords(name: string, addresses: string[]): Answer[] {
  return addresses.map((a) => ({ name, type: net.isIPv4(a) ? 'A' : 'AAAA', ttl: NS_TTL, data: a }) as Answer);
}

/** A TXT value as character-strings of at most 255 bytes each (RFC 1035 section 3.3.14). */
function txtStrings(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length || out.length === 0; i += 255) out.push(bytes.subarray(i, i + 255));
  return out;
}

/**
 * Sets the RCODE and the OPT record (when the query had one: EDNS version 0, our UDP limit, DO copied,
 * RFC 3225 section 3), encodes, and over UDP cuts an answer larger than the client's limit down to
 * header, question and OPT with TC=1 (RFC 2181 section 9), so the client asks again over TCP.
 */
function finish(res: Packet, rcode: number, edns: OptAnswer | undefined, upper: number, transport: Transport): Buffer {
  res.flags = (res.flags! & ~0xf) | rcode;
  if (edns) {
    res.additionals!.push({
      name: '.',
      type: 'OPT',
      udpPayloadSize: UDP_LIMIT,
      extendedRcode: upper,
      ednsVersion: 0,
      flags: edns.flags & dnsPacket.DNSSEC_OK,
      flag_do: edns.flag_do,
      options: [],
    } as OptAnswer);
  }
  const out = dnsPacket.encode(res);
  const limit = transport === 'tcp' ? 65_535 : edns ? Math.min(UDP_LIMIT, Math.max(NO_EDNS_LIMIT, edns.udpPayloadSize)) : NO_EDNS_LIMIT;
  if (out.length <= limit) return out;
  res.flags! |= TC;
  res.answers = [];
  res.authorities = [];
  res.additionals = res.additionals!.filter((a) => a.type === 'OPT');
  return dnsPacket.encode(res);
}

/** A header-only answer (a message that could not be parsed): its id, opcode and RD kept, QR and `rcode` set. */
function headerOnly(message: Buffer, rcode: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(message.readUInt16BE(0), 0);
  out.writeUInt16BE(QR | (message.readUInt16BE(2) & (0x7800 | RD)) | rcode, 2);
  return out;
}
