import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import type { DnsServerAddress } from '../../dns-client.js';
import { signRequest, verifyResponse, type TsigCheck, type TsigKey } from './tsig.js';
import { rcodeOf } from './wire.js';

/** One signed request and its verified answer. */
export interface SignedAnswer {
  packet: DecodedPacket;
  rcode: string;
  /** The TSIG check of the answer: 'verified', or 'unsigned' for a TSIG error answer (BADKEY, BADSIG). */
  tsig: Extract<TsigCheck, { status: 'verified' | 'unsigned' }>;
}

/** Why no acceptable answer came: nothing at all (`timeout`, `network`) or only answers whose TSIG failed. */
export class ExchangeError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network' | 'unverified',
    /** RCODE of the last unverified answer, for 'unverified'. */
    readonly rcode?: string,
  ) {
    super(message);
  }
}

export interface ExchangeOptions {
  /** Time to wait for one answer, in ms; a UDP request is sent twice before giving up. */
  timeoutMs: number;
  now: () => number;
}

const formatServer = (s: DnsServerAddress) => (net.isIPv6(s.host) ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`);

/**
 * Sends `message` (its ID set, unsigned) signed with `key` to `server` and returns the first answer
 * whose TSIG verifies, or a TSIG error answer (RCODE NOTAUTH with an unsigned TSIG: RFC 8945 section
 * 5.4 has the client take those as key or signature errors). Other answers (unsigned, foreign MAC)
 * are set aside and waiting goes on until the timeout, as section 5.4 says; the timeout then reports
 * them. UDP first, sent again once after a timeout (an UPDATE adding or deleting one RR is idempotent);
 * TCP when the answer is truncated (RFC 1035 section 4.2.2; RFC 8945 section 5.3).
 */
export async function signedExchange(server: DnsServerAddress, message: Buffer, key: TsigKey, o: ExchangeOptions): Promise<SignedAnswer> {
  const { wire, mac } = signRequest(message, key, o.now());
  const id = message.readUInt16BE(0);
  /** The last answer set aside, reported if nothing better comes. */
  const seen: { setAside?: { rcode: string; reason: string } } = {};

  /** An answer we take, or null to keep waiting. */
  const judge = (buf: Buffer): SignedAnswer | null => {
    let packet: DecodedPacket;
    try {
      packet = dnsPacket.decode(buf);
    } catch (err) {
      seen.setAside = { rcode: 'something', reason: `the answer could not be read (${(err as Error).message})` };
      return null;
    }
    const rcode = rcodeOf(packet);
    const tsig = verifyResponse(buf, key, mac, o.now());
    if (tsig.status === 'verified' || (tsig.status === 'unsigned' && rcode === 'NOTAUTH')) return { packet, rcode, tsig };
    seen.setAside = { rcode, reason: tsig.status === 'invalid' ? tsig.reason : 'the answer is not signed' };
    return null;
  };
  const unverified = (how: string, last: { rcode: string; reason: string }) =>
    new ExchangeError(`${formatServer(server)} answered ${last.rcode} ${how}, but ${last.reason}`, 'unverified', last.rcode);

  for (let attempt = 1; ; attempt++) {
    const got = await udpExchange(server, wire, id, o.timeoutMs, judge);
    if (got === 'truncated') {
      const buf = await tcpExchange(server, wire, id, o.timeoutMs);
      const answer = judge(buf);
      if (answer) return answer;
      throw unverified('over TCP', seen.setAside!);
    }
    if (got) return got;
    if (seen.setAside) throw unverified('over UDP', seen.setAside);
    if (attempt >= 2) throw new ExchangeError(`no answer from ${formatServer(server)} within ${o.timeoutMs} ms (sent twice over UDP)`, 'timeout');
  }
}

/**
 * One UDP request on a connected socket (only `server` can answer it, and an ICMP port unreachable
 * comes back as ECONNREFUSED): the first answer `judge` takes, 'truncated' for a TC answer to this ID,
 * or null after `timeoutMs` with nothing taken.
 */
function udpExchange<T>(server: DnsServerAddress, wire: Buffer, id: number, timeoutMs: number, judge: (buf: Buffer) => T | null): Promise<T | 'truncated' | null> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (err: Error | null, value?: T | 'truncated' | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(value ?? null);
    };
    const timer = setTimeout(() => finish(null, null), timeoutMs);
    socket.on('error', (err) => finish(networkError(server, err)));
    socket.on('message', (msg) => {
      // ID, QR and TC: RFC 1035 section 4.1.1.
      if (msg.length < 12 || msg.readUInt16BE(0) !== id || !(msg[2] & 0x80)) return;
      if (msg[2] & 0x02) return finish(null, 'truncated');
      const taken = judge(msg);
      if (taken !== null) finish(null, taken);
    });
    socket.connect(server.port, server.host, () => socket.send(wire));
  });
}

/** One request over TCP (two-octet length prefix, RFC 1035 section 4.2.2): the answer with this ID. */
function tcpExchange(server: DnsServerAddress, wire: Buffer, id: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    const finish = (err: Error | null, res?: Buffer) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(res!);
    };
    socket.setTimeout(timeoutMs, () => finish(new ExchangeError(`no answer from ${formatServer(server)} over TCP within ${timeoutMs} ms`, 'timeout')));
    socket.on('error', (err) => finish(networkError(server, err)));
    socket.on('connect', () => socket.write(Buffer.concat([Buffer.from([wire.length >> 8, wire.length & 0xff]), wire])));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        if (msg.length >= 12 && msg.readUInt16BE(0) === id) return finish(null, msg);
      }
    });
    socket.on('end', () => finish(new ExchangeError(`${formatServer(server)} closed the TCP connection without an answer`, 'network')));
  });
}

function networkError(server: DnsServerAddress, err: Error): ExchangeError {
  const code = (err as { code?: string }).code;
  return new ExchangeError(`${formatServer(server)} unreachable: ${code ?? err.message}`, 'network');
}
