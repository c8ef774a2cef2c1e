import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, CaaData, DecodedPacket, Packet, SoaData } from 'dns-packet';

export type DnsQueryType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'NS' | 'SOA' | 'CAA';

/**
 * One resource record, with `data` as text: an address, a name (no trailing dot), TXT strings joined,
 * SOA fields, or CAA as `<flags> <tag> "<value>"` (RFC 8659 section 4.1.1; `"` and `\` in the value
 * escaped with a backslash).
 */
export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  data: string;
}

export interface DnsResponse {
  /** 'NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', ... */
  rcode: string;
  /** True when the answering server says it is authoritative (AA flag). */
  authoritative: boolean;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  /** The 'ip:port' that answered. */
  server: string;
}

export interface DnsClientOptions {
  /** Resolvers, 'ip' or 'ip:port' (port 53 by default), asked in order until one answers. */
  servers: string[];
  /** Time to wait for one answer, in ms (default 2000). */
  timeoutMs?: number;
  /** Extra attempts per server after a timeout or network error (default 1). */
  retries?: number;
}

export interface DnsClient {
  /**
   * Asks the resolvers (recursion desired) or, with `server`, that one server directly
   * (recursion not desired: the way to ask an authoritative server). No caching.
   * Rejects only when no server answered at all; DNS errors come back as `rcode`.
   */
  query(name: string, type: DnsQueryType, server?: string): Promise<DnsResponse>;
}

export interface DnsServerAddress {
  host: string;
  port: number;
}

/** '1.2.3.4', '1.2.3.4:5300', '::1', '[::1]:5300' -> { host, port }. */
export function parseServer(server: string): DnsServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : 53 };
  if (net.isIPv6(server)) return { host: server, port: 53 };
  const [host, port, ...rest] = server.split(':');
  if (rest.length > 0 || !net.isIP(host) || (port !== undefined && !/^\d+$/.test(port))) {
    throw new Error(`not a DNS server address: ${server} (expected 'ip' or 'ip:port')`);
  }
  return { host, port: port === undefined ? 53 : Number(port) };
}

const formatServer = (s: DnsServerAddress) => (net.isIPv6(s.host) ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`);

/** Nameservers listed in /etc/resolv.conf (or `file`); ['127.0.0.1'] when there are none. */
export function systemResolvers(file = '/etc/resolv.conf'): string[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // no resolv.conf: fall through to the default
  }
  const servers = text
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((s): s is string => !!s && net.isIP(s.replace(/%.*$/, '')) !== 0)
    .map((s) => s.replace(/%.*$/, ''));
  return servers.length > 0 ? servers : ['127.0.0.1'];
}

function dataText(a: Answer): string {
  const d = (a as { data?: unknown }).data;
  if (a.type === 'TXT') {
    const parts = Array.isArray(d) ? d : [d];
    return parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : String(p))).join('');
  }
  if (a.type === 'SOA') {
    const s = d as SoaData;
    return `${s.mname} ${s.rname} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
  }
  if (a.type === 'CAA') {
    const c = d as CaaData;
    return `${c.flags ?? 0} ${c.tag} "${c.value.replace(/["\\]/g, '\\$&')}"`;
  }
  return Buffer.isBuffer(d) ? d.toString('hex') : String(d);
}

function records(list: Answer[] | undefined): DnsRecord[] {
  return (list ?? [])
    .filter((a) => a.type !== 'OPT')
    .map((a) => ({ name: a.name, type: a.type, ttl: (a as { ttl?: number }).ttl ?? 0, data: dataText(a) }));
}

function encodeQuery(id: number, name: string, type: DnsQueryType, recursive: boolean): Packet {
  return {
    type: 'query',
    id,
    flags: recursive ? dnsPacket.RECURSION_DESIRED : 0,
    questions: [{ type, name, class: 'IN' }],
    // EDNS0 with a 1232-byte buffer keeps most answers off TCP.
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options: [] } as unknown as Answer],
  };
}

function udpExchange(server: DnsServerAddress, packet: Packet, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const done = (err: Error | null, res?: DecodedPacket) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(res!);
    };
    const timer = setTimeout(() => done(new Error(`DNS timeout after ${timeoutMs} ms from ${formatServer(server)}`)), timeoutMs);
    socket.on('error', (err) => done(err));
    socket.on('message', (msg) => {
      try {
        const res = dnsPacket.decode(msg);
        if (res.id === packet.id && res.type === 'response') done(null, res);
      } catch {
        // not a DNS answer to us: keep waiting
      }
    });
    socket.send(dnsPacket.encode(packet), server.port, server.host);
  });
}

function tcpExchange(server: DnsServerAddress, packet: Packet, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, res?: DecodedPacket) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(res!);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`DNS/TCP timeout after ${timeoutMs} ms from ${formatServer(server)}`)));
    socket.on('error', (err) => done(err));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(packet)));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        try {
          done(null, dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
        } catch (err) {
          done(err as Error);
        }
      }
    });
    socket.on('end', () => done(new Error(`DNS/TCP connection closed early by ${formatServer(server)}`)));
  });
}

/** A DNS stub client over UDP (TCP when the answer is truncated), using `dns-packet`. */
export function createDnsClient(opts: DnsClientOptions): DnsClient {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const retries = opts.retries ?? 1;
  const resolvers = opts.servers.map(parseServer);

  async function ask(server: DnsServerAddress, name: string, type: DnsQueryType, recursive: boolean): Promise<DnsResponse> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const packet = encodeQuery(randomInt(0, 0x10000), name.replace(/\.$/, ''), type, recursive);
      try {
        let res = await udpExchange(server, packet, timeoutMs);
        if (res.flag_tc) res = await tcpExchange(server, packet, timeoutMs);
        return {
          rcode: (res as { rcode?: string }).rcode ?? 'NOERROR',
          authoritative: res.flag_aa,
          answers: records(res.answers),
          authorities: records(res.authorities),
          server: formatServer(server),
        };
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  }

  return {
    async query(name, type, server) {
      if (server) return ask(parseServer(server), name, type, false);
      if (resolvers.length === 0) throw new Error('no DNS resolvers configured');
      const errors: string[] = [];
      for (const resolver of resolvers) {
        try {
          const res = await ask(resolver, name, type, true);
          // A resolver that fails or refuses: try the next one, but keep its answer if it is the last.
          if ((res.rcode === 'SERVFAIL' || res.rcode === 'REFUSED') && resolver !== resolvers[resolvers.length - 1]) {
            errors.push(`${res.server}: ${res.rcode}`);
            continue;
          }
          return res;
        } catch (err) {
          errors.push(`${formatServer(resolver)}: ${(err as Error).message}`);
        }
      }
      throw new Error(`no DNS resolver answered ${type} ${name}: ${errors.join('; ')}`);
    },
  };
}
