/**
 * Issuance throughput: N certificates requested through GraphQL (RSA 2048 and ECDSA P-256), timed
 * until each is ISSUED as seen on the certificateStatusChanged subscription; beside it lego
 * (sequential and parallel) and a bare acme-client loop, on the same Pebble and PowerDNS.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { KeyType } from '../server/src/certificates/status.js';
import { ROOT, createOrg, gql, pool, startInfra, startServer, type Infra, type ServerProcess } from './lib/infra.js';
import { mean, note, percentile, since, writeResult, type Row } from './lib/report.js';
import { cpuByCommand, cpuDelta } from './lib/cpu.js';
import { runBareLoop, runLego, type PeerRun } from './issuance-peers.js';
import { stepBreakdown } from './lib/steps.js';

/** Names per registered domain in a run: under the 50 certificates per registered domain per 7 days certplane enforces. */
const NAMES_PER_ZONE = 40;

const KEYS: Record<string, KeyType> = { rsa: 'RSA_2048', ecdsa: 'ECDSA_P256' };

interface CertplaneRun extends PeerRun {
  steps: Row[];
  serverPeakMb: number;
}

async function addDomains(url: string, token: string, app: string, hosts: string[]): Promise<string[]> {
  await gql(url, token, `mutation($n: String!) { createApp(name: $n) { id } }`, { n: app });
  return pool(hosts, 8, async (h) => {
    const r = await gql(url, token, `mutation($a: String!, $h: String!) { addDomain(input: { app: $a, hostname: $h, letsencryptEnabled: false }) { id } }`, { a: app, h });
    return r.addDomain.id as string;
  });
}

/** Waits until no domain is PENDING_DNS (their first DNS check ran), so only issuance is timed. */
async function domainsSettled(databaseUrl: string, timeoutMs: number): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const end = Date.now() + timeoutMs;
    while ((await c.query(`select count(*)::int n from domains where status = 'PENDING_DNS'`)).rows[0].n > 0) {
      if (Date.now() > end) throw new Error('domains still PENDING_DNS');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await c.end();
  }
}

async function runCertplane(infra: Infra, server: ServerProcess, hosts: string[], keyType: KeyType, timeoutMs: number): Promise<CertplaneRun> {
  const { token } = await createOrg(infra.databaseUrl, `issuance-${keyType}`, 'unlimited'); // N certificates may pass any plan's quota
  const app = `bench-${keyType.toLowerCase().replace('_', '-')}`;
  // One warm-up certificate (ACME account registration, JIT) outside the timing.
  const [warm, ...domainIds] = await addDomains(server.url, token, app, [`warm-up.${hosts[0].split('.').slice(1).join('.')}`, ...hosts]);
  await domainsSettled(infra.databaseUrl, 60_000);

  const sent = new Map<string, number>();
  const issuedAt = new Map<string, number>();
  const failed = new Map<string, string>();
  let onDone: () => void = () => undefined;
  const ws = createClient({ url: server.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
  ws.subscribe<{ certificateStatusChanged: { id: string; status: string; statusReason: string | null } }>(
    { query: 'subscription { certificateStatusChanged { id status statusReason } }' },
    {
      next: ({ data }) => {
        const c = data!.certificateStatusChanged;
        if (c.status === 'ISSUED') issuedAt.set(c.id, performance.now());
        if (c.status === 'FAILED') failed.set(c.id, c.statusReason ?? '');
        onDone();
      },
      error: (e) => note(`subscription error: ${JSON.stringify(e)}`),
      complete: () => undefined,
    },
  );
  await new Promise((r) => setTimeout(r, 300));
  const request = async (d: string) => {
    const t = performance.now();
    const r = await gql(server.url, token, `mutation($d: ID!, $k: KeyType!) { requestCertificate(input: { domain: $d, keyType: $k }) { id } }`, { d, k: keyType });
    sent.set(r.requestCertificate.id, t);
    return r.requestCertificate.id as string;
  };
  const warmId = await request(warm);
  await waitFor(() => issuedAt.has(warmId) || failed.has(warmId), 60_000, 'warm-up certificate');
  issuedAt.clear();
  sent.clear();

  const t0 = performance.now();
  const all = new Promise<void>((r) => (onDone = () => void (issuedAt.size + failed.size >= domainIds.length && r())));
  const ids = await pool(domainIds, 20, request);
  note(`  all ${ids.length} requests answered after ${Math.round(since(t0))} ms`);
  await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs))]);
  const wallMs = since(t0);
  await slowest(infra.databaseUrl, ids, sent, issuedAt, t0);
  await ws.dispose();
  const times = ids.filter((id) => issuedAt.has(id)).map((id) => issuedAt.get(id)! - sent.get(id)!);
  const errors = [...new Set(failed.values())].slice(0, 3);
  if (errors.length) note(`certplane failures: ${errors.join('\n')}`);
  const steps = await stepBreakdown(infra.databaseUrl, ids);
  return { times, issued: times.length, failed: ids.length - times.length, wallMs, errors, steps, serverPeakMb: (await server.memory()).peakMb };
}

/** Waits until the spare key pool holds `count` keys of `keyType`. */
async function spareKeysReady(databaseUrl: string, keyType: KeyType, count: number, timeoutMs: number): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const end = Date.now() + timeoutMs;
    while (Number((await c.query(`select count(*) as n from spare_keys where key_type = $1`, [keyType])).rows[0].n) < count) {
      if (Date.now() > end) throw new Error(`spare ${keyType} keys: fewer than ${count} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await c.end();
  }
}

async function dropSpareKeys(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query('delete from spare_keys').finally(() => c.end());
}

/** The three slowest certificates: when each event happened, in ms after the run started (the tail's story). */
async function slowest(databaseUrl: string, ids: string[], sent: Map<string, number>, issuedAt: Map<string, number>, t0: number): Promise<void> {
  const slow = ids.filter((id) => issuedAt.has(id)).sort((a, b) => issuedAt.get(b)! - sent.get(b)! - (issuedAt.get(a)! - sent.get(a)!)).slice(0, 3);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    // Wall clock of this process against Postgres's clock: both are this machine's.
    const { rows } = await c.query<{ certificate_id: string; type: string; ms: number }>(
      `select certificate_id, type, extract(epoch from created_at) * 1000 as ms from certificate_events where certificate_id = any($1) order by id`,
      [slow],
    );
    const zero = Date.now() - since(t0);
    for (const id of slow) {
      const steps = rows.filter((r) => r.certificate_id === id).map((r) => `${r.type} ${Math.round(r.ms - zero)}`);
      note(`  slow: sent ${Math.round(sent.get(id)! - t0)}, ${steps.join(', ')}, seen ISSUED ${Math.round(issuedAt.get(id)! - t0)} (ms after start)`);
    }
  } finally {
    await c.end();
  }
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const row = (tool: string, keyType: string, n: number, r: PeerRun, cpu: Record<string, number>): Row => ({
  tool,
  key: keyType,
  issued: `${r.issued}/${n}${r.capped ? ' (time cap)' : ''}`,
  'wall s': r.wallMs / 1000,
  'certs/s': r.issued / (r.wallMs / 1000),
  'p50 s': percentile(r.times, 50) / 1000,
  'p95 s': percentile(r.times, 95) / 1000,
  'CPU s (top)': Object.entries(cpu).slice(0, 3).map(([k, v]) => `${k} ${v}`).join(', '),
});

export async function runIssuance(args: Record<string, string>): Promise<void> {
  const n = Number(args.n ?? 100);
  const keys = (args.keys ?? 'rsa,ecdsa').split(',').map((k) => KEYS[k] ?? k);
  const tools = (args.tools ?? 'certplane,certplane-pool,bare,lego-seq,lego-par').split(',');
  const concurrency = Number(args.concurrency ?? 10);
  const legoParallel = Number(args['lego-parallel'] ?? 8);
  const legoCapMs = Number(args['lego-cap'] ?? 300) * 1000;
  const pollMs = args.poll ?? '200';
  const infra = await startInfra('issuance', { acme: true });
  const profDir = path.join(ROOT, 'bench', 'tmp', 'cpu-prof');
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  if (args['cpu-prof']) note(`server CPU profile goes to ${profDir}`);
  const serverEnv = { ...infra.env, CERTPLANE_WORKER_CONCURRENCY: String(concurrency), CERTPLANE_WORKER_POLL_INTERVAL: pollMs };
  // Each certplane run has a server of its own (one worker on the queue at a time), stopped after it.
  // `certplane` makes every key when its order starts, as the bare loop and lego do (no spare keys).
  const rows: Row[] = [];
  const steps: Record<string, Row[]> = {};
  const extra: Record<string, unknown> = {};
  try {
    for (const keyType of keys) {
      // Names spread over registered domains of at most NAMES_PER_ZONE each: certplane holds the 51st
      // certificate of a registered domain in 7 days (Let's Encrypt's limit, CERTPLANE_ACME_RATE_LIMITS).
      const hostsFor = async (tool: string) => {
        const tag = `${tool}-${keyType.toLowerCase().replace('_', '-')}-${randomBytes(3).toString('hex')}`;
        const zones = Array.from({ length: Math.ceil((n + 1) / NAMES_PER_ZONE) }, (_, z) => `${tag}-${z}.test`);
        for (const zone of zones) await infra.pdns!.createZone(zone);
        return Array.from({ length: n }, (_, i) => `h${i}.${zones[i % zones.length]}`);
      };
      for (const tool of tools) {
        note(`${tool} ${keyType}: ${n} certificates`);
        const cpu0 = await cpuByCommand();
        let r: PeerRun;
        // A certplane run's CPU is read before its server stops (after, it would count as exited children).
        let cpu1: Record<string, number> | undefined;
        if (tool === 'certplane') {
          const server = await startServer('all', { ...serverEnv, CERTPLANE_SPARE_KEYS: '0' }, nodeArgs);
          try {
            const c = await runCertplane(infra, server, await hostsFor(tool), keyType, Math.max(120_000, n * 3000));
            steps[`certplane ${keyType}: time per step (from certificate_events)`] = c.steps;
            extra[`certplane ${keyType} server peak RSS MB`] = c.serverPeakMb;
            r = c;
            cpu1 = await cpuByCommand();
          } finally {
            await server.stop();
          }
        } else if (tool === 'certplane-pool') {
          // Its own server, with a spare key for every certificate (and the warm-up), made before the timing.
          const pooled = await startServer('all', { ...serverEnv, CERTPLANE_SPARE_KEYS: `${keyType}=${n + 1}` }, nodeArgs);
          try {
            const t = performance.now();
            await spareKeysReady(infra.databaseUrl, keyType, n + 1, 60_000 + n * 2000);
            note(`  ${n + 1} spare ${keyType} keys made in ${(since(t) / 1000).toFixed(1)} s, before the timing`);
            const c = await runCertplane(infra, pooled, await hostsFor(tool), keyType, Math.max(120_000, n * 3000));
            steps[`certplane with spare keys ${keyType}: time per step (from certificate_events)`] = c.steps;
            r = c;
            cpu1 = await cpuByCommand();
          } finally {
            await pooled.stop();
            await dropSpareKeys(infra.databaseUrl); // what a refill made during the run: no later run takes it
          }
        } else if (tool === 'bare') {
          const b = await runBareLoop(infra, await hostsFor(tool), keyType, concurrency);
          extra[`bare ${keyType} phase means ms`] = Object.fromEntries(Object.entries(b.phases).map(([k, v]) => [k, Math.round(v / Math.max(1, n))]));
          r = b;
        } else if (tool === 'lego-seq') r = await runLego(infra, await hostsFor(tool), keyType, 1, legoCapMs);
        else if (tool === 'lego-par') r = await runLego(infra, await hostsFor(tool), keyType, legoParallel, legoCapMs);
        else throw new Error(`unknown tool ${tool}`);
        const labels: Record<string, string> = {
          bare: `bare acme-client x${concurrency}`,
          'lego-par': `lego x${legoParallel} processes`,
          'lego-seq': 'lego sequential',
          certplane: `certplane (${concurrency} worker slots)`,
          'certplane-pool': `certplane, keys made before (${concurrency} slots)`,
        };
        const label = labels[tool];
        rows.push(row(label, keyType, n, r, cpuDelta(cpu0, cpu1 ?? (await cpuByCommand()))));
        note(`  -> ${r.issued} issued in ${(r.wallMs / 1000).toFixed(1)} s (p50 ${(percentile(r.times, 50) / 1000).toFixed(2)} s, mean ${(mean(r.times) / 1000).toFixed(2)} s)`);
      }
    }
  } finally {
    await infra.stop();
  }
  await writeResult('issuance', { n, keys, tools, concurrency, legoParallel, legoCapS: legoCapMs / 1000, workerPollMs: Number(pollMs) }, { throughput: rows, ...steps }, extra);
}
