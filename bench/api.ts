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
import { cpuByCommand, cpuDelta, machineBusyS } from './lib/cpu.js';

export const PAGE_QUERY = `query Page($after: String) { certificates(first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id hostname status keyType expiresAt nextRenewalAt } } } }`;
export const ONE_QUERY = `query One($id: ID!) { certificate(id: $id) { id hostname status keyType issuer serial expiresAt nextRenewalAt } }`;

export async function runApi(args: Record<string, string>): Promise<void> {
  const n = Number(args.n ?? 10_000);
  const connections = Number(args.connections ?? 50);
  const durationS = Number(args.duration ?? 20);
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
  const infra = await startInfra('api');
  const profDir = path.join(ROOT, 'bench', 'tmp', 'cpu-prof');
  if (args['cpu-prof']) note(`server CPU profile goes to ${profDir}`);
  const nodeArgs = [...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), ...(args['node-args'] ? args['node-args'].split(' ').map((a) => (a.startsWith('--') ? a : `--${a}`)) : [])];
  const rows: Row[] = [];
  const extra: Record<string, unknown> = { serverMemoryMb: {} };
  // CPU is counted over the timed run only (after the warm-up); per request it is steadier than
  // requests/s on a machine whose speed moves between runs.
  const measure = async (name: string, run: (beforeTimed: () => Promise<void>) => Promise<LoadResult>) => {
    note(name);
    let cpu0: Record<string, number> = {};
    let busy0 = 0;
    const r = await run(async () => {
      [cpu0, busy0] = [await cpuByCommand(), await machineBusyS()];
    });
    const [cpu, busy] = [cpuDelta(cpu0, await cpuByCommand()), (await machineBusyS()) - busy0];
    // CPU the machine spent outside this benchmark's processes (another run on the machine shows here).
    const others = Math.max(0, Math.round((busy - Object.values(cpu).reduce((a, b) => a + b, 0)) * 10) / 10);
    const perRequest = (k: string) => Math.round(((cpu[k] ?? 0) * 1000 * 100) / Math.max(1, r.requests)) / 100;
    rows.push({
      query: name,
      ...r,
      'node CPU ms/req': perRequest('node'),
      'postgres CPU ms/req': perRequest('postgres'),
      'CPU s (top)': Object.entries(cpu).slice(0, 3).map(([k, v]) => `${k} ${v}`).join(', '),
      'CPU s (others)': others,
    });
    note(`  -> ${r['req/s']} req/s, p99 ${r['p99 ms']} ms, node ${perRequest('node')} ms CPU per request`);
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
    if (only.includes('bare')) {
      const bare = await startBareApollo();
      await measure('bare Apollo: { hello } (constant)', (beforeTimed) => loadTest(bare.url, { query: '{ hello }', connections, durationS, beforeTimed }));
      await bare.stop();
    }
    // Each --processes count, then each --variant (extra server environment, with the first count).
    const runs = [
      ...processes.map((p) => ({ p, env: {} as Record<string, string> })),
      ...variants.map((env) => ({ p: processes[0], env })),
    ];
    for (const [i, { p, env }] of runs.entries()) {
      if (i > 0) server = await startServer('api', { ...infra.env, ...env, CERTPLANE_API_PROCESSES: String(p) }, nodeArgs);
      const label = `${p} API process${p > 1 ? 'es' : ''}${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
      try {
        if (only.includes('page')) await measure(`certplane, ${label}: certificates(first: 50)`, (beforeTimed) => loadTest(server.url, { token, query: PAGE_QUERY, connections, durationS, beforeTimed }));
        if (only.includes('one')) await measure(`certplane, ${label}: certificate(id)`, (beforeTimed) => loadTest(server.url, { token, query: ONE_QUERY, variables: pick, connections, durationS, beforeTimed }));
        (extra.serverMemoryMb as Record<string, unknown>)[label] = await server.memory();
      } finally {
        await server.stop();
      }
    }
  } finally {
    await infra.stop();
  }
  const pages = rows.filter((r) => String(r.query).includes('first: 50'));
  const targets = pages.flatMap((page) => [
    { target: `${page.query}: >= 1500 req/s`, measured: page['req/s'], met: Number(page['req/s']) >= 1500 ? 'yes' : 'NO' },
    { target: `${page.query}: p99 < 50 ms`, measured: page['p99 ms'], met: Number(page['p99 ms']) < 50 ? 'yes' : 'NO' },
  ]);
  await writeResult('api', { n, connections, durationS, warmupS: 3, processes, variants }, { 'requests per second (autocannon)': rows, targets }, extra);
}
