/**
 * API: with 10,000 domains and certificates loaded, certificates(first: 50) and certificate(id) under
 * autocannon (50 connections) against the control plane's API, with 1 and then 2 API processes
 * (`--processes`), beside a bare Apollo server answering a constant on the same machine.
 */
import path from 'node:path';
import pg from 'pg';
import { ROOT, createOrg, startInfra, startServer } from './lib/infra.js';
import { loadTest, startBareApollo, type LoadResult } from './lib/load-test.js';
import { loadCertificates } from './lib/load.js';
import { note, writeResult, type Row } from './lib/report.js';
import { median, spread, watchCpu } from './lib/comparable.js';
import { resetStatements, statementsPer } from './lib/pg-statements.js';

export const PAGE_QUERY = `query Page($after: String) { certificates(first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id hostname status keyType expiresAt nextRenewalAt } } } }`;
export const ONE_QUERY = `query One($id: ID!) { certificate(id: $id) { id hostname status keyType issuer serial expiresAt nextRenewalAt } }`;

export async function runApi(args: Record<string, string>): Promise<void> {
  const n = Number(args.n ?? 10_000);
  const connections = Number(args.connections ?? 50);
  const durationS = Number(args.duration ?? 20);
  // Every case `--runs` times, interleaved (bare, then each server, then again): the targets use the medians.
  const runs = Number(args.runs ?? 3);
  // CERTPLANE_API_PROCESSES of each server run, one after the other on the same data: 1 is the default
  // and what the bare Apollo server (one process) compares with; 2 is one per core on a 2-core machine.
  const processes = (args.processes ?? '1,2').split(',').map(Number);
  if (!processes.every((p) => Number.isInteger(p) && p >= 1)) throw new Error(`--processes ${args.processes}: integers >= 1, comma-separated`);
  // `--variant "K=V K2=V2"` (repeatable with `;`): also serve with that server environment, same data.
  const variants = (args.variant ?? '').split(';').map((v) => v.trim()).filter(Boolean).map((v) => {
    const env = Object.fromEntries(v.split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=') >>> 0), kv.includes('=') ? kv.slice(kv.indexOf('=') + 1) : undefined]));
    if (Object.entries(env).some(([k, val]) => !/^[A-Z_][A-Z0-9_]*$/.test(k) || val === undefined)) throw new Error(`--variant ${v}: NAME=value pairs separated by spaces`);
    return env;
  });
  const pgStatements = 'pg-statements' in args;
  const infra = await startInfra('api', { pgStatements });
  const profDir = path.join(ROOT, 'bench', 'tmp', 'cpu-prof');
  if (args['cpu-prof']) note(`server CPU profile goes to ${profDir}`);
  const nodeArgs = [...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), ...(args['node-args'] ? args['node-args'].split(' ').map((a) => (a.startsWith('--') ? a : `--${a}`)) : [])];
  const rows: Row[] = [];
  const extra: Record<string, unknown> = { serverMemoryMb: {} };
  const statements: Record<string, Row[]> = {};
  // CPU is counted over the timed run only (after the warm-up); per request it is steadier than
  // requests/s on a machine whose speed moves between runs.
  let round = 1;
  const measure = async (name: string, run: (beforeTimed: () => Promise<void>) => Promise<LoadResult>) => {
    note(`run ${round}/${runs}: ${name}`);
    let watch: Awaited<ReturnType<typeof watchCpu>> | undefined;
    const r = await run(async () => {
      if (pgStatements) await resetStatements(infra.databaseUrl);
      watch = await watchCpu();
    });
    // The benchmark's processes' CPU, and the machine's outside them (another run on the machine shows there).
    const { own: cpu, outsideS: others, comparable } = await watch!.stop();
    const perRequest = (k: string) => Math.round(((cpu[k] ?? 0) * 1000 * 100) / Math.max(1, r.requests)) / 100;
    rows.push({
      run: round,
      query: name,
      ...r,
      'node CPU ms/req': perRequest('node'),
      'postgres CPU ms/req': perRequest('postgres'),
      'CPU s (top)': Object.entries(cpu).slice(0, 3).map(([k, v]) => `${k} ${v}`).join(', '),
      'CPU s (others)': others,
      comparable: comparable ? 'yes' : 'NO',
    });
    note(`  -> ${r['req/s']} req/s, p99 ${r['p99 ms']} ms, node ${perRequest('node')} ms CPU per request`);
    if (pgStatements && round === 1) statements[`${name}: SQL statements per request (pg_stat_statements, run 1)`] = await statementsPer(infra.databaseUrl, r.requests, 'req', 15);
  };
  try {
    // The first server migrates the database; the data is loaded once for every run.
    let server = await startServer('api', { ...infra.env, CERTPLANE_API_PROCESSES: String(processes[0]) }, nodeArgs);
    const { organizationId, token } = await createOrg(infra.databaseUrl, 'api-bench');
    const c = new pg.Client({ connectionString: infra.databaseUrl });
    await c.connect();
    const { rows: apps } = await c.query<{ id: string }>(`insert into apps (organization_id, name) values ($1, 'bench') returning id`, [organizationId]);
    note(`loading ${n} domains and certificates`);
    await loadCertificates(c, { orgIds: [organizationId], appIds: [apps[0].id] }, { from: 1, to: n });
    await c.query('analyze');
    const ids = (await c.query<{ id: string }>(`select id from certificates order by random() limit 1000`)).rows.map((r) => r.id);
    await c.end();
    const pick = () => ({ id: ids[Math.floor(Math.random() * ids.length)] });

    const only = (args.cases ?? 'bare,page,one').split(',');
    for (; round <= runs; round++) {
      if (only.includes('bare')) {
        const bare = await startBareApollo();
        await measure('bare Apollo: { hello } (constant)', (beforeTimed) => loadTest(bare.url, { query: '{ hello }', connections, durationS, beforeTimed }));
        await bare.stop();
      }
      // Each --processes count, then each --variant (extra server environment, with the first count).
      const configs = [
        ...processes.map((p) => ({ p, env: {} as Record<string, string> })),
        ...variants.map((env) => ({ p: processes[0], env })),
      ];
      for (const [i, { p, env }] of configs.entries()) {
        if (i > 0 || round > 1) server = await startServer('api', { ...infra.env, ...env, CERTPLANE_API_PROCESSES: String(p) }, nodeArgs);
        const label = `${p} API process${p > 1 ? 'es' : ''}${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
        try {
          if (only.includes('page')) await measure(`certplane, ${label}: certificates(first: 50)`, (beforeTimed) => loadTest(server.url, { token, query: PAGE_QUERY, connections, durationS, beforeTimed }));
          if (only.includes('one')) await measure(`certplane, ${label}: certificate(id)`, (beforeTimed) => loadTest(server.url, { token, query: ONE_QUERY, variables: pick, connections, durationS, beforeTimed }));
          (extra.serverMemoryMb as Record<string, unknown>)[label] = await server.memory();
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await infra.stop();
  }
  // Per query: the median of its runs, their spread, and whether every run had the machine to itself.
  const queries = [...new Set(rows.map((r) => String(r.query)))];
  const summary: Row[] = queries.map((q) => {
    const of = rows.filter((r) => r.query === q);
    const num = (k: string) => of.map((r) => Number(r[k]));
    return {
      query: q,
      runs: of.length,
      'median req/s': Math.round(median(num('req/s'))),
      'req/s spread': spread(num('req/s'), 0),
      'median p99 ms': median(num('p99 ms')),
      'p99 spread ms': spread(num('p99 ms'), 0),
      'node CPU ms/req': median(num('node CPU ms/req')),
      'postgres CPU ms/req': median(num('postgres CPU ms/req')),
      'comparable runs': `${of.filter((r) => r.comparable === 'yes').length}/${of.length}`,
    };
  });
  const targets = summary
    .filter((r) => String(r.query).includes('first: 50'))
    .flatMap((page) => {
      const quiet = page['comparable runs'] === `${page.runs}/${page.runs}`;
      const met = (ok: boolean) => (quiet ? (ok ? 'yes' : 'NO') : '? (not comparable: CPU spent outside the benchmark)');
      return [
        { target: `${page.query}: >= 1500 req/s (median)`, measured: page['median req/s'], met: met(Number(page['median req/s']) >= 1500) },
        { target: `${page.query}: p99 < 50 ms (median)`, measured: page['median p99 ms'], met: met(Number(page['median p99 ms']) < 50) },
      ];
    });
  await writeResult('api', { n, connections, durationS, runs, warmupS: 3, processes, variants }, { 'summary (median of the runs)': summary, targets, 'every run (autocannon)': rows, ...statements }, extra);
}
