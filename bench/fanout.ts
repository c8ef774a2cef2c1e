/**
 * Subscription fan-out: 1,000 graphql-ws subscribers (all in one organization, then spread over 10),
 * 100 status changes made by a separate process; checks every event reaches every entitled
 * subscriber and no other, and measures commit-to-delivery latency.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ROOT, pool, startInfra, startServer } from './lib/infra.js';
import { createTenants, createToken } from './lib/load.js';
import { note, percentile, writeResult, type Row } from './lib/report.js';

interface Sub {
  org: number;
  got: Map<string, number>;
  dupes: number;
  client: Client;
}

const now = () => performance.timeOrigin + performance.now();

async function pendingCerts(c: pg.Client, orgId: string, appId: string, count: number, tag: string): Promise<string[]> {
  const { rows } = await c.query<{ id: string }>(
    `with d as (insert into domains (organization_id, app_id, hostname, status) select $1, $2, $3 || '-' || i || '.fanout.test', 'CREATING'
                from generate_series(1, $4) i returning id, organization_id, hostname)
     insert into certificates (organization_id, domain_id, hostname, sans, is_wildcard, key_type, status, directory_url)
     select organization_id, id, hostname, '{}', false, 'RSA_2048', 'PENDING', 'https://127.0.0.1/dir' from d returning id`,
    [orgId, appId, tag, count],
  );
  return rows.map((r) => r.id);
}

function publisher(env: Record<string, string>, ids: string[], intervalMs: number): Promise<Map<string, number>> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bench/fanout-publisher.js')], {
    env: { ...process.env, ...env, FANOUT_IDS: ids.join(','), FANOUT_INTERVAL_MS: String(intervalMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const committed = new Map<string, number>();
  let buf = '';
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const { id, t } = JSON.parse(buf.slice(0, i)) as { id: string; t: number };
      committed.set(id, t);
      buf = buf.slice(i + 1);
    }
  });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(committed) : reject(new Error(`publisher exited ${code}`)))));
}

async function subscribeAll(url: string, tokens: string[], count: number, orgOf: (i: number) => number): Promise<Sub[]> {
  return pool(Array.from({ length: count }, (_, i) => i), 50, async (i) => {
    const org = orgOf(i);
    const client = createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${tokens[org]}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    const sub: Sub = { org, got: new Map(), dupes: 0, client };
    await new Promise<void>((resolve, reject) => {
      const off = client.on('connected', () => (off(), resolve()));
      client.on('closed', (e) => reject(new Error(`closed ${(e as { code?: number }).code}`)));
    });
    client.subscribe<{ certificateStatusChanged: { id: string } }>(
      { query: 'subscription { certificateStatusChanged { id status hostname } }' },
      {
        next: ({ data }) => {
          const id = data!.certificateStatusChanged.id;
          if (sub.got.has(id)) sub.dupes++;
          else sub.got.set(id, now());
        },
        error: (e) => note(`subscriber ${i}: ${e instanceof Error ? e.message : `closed ${(e as { code?: number; reason?: string }).code} ${(e as { reason?: string }).reason ?? ''}`}`),
        complete: () => undefined,
      },
    );
    return sub;
  });
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

export async function runFanout(args: Record<string, string>): Promise<void> {
  const subscribers = Number(args.subscribers ?? 1000);
  const changes = Number(args.changes ?? 100);
  const intervalMs = Number(args.interval ?? 20);
  const infra = await startInfra('fanout');
  const server = await startServer('api', infra.env);
  const rows: Row[] = [];
  const c = new pg.Client({ connectionString: infra.databaseUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const tenants = await createTenants(c, 11, 'fanout');
    const tokens: string[] = [];
    for (const o of tenants.orgIds) tokens.push(await createToken(c, o));
    for (const [scenario, orgs] of [['one organization', 1], ['10 organizations', 10]] as const) {
      note(`${scenario}: ${subscribers} subscribers, ${changes} changes`);
      const subs = await subscribeAll(server.url, tokens, subscribers, (i) => i % orgs);
      // Warm-up: one change per subscribed organization, until every subscriber has seen its own.
      const warm: string[][] = [];
      for (let o = 0; o < orgs; o++) warm.push(await pendingCerts(c, tenants.orgIds[o], tenants.appIds[o], 1, `warm-${orgs}-${o}`));
      await publisher(infra.env, warm.flat(), 0);
      const ready = await waitUntil(() => subs.every((s) => s.got.size >= 1), 60_000);
      if (!ready) note('warm-up event did not reach every subscriber');
      for (const s of subs) (s.got.clear(), (s.dupes = 0));
      // The changes: spread over the subscribed organizations, plus 10% in organization 11 that nobody may see.
      const byOrg: string[][] = [];
      for (let o = 0; o < orgs; o++) byOrg.push(await pendingCerts(c, tenants.orgIds[o], tenants.appIds[o], Math.ceil(changes / orgs), `s${orgs}-${o}`));
      const foreign = await pendingCerts(c, tenants.orgIds[10], tenants.appIds[10], Math.ceil(changes / 10), `foreign-${orgs}`);
      const orgOfCert = new Map<string, number>();
      byOrg.forEach((ids, o) => ids.forEach((id) => orgOfCert.set(id, o)));
      foreign.forEach((id) => orgOfCert.set(id, 10));
      const order = [...byOrg.flat().slice(0, changes), ...foreign].sort(() => Math.random() - 0.5);
      const committed = await publisher(infra.env, order, intervalMs);
      const expected = (s: Sub) => [...orgOfCert.entries()].filter(([id, o]) => o === s.org && committed.has(id)).length;
      await waitUntil(() => subs.every((s) => s.got.size >= expected(s)), 30_000);
      await new Promise((r) => setTimeout(r, 500)); // late strays would show as foreign/dupes
      const latencies: number[] = [];
      let missing = 0;
      let wrongOrg = 0;
      let dupes = 0;
      for (const s of subs) {
        dupes += s.dupes;
        for (const [id, t] of s.got) {
          if (orgOfCert.get(id) !== s.org) wrongOrg++;
          else latencies.push(t - committed.get(id)!);
        }
        missing += expected(s) - [...s.got.keys()].filter((id) => orgOfCert.get(id) === s.org).length;
      }
      const deliveries = subs.reduce((a, s) => a + expected(s), 0);
      rows.push({
        scenario,
        subscribers,
        changes: `${order.length - foreign.length} (+${foreign.length} foreign)`,
        'expected deliveries': deliveries,
        delivered: latencies.length,
        'not delivered within 30 s': missing,
        'to wrong org': wrongOrg,
        duplicates: dupes,
        'p50 ms': Math.round(percentile(latencies, 50)),
        'p99 ms': Math.round(percentile(latencies, 99)),
        'max ms': Math.round(Math.max(...latencies)),
        'server RSS MB': Math.round((await server.memory()).rssMb),
      });
      note(`  -> delivered ${latencies.length}/${deliveries}, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
      await Promise.all(subs.map((s) => s.client.dispose()));
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    note(`fan-out failed: ${(err as Error).stack}`);
    throw err;
  } finally {
    await c.end().catch(() => undefined);
    await server.stop();
    await infra.stop();
  }
  await writeResult('fanout', { subscribers, changes, intervalMs, field: 'certificateStatusChanged { id status hostname }' }, { 'fan-out': rows });
}
