import { createHmac, timingSafeEqual } from 'node:crypto';
import { CLASS, codec, plainName } from './wire.js';

/**
 * TSIG, secret key transaction authentication (RFC 8945): the client's half, for HMAC-SHA keys. No npm
 * package keeps TSIG, so the MAC is computed here with node:crypto over messages encoded by dns-packet;
 * the only bytes read by hand are the TSIG RR's own fields (RFC 8945 section 4.2).
 */

/** Algorithm names (RFC 8945 section 6, mandatory and recommended ones; HMAC-MD5 left out) -> node:crypto digest. */
export const TSIG_ALGORITHMS = {
  'hmac-sha1': 'sha1',
  'hmac-sha224': 'sha224',
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
} as const;
export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

export interface TsigKey {
  /** Key name as the server knows it, lower case, no trailing dot (e.g. 'certplane-key'). */
  name: string;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}

/** TSIG error codes (RFC 8945 section 3 and 5.2), carried in the TSIG RR's Error field. */
export const TSIG_ERRORS: Record<number, string> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };

/** Seconds of clock difference allowed either way; 300 is RFC 8945 section 10's recommendation. */
export const FUDGE = 300;

/** What a response's TSIG says. */
export type TsigCheck =
  /** Signed with our key, MAC and time good; `error` is the TSIG Error field (0 normally). */
  | { status: 'verified'; error: number }
  /** A TSIG error answer with no MAC (BADKEY, BADSIG: RFC 8945 sections 5.2.1, 5.2.2, 5.3.2). */
  | { status: 'unsigned'; error: number }
  /** No TSIG RR at all, another key, a MAC that does not verify, or a time outside the fudge. */
  | { status: 'invalid'; reason: string };

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u48 = (n: number) => {
  const b = Buffer.alloc(6);
  b.writeUIntBE(n, 0, 6);
  return b;
};
/** A domain name in canonical wire format: lower case, uncompressed (RFC 4034 section 6.2). */
const canonicalName = (name: string) => codec.name.encode(plainName(name));

/**
 * The TSIG variables digested after the message (RFC 8945 section 4.3.3): key name, class ANY, TTL 0,
 * algorithm name, time signed, fudge, error, other len, other data.
 */
function tsigVariables(key: TsigKey, timeSigned: number, fudge: number, error: number, other: Buffer): Buffer {
  const ttl = Buffer.alloc(4);
  return Buffer.concat([canonicalName(key.name), u16(CLASS.ANY), ttl, canonicalName(key.algorithm), u48(timeSigned), u16(fudge), u16(error), u16(other.length), other]);
}

const hmac = (key: TsigKey, ...parts: Buffer[]) => {
  const h = createHmac(TSIG_ALGORITHMS[key.algorithm], key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
};

/**
 * Signs a request (RFC 8945 section 5.1): the MAC covers the whole message as it is (section 4.3.1),
 * then the TSIG variables; the TSIG RR is appended as the last additional record and ARCOUNT raised.
 * Returns the message to send and its MAC (the response's MAC covers it, section 4.3.2).
 */
export function signRequest(message: Buffer, key: TsigKey, nowMs: number): { wire: Buffer; mac: Buffer } {
  const timeSigned = Math.floor(nowMs / 1000);
  const mac = hmac(key, message, tsigVariables(key, timeSigned, FUDGE, 0, Buffer.alloc(0)));
  const rdata = Buffer.concat([
    canonicalName(key.algorithm),
    u48(timeSigned),
    u16(FUDGE),
    u16(mac.length),
    mac,
    u16(message.readUInt16BE(0)), // Original ID: the message's own
    u16(0), // Error
    u16(0), // Other Len
  ]);
  const rr = codec.answer.encode({ name: key.name, type: 'TSIG', class: 'ANY', ttl: 0, data: rdata } as never);
  const wire = Buffer.concat([message, rr]);
  wire.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { wire, mac };
}

/**
 * Checks the TSIG of a response to a request signed with `key` whose MAC was `requestMac` (RFC 8945
 * section 5.4): the TSIG RR must be the last additional record (section 4.1), of our key and
 * algorithm; its MAC covers the request MAC (size and octets), the response without its TSIG RR
 * (ARCOUNT lowered, ID set back to Original ID) and the TSIG variables (section 4.3.2). A MAC may be
 * truncated down to max(10, half the hash) octets (section 5.2.2.1); Time Signed must be within fudge
 * of our clock (section 5.2.3).
 */
export function verifyResponse(res: Buffer, key: TsigKey, requestMac: Buffer, nowMs: number): TsigCheck {
  let tsig: { start: number; name: string; rdata: Buffer };
  try {
    const found = findTsig(res);
    if (!found) return { status: 'invalid', reason: 'the answer carries no TSIG record' };
    tsig = found;
  } catch (err) {
    return { status: 'invalid', reason: `the answer could not be read: ${(err as Error).message}` };
  }
  const r = tsig.rdata;
  let algorithm: string;
  let at: number;
  try {
    algorithm = plainName(codec.name.decode(r, 0));
    at = codec.name.decode.bytes;
  } catch {
    return { status: 'invalid', reason: 'the TSIG record could not be read' };
  }
  if (plainName(tsig.name) !== key.name || algorithm !== key.algorithm) {
    return { status: 'invalid', reason: `the answer is signed with key ${tsig.name} (${algorithm}), not ours` };
  }
  if (r.length < at + 16) return { status: 'invalid', reason: 'the TSIG record is cut short' };
  const timeSigned = r.readUIntBE(at, 6);
  const fudge = r.readUInt16BE(at + 6);
  const macSize = r.readUInt16BE(at + 8);
  const mac = r.subarray(at + 10, at + 10 + macSize);
  at += 10 + macSize;
  if (r.length < at + 6) return { status: 'invalid', reason: 'the TSIG record is cut short' };
  const originalId = r.readUInt16BE(at);
  const error = r.readUInt16BE(at + 2);
  const other = r.subarray(at + 6, at + 6 + r.readUInt16BE(at + 4));
  if (macSize === 0) return { status: 'unsigned', error };

  const unsigned = Buffer.from(res.subarray(0, tsig.start));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(res.readUInt16BE(10) - 1, 10);
  const expected = hmac(key, u16(requestMac.length), requestMac, unsigned, tsigVariables(key, timeSigned, fudge, error, other));
  if (macSize > expected.length || macSize < Math.max(10, Math.ceil(expected.length / 2))) {
    return { status: 'invalid', reason: `the TSIG MAC has ${macSize} octets` };
  }
  if (!timingSafeEqual(expected.subarray(0, macSize), mac)) return { status: 'invalid', reason: 'the TSIG MAC of the answer does not verify' };
  if (Math.abs(Math.floor(nowMs / 1000) - timeSigned) > fudge) {
    return { status: 'invalid', reason: `the answer was signed at ${new Date(timeSigned * 1000).toISOString()}, more than ${fudge} s from our clock` };
  }
  return { status: 'verified', error };
}

/** Where the last additional record starts, if it is a TSIG RR, walking the sections with dns-packet's decoders. */
function findTsig(res: Buffer): { start: number; name: string; rdata: Buffer } | null {
  // QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT at octets 4-11 (RFC 1035 section 4.1.1).
  const [qd, an, ns, ar] = [4, 6, 8, 10].map((o) => res.readUInt16BE(o));
  if (ar === 0) return null;
  let offset = 12;
  for (let i = 0; i < qd; i++) {
    codec.question.decode(res, offset);
    offset += codec.question.decode.bytes;
  }
  for (let i = 0; i < an + ns + ar - 1; i++) {
    codec.answer.decode(res, offset);
    offset += codec.answer.decode.bytes;
  }
  const rr = codec.answer.decode(res, offset) as unknown as { name: string; type: string; data: Buffer };
  if (rr.type !== 'TSIG') return null;
  return { start: offset, name: rr.name, rdata: rr.data };
}
