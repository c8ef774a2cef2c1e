import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { killOnExit } from './kill-on-exit.js';

const PDNS_BINARY = '/usr/sbin/pdns_server';
const SQLITE_SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';

export interface PdnsRecord {
  name: string;
  type: string;
  /** As PowerDNS stores it; TXT content is quoted for you when it is not already. */
  content: string;
  /** Seconds (default 60). */
  ttl?: number;
}

export interface PdnsApi {
  /** Creates a Native zone with SOA, NS ns1.<zone> (A 127.0.0.1) and `records`; an existing zone just gets `records`. */
  createZone(zone: string, records?: PdnsRecord[]): Promise<void>;
  /** Replaces the rrset `name`/`type` with `contents`, in the zone that is the longest suffix of `name`. */
  setRecord(name: string, type: string, contents: string[], ttl?: number): Promise<void>;
  deleteRecord(name: string, type: string): Promise<void>;
}

export interface PowerDnsHandle extends PdnsApi {
  /** Webserver root, e.g. http://127.0.0.1:PORT (API under /api/v1). */
  apiUrl: string;
  apiKey: string;
  /** '127.0.0.1:PORT', authoritative DNS over UDP and TCP. */
  dnsAddress: string;
  dnsPort: number;
  stop(): Promise<void>;
}

export interface StartPowerDnsOptions {
  /** Working folder (config, sqlite database, sockets, pdns.log); emptied first. */
  dir: string;
  /** Keep PowerDNS's packet and query caches as shipped (default false: a change made through the API is seen by the next query). */
  caches?: boolean;
}

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
const quoteTxt = (type: string, content: string) =>
  type.toUpperCase() === 'TXT' && !content.startsWith('"') ? JSON.stringify(content) : content;

/** Small PowerDNS API client for tests: works against any server given its webserver URL and key. */
export function pdnsApi(apiUrl: string, apiKey: string, serverId = 'localhost'): PdnsApi {
  const base = `${apiUrl.replace(/\/$/, '')}/api/v1/servers/${serverId}`;
  async function call(method: string, url: string, body?: unknown): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(base + url, {
        method,
        headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      // The sqlite backend answers 500 "database is locked" when two writes meet; our writes are idempotent.
      if (res.status !== 500 || attempt >= 20) return res;
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
  async function ok(res: Response, what: string): Promise<void> {
    if (!res.ok) throw new Error(`PowerDNS ${what}: HTTP ${res.status} ${await res.text()}`);
  }
  async function zoneFor(name: string): Promise<string> {
    const res = await call('GET', '/zones');
    await ok(res, 'list zones');
    const zones = ((await res.json()) as Array<{ name: string }>).map((z) => z.name);
    const n = fqdn(name);
    const match = zones
      .filter((z) => n === z || n.endsWith(`.${z}`))
      .sort((a, b) => b.length - a.length)[0];
    if (!match) throw new Error(`PowerDNS has no zone for ${n}`);
    return match;
  }
  async function patch(zone: string, rrsets: unknown[], what: string): Promise<void> {
    await ok(await call('PATCH', `/zones/${encodeURIComponent(zone)}`, { rrsets }), what);
  }
  const rrset = (name: string, type: string, contents: string[], ttl = 60) => ({
    name: fqdn(name),
    type: type.toUpperCase(),
    ttl,
    changetype: 'REPLACE',
    records: contents.map((c) => ({ content: quoteTxt(type, c), disabled: false })),
  });
  function grouped(records: PdnsRecord[]) {
    const sets = new Map<string, { name: string; type: string; ttl?: number; contents: string[] }>();
    for (const r of records) {
      const key = `${fqdn(r.name)} ${r.type.toUpperCase()}`;
      const set = sets.get(key) ?? { name: r.name, type: r.type, ttl: r.ttl, contents: [] };
      set.contents.push(r.content);
      sets.set(key, set);
    }
    return [...sets.values()].map((s) => rrset(s.name, s.type, s.contents, s.ttl));
  }

  return {
    async createZone(zone, records = []) {
      const z = fqdn(zone);
      const base = [
        rrset(z, 'SOA', [`ns1.${z} hostmaster.${z} 1 10800 3600 604800 60`], 60),
        rrset(z, 'NS', [`ns1.${z}`]),
        rrset(`ns1.${z}`, 'A', ['127.0.0.1']),
      ];
      const res = await call('POST', '/zones', { name: z, kind: 'Native', nameservers: [], rrsets: base });
      if (res.status !== 409 && !res.ok) await ok(res, `create zone ${z}`);
      if (records.length > 0) await patch(z, grouped(records), `add records to ${z}`);
    },
    async setRecord(name, type, contents, ttl = 60) {
      await patch(await zoneFor(name), [rrset(name, type, contents, ttl)], `set ${type} ${name}`);
    },
    async deleteRecord(name, type) {
      const set = { name: fqdn(name), type: type.toUpperCase(), changetype: 'DELETE' };
      await patch(await zoneFor(name), [set], `delete ${type} ${name}`);
    },
  };
}

function pdnsConfig(o: { dir: string; dnsPort: number; webPort: number; apiKey: string; caches?: boolean }): string {
  return [
    'launch=gsqlite3',
    `gsqlite3-database=${path.join(o.dir, 'pdns.sqlite3')}`,
    'local-address=127.0.0.1',
    `local-port=${o.dnsPort}`,
    'api=yes',
    `api-key=${o.apiKey}`,
    'webserver=yes',
    'webserver-address=127.0.0.1',
    `webserver-port=${o.webPort}`,
    'webserver-allow-from=127.0.0.0/8',
    'guardian=no',
    'daemon=no',
    'write-pid=no',
    'disable-syslog=yes',
    `socket-dir=${o.dir}`,
    // No caching anywhere: a change made through the API must be visible to the next query.
    ...(o.caches ? [] : ['cache-ttl=0', 'negquery-cache-ttl=0', 'query-cache-ttl=0', 'zone-cache-refresh-interval=0']),
    'consistent-backends=yes',
    'loglevel=3',
    '',
  ].join('\n');
}

async function logTail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

async function waitForApi(apiUrl: string, apiKey: string, child: ChildProcess, deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`pdns_server exited (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${apiUrl}/api/v1/servers/localhost`, {
        headers: { 'X-API-Key': apiKey },
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PowerDNS API did not answer within ${deadlineMs} ms`);
}

/** Starts a throw-away `pdns_server` (sqlite3 backend, API on) on free loopback ports. Needs the `sqlite3` CLI. */
export async function startPowerDns(opts: StartPowerDnsOptions): Promise<PowerDnsHandle> {
  const dir = path.resolve(opts.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const db = path.join(dir, 'pdns.sqlite3');
  try {
    await promisify(execFile)('sqlite3', ['-bail', db, `.read ${SQLITE_SCHEMA}`]);
  } catch (err) {
    throw new Error(`could not create the PowerDNS sqlite database (is the sqlite3 CLI installed?): ${String(err)}`);
  }
  const apiKey = randomBytes(12).toString('hex');
  const logFile = path.join(dir, 'pdns.log');
  const log = createWriteStream(logFile, { flags: 'a' });

  // A port picked by freePort can be taken before pdns binds it: try a few times.
  for (let attempt = 1; ; attempt++) {
    const dnsPort = await freePort();
    const webPort = await freePort();
    await writeFile(path.join(dir, 'pdns.conf'), pdnsConfig({ dir, dnsPort, webPort, apiKey, caches: opts.caches }));
    const child = spawn(PDNS_BINARY, [`--config-dir=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    killOnExit(child);
    const apiUrl = `http://127.0.0.1:${webPort}`;
    try {
      await waitForApi(apiUrl, apiKey, child, 15_000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      await new Promise((r) => setTimeout(r, 100));
      throw new Error(`PowerDNS did not start: ${(err as Error).message}\n--- ${logFile} ---\n${await logTail(logFile)}`);
    }
    return {
      apiUrl,
      apiKey,
      dnsAddress: `127.0.0.1:${dnsPort}`,
      dnsPort,
      ...pdnsApi(apiUrl, apiKey),
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        log.end();
      },
    };
  }
}
