import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';

/**
 * DNS messages for RFC 2136 dynamic updates, built with `dns-packet`. What dns-packet cannot say is
 * done here in as few bytes as possible: the UPDATE opcode goes in the header flags (bits 11-14, RFC
 * 1035 section 4.1.1, which dns-packet passes through), and class NONE (254, RFC 2136 section 1.3,
 * which dns-packet does not know) is written over the class of an RR it encoded as IN.
 */

/** dns-packet's per-part codecs: exported by the package, missing from @types/dns-packet. */
interface Codec<T> {
  encode(value: T, buf?: Buffer, offset?: number): Buffer;
  decode(buf: Buffer, offset?: number): T;
  encodingLength(value: T): number;
}
export const codec = dnsPacket as unknown as {
  name: Codec<string> & { decode: { bytes: number } };
  question: Codec<Question> & { decode: { bytes: number } };
  answer: Codec<Answer> & { decode: { bytes: number } };
};

/** DNS classes (RFC 1035 section 3.2.4; NONE from RFC 2136 section 1.3). */
export const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;

/** OPCODE UPDATE (RFC 2136 section 1.3), in place in the header's flags word. */
export const OPCODE_UPDATE_FLAGS = 5 << 11;

/** A resource record to encode: `klass` as a number, so NONE can be said. */
export interface WireRecord {
  name: string;
  type: 'TXT' | 'SOA' | 'ANY';
  klass: number;
  /** Seconds. */
  ttl: number;
  /** TXT: the character-strings; ANY: none. */
  data?: Buffer[];
}

/**
 * A TXT value as character-strings of at most 255 octets each (RFC 1035 section 3.3.14): one string for
 * an ACME value (43 octets), several for long ones, split the same way every time so that a delete
 * names exactly the RDATA an add wrote (RFC 2136 section 2.5.4 compares RDATA octet by octet).
 */
export function txtStrings(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

function encodeRecord(r: WireRecord): Buffer {
  const answer = { name: r.name, type: r.type, class: 'IN', ttl: r.ttl, data: r.type === 'ANY' ? Buffer.alloc(0) : r.data } as unknown as Answer;
  const buf = codec.answer.encode(answer);
  // NAME (dns-packet never compresses), then TYPE (2 octets), then CLASS: RFC 1035 section 4.1.3.
  buf.writeUInt16BE(r.klass, codec.name.encodingLength(r.name) + 2);
  return buf;
}

/**
 * An UPDATE message (RFC 2136 section 2): the zone section names `zone` (class IN, type SOA, section
 * 2.3), then the prerequisite and update sections. No additional records: TSIG is added by signing.
 */
export function encodeUpdate(id: number, zone: string, prerequisites: WireRecord[], updates: WireRecord[]): Buffer {
  const header = dnsPacket.encode({ id, type: 'query', flags: OPCODE_UPDATE_FLAGS, questions: [{ name: zone, type: 'SOA', class: 'IN' }] });
  const body = [...prerequisites, ...updates].map(encodeRecord);
  const msg = Buffer.concat([header, ...body]);
  // ZOCOUNT/PRCOUNT/UPCOUNT/ADCOUNT sit where QDCOUNT/ANCOUNT/NSCOUNT/ARCOUNT do (RFC 2136 section 2.2).
  msg.writeUInt16BE(prerequisites.length, 6);
  msg.writeUInt16BE(updates.length, 8);
  return msg;
}

/** A query for the SOA of `name`, recursion not desired (we ask the primary itself). */
export function encodeSoaQuery(id: number, name: string): Buffer {
  return dnsPacket.encode({ id, type: 'query', flags: 0, questions: [{ name, type: 'SOA', class: 'IN' }] });
}

/** The response's RCODE name ('NOERROR', 'NOTAUTH', ...; RFC 1035 section 4.1.1, RFC 2136 section 2.2). */
export const rcodeOf = (res: DecodedPacket) => (res as { rcode?: string }).rcode ?? 'NOERROR';

/** Lower case, no trailing dot: the form names are compared in. */
export const plainName = (name: string) => name.toLowerCase().replace(/\.$/, '');
