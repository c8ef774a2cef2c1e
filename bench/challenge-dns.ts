/**
 * challenge-dns: TXT queries per second and their latency, answered by certplane's challenge zone
 * server (`node dist/server/src/main.js dns`, its own process) and by PowerDNS serving the same TXT
 * (the test helper's pdns_server with its sqlite backend, caches as shipped, then with the caches off as
 * the tests run it), one after the other in the same run, with the same load generator: Debian's
 * `dnsperf` (C; `-v` reports every query's latency), over UDP on loopback. Each server is asked as fast
 * as it answers (`--outstanding` queries in flight), then at a fixed `--rate` for the target
 * (>= 20,000 queries/s with p99 < 5 ms); last, certplane with its response rate limit on (the default
 * 100 answers/s per /24), to show what a flood from one network gets.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../server/src/db/embedded-postgres.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { addChallengeRecord } from '../server/src/dns/challenge-zone/records.js';
import { startPowerDns, type PowerDnsHandle } from '../test/helpers/pdns.js';
import { startInfra, startServer, type ServerProcess } from './lib/infra.js';
import { cpuByCommand, cpuDelta, machineBusyS } from './lib/cpu.js';
import { note, percentile, writeResult, type Row } from './lib/report.js';

const ZONE = 'acme.bench.test';
/** A wildcard with its apex: two values at one name, as during a real order (43 characters each, like ACME's). */
const VALUES = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
const TARGET = { qps: 20_000, p99Ms: 5 };

interface Case {
  name: string;
  server: 'certplane' | 'powerdns' | 'powerdns-nocache';
  /** Fixed rate (dnsperf -Q); undefined = as fast as it answers. */
  rate?: number;
  seconds: number;
}

interface Measured {
  sent: number;
  answered: number;
  /** Answers by RCODE, and 'T' for queries that timed out (lost). */
  rcodes: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;

export async function runChallengeDns(args: Record<string, string>): Promise<void> {
  const seconds = Number(args.duration ?? 10);
  const outstanding = Number(args.outstanding ?? 100);
  const rate = Number(args.rate ?? TARGET.qps);
  const clients = Number(args.clients ?? 4);
  /** `--only certplane`: the cases whose name contains it (the rate-limit case is the last, `rate limit`). */
  const only = args.only;
  await promisify(execFile)('dnsperf', ['-h']).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error('dnsperf is missing: apt-get install dnsperf');
  });

  const infra = await startInfra('challenge-dns', { fsync: false });
  let certplane: ServerProcess | undefined;
  let limited: ServerProcess | undefined;
  const pdns: Record<string, PowerDnsHandle> = {};
  const name = `${randomBytes(10).toString('hex')}.${ZONE}`;
  const queries = path.join(infra.dir, 'queries.txt');
  const rows: Row[] = [];
  const cases: Case[] = [
    { name: 'certplane, as fast as it answers', server: 'certplane', seconds },
    { name: `certplane, ${rate.toLocaleString('en')} queries/s`, server: 'certplane', rate, seconds },
    { name: 'PowerDNS (caches as shipped), as fast as it answers', server: 'powerdns', seconds },
    { name: `PowerDNS (caches as shipped), ${rate.toLocaleString('en')} queries/s`, server: 'powerdns', rate, seconds },
    { name: 'PowerDNS (caches off, as in the tests), as fast as it answers', server: 'powerdns-nocache', seconds },
  ];
  try {
    await writeFile(queries, `${name} TXT\n`);
    // The rows, written as a worker writes them (the schema is migrated here, before the server starts).
    const db = await openDatabase(infra.databaseUrl, 2);
    for (const v of VALUES) await addChallengeRecord(db, name, v);
    await db.destroy();
    const dnsEnv = async (rateLimit: string) => {
      const port = await freePort();
      return { env: { ...infra.env, CERTPLANE_CHALLENGE_ZONE: ZONE, CERTPLANE_CHALLENGE_DNS_LISTEN: `127.0.0.1:${port}`, CERTPLANE_CHALLENGE_DNS_RATE_LIMIT: rateLimit }, port };
    };
    const free = await dnsEnv('0');
    certplane = await startServer('dns', free.env);
    for (const [key, caches] of [['powerdns', true], ['powerdns-nocache', false]] as const) {
      pdns[key] = await startPowerDns({ dir: path.join(infra.dir, key), caches });
      await pdns[key].createZone(ZONE, VALUES.map((v) => ({ name, type: 'TXT', content: v })));
    }
    const ports = { certplane: free.port, powerdns: pdns.powerdns.dnsPort, 'powerdns-nocache': pdns['powerdns-nocache'].dnsPort };

    for (const c of cases) {
      if (only && !c.name.includes(only)) continue;
      note(`${c.name}: 2 s warm-up, then ${c.seconds} s`);
      await dnsperf({ port: ports[c.server], queries, seconds: 2, outstanding, clients, rate: c.rate });
      rows.push(await measure(c.name, c.server, () => dnsperf({ port: ports[c.server], queries, seconds: c.seconds, outstanding, clients, rate: c.rate })));
    }
    const rrlCase = 'certplane, rate limit on (default 100/s per /24), one source network';
    if (!only || rrlCase.includes(only)) {
      const rrl = await dnsEnv('');
      limited = await startServer('dns', rrl.env);
      note('certplane with its rate limit on (100/s per /24): 5 s at the fixed rate');
      rows.push(await measure(rrlCase, 'certplane', () => dnsperf({ port: rrl.port, queries, seconds: 5, outstanding, clients, rate, timeoutS: 1 })));
    }
  } finally {
    await limited?.stop();
    await certplane?.stop();
    for (const p of Object.values(pdns)) await p.stop().catch(() => undefined);
    await infra.stop();
  }

  // At a fixed rate dnsperf sends at most `rate` a second (19,999.x/s over a run): every query answered is the measure.
  const atRate = (server: string) => rows.find((r) => r.server === server && String(r.case).endsWith('queries/s'));
  const said = (r: Row | undefined) => (r ? `${Number(r['answers/s']).toLocaleString('en')}/s (${r.lost} lost), p99 ${r['p99 ms']} ms` : '-');
  const cp = atRate('certplane');
  const met = !!cp && rate >= TARGET.qps && cp.lost === 0 && Number(cp['answers/s']) >= rate * 0.99 && Number(cp['p99 ms']) < TARGET.p99Ms;
  const targets: Row[] = [
    {
      target: `>= ${TARGET.qps.toLocaleString('en')} TXT queries/s with p99 < ${TARGET.p99Ms} ms`,
      certplane: said(cp),
      PowerDNS: said(atRate('powerdns')),
      met: met ? 'yes' : 'no',
    },
  ];
  await writeResult('challenge-dns', { seconds, outstanding, clients, rate, only, name, values: VALUES.length }, { targets, 'TXT queries over UDP (dnsperf)': rows });
}

/** Runs `load` and reads what it measured, with the CPU each process used meanwhile. */
async function measure(label: string, server: string, load: () => Promise<Measured>): Promise<Row> {
  const cpu0 = await cpuByCommand();
  const busy0 = await machineBusyS();
  const m = await load();
  const cpu = cpuDelta(cpu0, await cpuByCommand());
  const busy = (await machineBusyS()) - busy0;
  const serverCpu = server === 'certplane' ? cpu.node ?? 0 : cpu.pdns_server ?? 0;
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  const lost = m.rcodes.T ?? 0;
  return {
    case: label,
    server,
    sent: m.sent,
    'answers/s': Math.round(m.answered / m.seconds),
    NOERROR: m.rcodes.NOERROR ?? 0,
    lost,
    'p50 ms': r2(percentile(m.latenciesMs, 50)),
    'p99 ms': r2(percentile(m.latenciesMs, 99)),
    'max ms': r1(m.latenciesMs.reduce((a, b) => (b > a ? b : a), 0)),
    'server CPU s': r2(serverCpu),
    'server CPU us/answer': r1((serverCpu / Math.max(1, m.answered)) * 1e6),
    // dnsperf has exited when the CPU is read: its CPU is in this process's children's.
    'dnsperf CPU s': r2(cpu['exited children (lego)'] ?? 0),
    'CPU s (others)': r1(Math.max(0, busy - ours)),
  };
}

/**
 * One dnsperf run over UDP with EDNS (as resolvers ask), `-v` for every answer's RCODE and latency,
 * written to a file and read after the run (no parsing beside the measurement). Its verbose lines read
 * `> NOERROR <name> TXT 0.000123` (seconds), `> T ...` for a timeout.
 */
async function dnsperf(o: { port: number; queries: string; seconds: number; outstanding: number; clients: number; rate?: number; timeoutS?: number }): Promise<Measured> {
  const argv = ['-s', '127.0.0.1', '-p', String(o.port), '-d', o.queries, '-l', String(o.seconds), '-q', String(o.outstanding), '-c', String(o.clients), '-T', '1', '-e', '-v', '-t', String(o.timeoutS ?? 2)];
  if (o.rate) argv.push('-Q', String(o.rate));
  const outFile = `${o.queries}.out`;
  const out = await open(outFile, 'w');
  const child = spawn('dnsperf', argv, { stdio: ['ignore', out.fd, 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await out.close();
  if (code !== 0) throw new Error(`dnsperf exited ${code}: ${err.slice(-2000)}`);
  const rcodes: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let summary = '';
  for (const line of (await readFile(outFile, 'utf8')).split('\n')) {
    if (line.startsWith('> ')) {
      const parts = line.split(' ');
      rcodes[parts[1]] = (rcodes[parts[1]] ?? 0) + 1;
      if (parts[1] !== 'T' && parts[1] !== 'I') latenciesMs.push(Number(parts[parts.length - 1]) * 1000);
    } else summary += line + '\n';
  }
  await rm(outFile);
  const sent = Number(/Queries sent:\s+(\d+)/.exec(summary)?.[1] ?? NaN);
  const runS = Number(/Run time \(s\):\s+([\d.]+)/.exec(summary)?.[1] ?? o.seconds);
  return { sent, answered: latenciesMs.length, rcodes, latenciesMs, seconds: runS };
}
