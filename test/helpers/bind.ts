import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { createDnsClient } from '../../server/src/dns/dns-client.js';
import { killOnExit } from './kill-on-exit.js';

const NAMED = '/usr/sbin/named';

export interface BindKey {
  /** Key name, e.g. 'certplane-key'. */
  name: string;
  algorithm: 'hmac-sha256' | 'hmac-sha512';
  /** base64 */
  secret: string;
}

export interface BindZone {
  /** e.g. 'example.test' */
  name: string;
  /** Extra zone-file lines, relative to the zone (e.g. 'sub IN NS ns.elsewhere.test.'). */
  records?: string[];
}

export interface StartBindOptions {
  /** Primary zones, each taking updates signed with `key` (allow-update). */
  zones: BindZone[];
}

export interface BindHandle {
  /** '127.0.0.1:PORT', UDP and TCP. */
  address: string;
  port: number;
  /** hmac-sha256; may update every zone. */
  key: BindKey;
  /** hmac-sha512; known to the server (its signatures verify) but granted no updates. */
  otherKey: BindKey;
  /** Kills named and removes its folder. */
  stop(): Promise<void>;
}

const newKey = (name: string, algorithm: BindKey['algorithm']): BindKey => ({ name, algorithm, secret: randomBytes(32).toString('base64') });

function namedConf(dir: string, port: number, keys: BindKey[], zones: BindZone[]): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'options {',
    `  directory ${q(dir)};`,
    `  listen-on port ${port} { 127.0.0.1; };`,
    '  listen-on-v6 { none; };',
    `  pid-file ${q(path.join(dir, 'named.pid'))};`,
    `  managed-keys-directory ${q(dir)};`,
    '  session-keyfile none;',
    '  recursion no;',
    '  dnssec-validation no;',
    '  notify no;',
    '};',
    'controls { };',
    ...keys.map((k) => `key ${q(k.name)} { algorithm ${k.algorithm}; secret ${q(k.secret)}; };`),
    ...zones.map(
      (z) => `zone ${q(z.name)} { type primary; file ${q(path.join(dir, `${z.name}.zone`))}; allow-update { key ${q(keys[0].name)}; }; };`,
    ),
    '',
  ].join('\n');
}

function zoneFile(zone: BindZone): string {
  return [
    '$TTL 60',
    `@ IN SOA ns1.${zone.name}. hostmaster.${zone.name}. 1 3600 600 86400 60`,
    `@ IN NS ns1.${zone.name}.`,
    'ns1 IN A 127.0.0.1',
    ...(zone.records ?? []),
    '',
  ].join('\n');
}

/** Resolves when named logs 'running'; rejects when it exits first, cannot bind its port, or takes over `ms`. */
function waitUntilRunning(child: ChildProcess, log: () => string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`named did not start within ${ms} ms`)), ms);
    const onData = () => {
      const text = log();
      if (/address in use/i.test(text)) done(new Error('port taken'));
      else if (/\brunning\b/.test(text)) done(null);
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`named exited (${code ?? signal})`));
    function done(err: Error | null) {
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    }
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves once the server answers the SOA of `zone` over UDP: named logs 'running' a moment before its sockets take queries. */
async function waitForAnswer(address: string, zone: string, ms: number): Promise<void> {
  const dns = createDnsClient({ servers: [], timeoutMs: 200, retries: 0 });
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await dns.query(zone, 'SOA', address)).rcode === 'NOERROR') return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`named did not answer on ${address} within ${ms} ms: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts a throw-away BIND (`named -g`, foreground, logging to stderr) on 127.0.0.1 at a free high
 * port, in a fresh temp folder, serving `zones` as dynamic primaries updatable with a TSIG key. As
 * root, named keeps running as root (no -u): the folder is root's too.
 */
export async function startBind(opts: StartBindOptions): Promise<BindHandle> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'certplane-bind-'));
  const key = newKey('certplane-key', 'hmac-sha256');
  const otherKey = newKey('read-only-key', 'hmac-sha512');
  for (const z of opts.zones) await writeFile(path.join(dir, `${z.name}.zone`), zoneFile(z));

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'named.conf');
    await writeFile(conf, namedConf(dir, port, [key, otherKey], opts.zones));
    const child = spawn(NAMED, ['-g', '-n', '1', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    killOnExit(child);
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    });
    try {
      await waitUntilRunning(child, () => log, 15_000);
      await waitForAnswer(`127.0.0.1:${port}`, opts.zones[0].name, 5_000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 3 && (err as Error).message === 'port taken') continue;
      await rm(dir, { recursive: true, force: true });
      throw new Error(`BIND did not start: ${(err as Error).message}\n${log.split('\n').slice(-30).join('\n')}`);
    }
    return {
      address: `127.0.0.1:${port}`,
      port,
      key,
      otherKey,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
