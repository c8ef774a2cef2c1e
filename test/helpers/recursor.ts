import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { createDnsClient } from '../../server/src/dns/dns-client.js';
import { killOnExit } from './kill-on-exit.js';

const RECURSOR_BINARY = '/usr/sbin/pdns_recursor';

export interface RecursorHandle {
  /** '127.0.0.1:PORT': a recursive resolver (RD honoured), as a CA's validation authority uses. */
  address: string;
  stop(): Promise<void>;
}

export interface StartRecursorOptions {
  /** Working folder (config, control socket, recursor.log); emptied first. */
  dir: string;
  /**
   * Zones asked of an authoritative server (`forward-zones`: queries go without RD, answers and
   * referrals are followed as from any authoritative server), e.g. { test: '127.0.0.1:5300' }.
   */
  forwardZones: Record<string, string>;
}

/**
 * Starts Debian's PowerDNS Recursor on a free loopback port. It may ask servers on loopback
 * (`dont-query` emptied: the suite's authoritative servers are all there) and follows delegations with
 * glue as on the internet; no root hints are reachable, so every name must fall under `forwardZones`.
 * DNSSEC is off (the forwarded zones have no chain of trust). Caches keep the TTLs they are given.
 */
export async function startRecursor(opts: StartRecursorOptions): Promise<RecursorHandle> {
  const dir = path.resolve(opts.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const logFile = path.join(dir, 'recursor.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = [
      'local-address=127.0.0.1',
      `local-port=${port}`,
      `socket-dir=${dir}`,
      'daemon=no',
      'write-pid=no',
      'disable-syslog=yes',
      'threads=1',
      'dnssec=off',
      'dont-query=',
      'allow-from=127.0.0.0/8',
      `forward-zones=${Object.entries(opts.forwardZones).map(([zone, server]) => `${zone}=${server}`).join(',')}`,
      'loglevel=4',
      'quiet=yes',
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'recursor.conf'), config);
    const child = spawn(RECURSOR_BINARY, [`--config-dir=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    killOnExit(child);
    const address = `127.0.0.1:${port}`;
    try {
      await waitForAnswers(address, child, 15_000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
      throw new Error(`pdns_recursor did not start: ${(err as Error).message}\n--- ${logFile} ---\n${tail}`);
    }
    return {
      address,
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

/** Waits until the recursor answers anything (an answer for a name nobody serves is fine). */
async function waitForAnswers(address: string, child: ChildProcess, deadlineMs: number) {
  const client = createDnsClient({ servers: [address], timeoutMs: 300, retries: 0 });
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`pdns_recursor exited (${child.exitCode ?? child.signalCode})`);
    if (await client.query('localhost', 'A').then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pdns_recursor did not answer within ${deadlineMs} ms`);
}
