/**
 * API: with 10,000 domains and certificates loaded, certificates(first: 50) and certificate(id) under
 * autocannon (50 connections) against the control plane's API process, beside a bare Apollo server
 * answering a constant on the same machine.
 */
import path from 'node:path';
import pg from 'pg';
import { ROOT, createOrg, startInfra, startServer } from './lib/infra.js';
import { loadTest, startBareApollo } from './lib/load-test.js';
import { loadCertificates } from './lib/load.js';
import { note, writeResult, type Row } from './lib/report.js';
import { cpuByCommand, cpuDelta } from './lib/cpu.js';

export const PAGE_QUERY = `query Page($after: String) { certificates(first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id hostname status keyType expiresAt nextRenewalAt } } } }`;
export const ONE_QUERY = `query One($id: ID!) { certificate(id: $id) { id hostname status keyType issuer serial expiresAt nextRenewalAt } }`;

export async function runApi(args: Record<string, string>): Promise<void> {
  const n = Number(args.n ?? 10_000);
  const connections = Number(args.connections ?? 50);
  const durationS = Number(args.duration ?? 20);
  const infra = await startInfra('api');
  const profDir = path.join(ROOT, 'bench', 'tmp', 'cpu-prof');
  if (args['cpu-prof']) note(`server CPU profile goes to ${profDir}`);
  const nodeArgs = [...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), ...(args['node-args'] ? args['node-args'].split(' ').map((a) => (a.startsWith('--') ? a : `--${a}`)) : [])];
  const server = await startServer('api', infra.env, nodeArgs);
  const rows: Row[] = [];
  const extra: Record<string, unknown> = {};
  try {
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

    const bare = await startBareApollo();
    const only = (args.cases ?? 'bare,page,one').split(',');
    const all: Array<[string, string, () => Promise<Row>]> = [
      ['bare', 'bare Apollo: { hello } (constant)', async () => ({ ...(await loadTest(bare.url, { query: '{ hello }', connections, durationS })) })],
      ['page', 'certplane: certificates(first: 50)', async () => ({ ...(await loadTest(server.url, { token, query: PAGE_QUERY, connections, durationS })) })],
      ['one', 'certplane: certificate(id)', async () => ({ ...(await loadTest(server.url, { token, query: ONE_QUERY, variables: pick, connections, durationS })) })],
    ];
    const cases = all.filter(([key]) => only.includes(key)).map(([, name, run]) => [name, run] as const);
    for (const [name, run] of cases) {
      note(name);
      const cpu0 = await cpuByCommand();
      const r = await run();
      const cpu = cpuDelta(cpu0, await cpuByCommand());
      rows.push({ query: name, ...r, 'CPU s (top)': Object.entries(cpu).slice(0, 3).map(([k, v]) => `${k} ${v}`).join(', ') });
      note(`  -> ${r['req/s']} req/s, p99 ${r['p99 ms']} ms`);
    }
    await bare.stop();
    extra.serverMemoryMb = await server.memory();
  } finally {
    await server.stop();
    await infra.stop();
  }
  const page = rows.find((r) => String(r.query).includes('first: 50'));
  const targets = page ? [{ target: 'page query >= 1500 req/s', measured: page['req/s'], met: Number(page['req/s']) >= 1500 ? 'yes' : 'NO' }, { target: 'page query p99 < 50 ms', measured: page['p99 ms'], met: Number(page['p99 ms']) < 50 ? 'yes' : 'NO' }] : [];
  await writeResult('api', { n, connections, durationS, warmupS: 3 }, { 'requests per second (autocannon)': rows, targets }, extra);
}
