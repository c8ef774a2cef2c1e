/**
 * The challenge zone's sockets: UDP (rate-limited per source network, rate-limit.ts) and TCP with
 * 2-byte length-prefixed messages (RFC 1035 section 4.2.2, several per connection, RFC 7766) on each
 * listen address. Every answer comes from answer.ts.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { DnsServerAddress } from '../dns-client.js';
import { answer, type PreparedZone, type ZoneRecords } from './answer.js';
import { createRateLimiter } from './rate-limit.js';

/** A TCP connection idle this long (ms) is closed (RFC 7766 section 6.2.3 suggests seconds, not minutes). */
export const TCP_IDLE_MS = 10_000;
/** Most TCP connections open at once per address. */
export const MAX_TCP_CONNECTIONS = 1000;
/** Free ports tried for an address with port 0 before giving up. */
const PICK_PORT_ATTEMPTS = 10;
/** UDP socket buffer asked for (bytes): room for bursts while the event loop is busy (the kernel may cap it, net.core.rmem_max). */
const UDP_BUFFER = 4 * 1024 * 1024;

export interface ChallengeDnsServerOptions {
  /** Where to answer; port 0 picks a free port, the same for UDP and TCP (tests). */
  listen: DnsServerAddress[];
  zone: PreparedZone;
  records: ZoneRecords;
  /** UDP answers per second per source network (0 = no limit). */
  rateLimit: number;
}

export interface ChallengeDnsServer {
  /** 'ip:port' of each address answered on (IPv6 as [ip]:port). */
  addresses: string[];
  /** Counters since start: queries seen, UDP answers the rate limit truncated or dropped. */
  stats(): { udpQueries: number; tcpQueries: number; slipped: number; dropped: number };
  stop(): Promise<void>;
}

const formatAddress = (host: string, port: number) => (net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`);

export async function startChallengeDnsServer(opts: ChallengeDnsServerOptions): Promise<ChallengeDnsServer> {
  const limiter = createRateLimiter({ ratePerS: opts.rateLimit });
  const stats = { udpQueries: 0, tcpQueries: 0, slipped: 0, dropped: 0 };
  const udpSockets: dgram.Socket[] = [];
  const tcpServers: net.Server[] = [];
  const connections = new Set<net.Socket>();
  const addresses: string[] = [];

  const onUdp = (socket: dgram.Socket) => (msg: Buffer, rinfo: dgram.RemoteInfo) => {
    stats.udpQueries++;
    const decision = limiter.decide(rinfo.address);
    if (decision === 'drop') {
      stats.dropped++;
      return;
    }
    if (decision === 'slip') stats.slipped++;
    const out = answer(msg, opts.zone, opts.records, { transport: 'udp', slip: decision === 'slip' });
    // A send that fails (the client's port is gone) has no one to tell.
    if (out) socket.send(out, rinfo.port, rinfo.address, () => undefined);
  };

  const onTcp = (conn: net.Socket) => {
    connections.add(conn);
    conn.setNoDelay(true);
    conn.setTimeout(TCP_IDLE_MS, () => conn.destroy());
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => conn.destroy());
    let buf: Buffer = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        stats.tcpQueries++;
        const out = answer(msg, opts.zone, opts.records, { transport: 'tcp' });
        if (!out) {
          conn.destroy();
          return;
        }
        const framed = Buffer.allocUnsafe(2 + out.length);
        framed.writeUInt16BE(out.length, 0);
        out.copy(framed, 2);
        conn.write(framed);
      }
    });
  };

  const stop = async () => {
    for (const c of connections) c.destroy();
    await Promise.all([
      ...udpSockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      ...tcpServers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    ]);
  };
  try {
    for (const l of opts.listen) {
      // Port 0: the UDP socket's free port may be taken for TCP (separate port spaces): then another one.
      for (let attempt = 1; ; attempt++) {
        const udp = dgram.createSocket({ type: net.isIPv6(l.host) ? 'udp6' : 'udp4', recvBufferSize: UDP_BUFFER, sendBufferSize: UDP_BUFFER });
        udp.on('message', onUdp(udp));
        await new Promise<void>((resolve, reject) => {
          udp.once('error', reject);
          udp.bind({ address: l.host, port: l.port, exclusive: true }, () => (udp.removeListener('error', reject), resolve()));
        });
        udp.on('error', () => undefined); // ICMP errors of earlier sends: nothing to do
        udpSockets.push(udp);
        const port = udp.address().port;
        const tcp = net.createServer({ noDelay: true }, onTcp);
        tcp.maxConnections = MAX_TCP_CONNECTIONS;
        try {
          await new Promise<void>((resolve, reject) => {
            tcp.once('error', reject);
            tcp.listen({ host: l.host, port, exclusive: true }, () => (tcp.removeListener('error', reject), resolve()));
          });
        } catch (err) {
          if (l.port !== 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= PICK_PORT_ATTEMPTS) throw err;
          udpSockets.splice(udpSockets.indexOf(udp), 1);
          await new Promise<void>((resolve) => udp.close(() => resolve()));
          continue;
        }
        tcp.on('error', () => undefined); // a failed accept (EMFILE) leaves the server listening
        tcpServers.push(tcp);
        addresses.push(formatAddress(l.host, port));
        break;
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { addresses, stats: () => ({ ...stats }), stop };
}
