/**
 * certplane's side of the issuance benchmark: N certificates requested through GraphQL, timed until
 * each is ISSUED as seen on the certificateStatusChanged subscription.
 */
import pg from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { KeyType } from '../server/src/certificates/status.js';
import { createOrg, gql, pool, type Infra, type ServerProcess } from './lib/infra.js';
import { note, percentile, since, type Row } from './lib/report.js';
import { stepBreakdown } from './lib/steps.js';
import type { PeerRun } from './issuance-peers.js';
import { waitUntil } from '../test/helpers/wait.js';

export interface CertplaneRun extends PeerRun {
  steps: Row[];
  serverPeakMb: number;
  /**
   * How far from first-come-first-served the queue drained: per certificate, |rank by request - rank
   * by issuance|. 0 everywhere is strict order; `concurrency` slots allow about that much.
   */
  displacement: { p50: number; p99: number; max: number };
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
    await waitUntil(async () => (await c.query(`select count(*)::int n from domains where status = 'PENDING_DNS'`)).rows[0].n === 0, timeoutMs, 'domains out of PENDING_DNS');
  } finally {
    await c.end();
  }
}

/** Retry events of the certificates, by the kind of error they followed (certificate_events.reason). */
async function retriesByKind(databaseUrl: string, ids: string[]): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ kind: string; n: number }>(
      `select coalesce(reason, 'unknown') as kind, count(*)::int as n from certificate_events where certificate_id = any($1) and type = 'retry' group by 1 order by 2 desc`,
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  } finally {
    await c.end();
  }
}

function displacement(ids: string[], sent: Map<string, number>, issuedAt: Map<string, number>): CertplaneRun['displacement'] {
  const done = ids.filter((id) => issuedAt.has(id));
  const byRequest = new Map([...done].sort((a, b) => sent.get(a)! - sent.get(b)!).map((id, i) => [id, i]));
  const d = [...done].sort((a, b) => issuedAt.get(a)! - issuedAt.get(b)!).map((id, i) => Math.abs(i - byRequest.get(id)!));
  return { p50: percentile(d, 50), p99: percentile(d, 99), max: d.length ? Math.max(...d) : NaN };
}

export async function runCertplane(
  infra: Infra,
  server: ServerProcess,
  hosts: string[],
  keyType: KeyType,
  timeoutMs: number,
  /** Called after the warm-up, just before the timed requests (e.g. to reset pg_stat_statements). */
  beforeTiming?: () => Promise<void>,
): Promise<CertplaneRun> {
  const { token } = await createOrg(infra.databaseUrl, `issuance-${keyType}-${Date.now()}`, 'unlimited'); // N certificates may pass any plan's quota
  const app = `bench-${keyType.toLowerCase().replace('_', '-')}`;
  // One warm-up certificate (ACME account registration, JIT) outside the timing.
  const [warm, ...domainIds] = await addDomains(server.url, token, app, [`warm-up.${hosts[0].split('.').slice(1).join('.')}`, ...hosts]);
  await domainsSettled(infra.databaseUrl, 60_000 + hosts.length * 100);

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
        if (c.status === 'ISSUED' && !issuedAt.has(c.id)) issuedAt.set(c.id, performance.now());
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
  await waitUntil(async () => issuedAt.has(warmId) || failed.has(warmId), 60_000, 'warm-up certificate');
  issuedAt.clear();
  sent.clear();
  await beforeTiming?.();

  const t0 = performance.now();
  const all = new Promise<void>((r) => (onDone = () => void (issuedAt.size + failed.size >= domainIds.length && r())));
  const ids = await pool(domainIds, 20, request);
  note(`  all ${ids.length} requests answered after ${Math.round(since(t0))} ms`);
  await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs))]);
  const wallMs = since(t0);
  await ws.dispose();
  await slowest(infra.databaseUrl, ids, sent, issuedAt, t0);
  const times = ids.filter((id) => issuedAt.has(id)).map((id) => issuedAt.get(id)! - sent.get(id)!);
  const errors = [...new Set(failed.values())].slice(0, 3);
  if (errors.length) note(`certplane failures: ${errors.join('\n')}`);
  return {
    times,
    issued: times.length,
    failed: ids.length - times.length,
    wallMs,
    errors,
    retries: await retriesByKind(infra.databaseUrl, ids),
    steps: await stepBreakdown(infra.databaseUrl, ids),
    serverPeakMb: (await server.memory()).peakMb,
    displacement: displacement(ids, sent, issuedAt),
  };
}

/** Waits until the spare key pool holds `count` keys of `keyType`. */
export async function spareKeysReady(databaseUrl: string, keyType: KeyType, count: number, timeoutMs: number): Promise<void> {
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

export async function dropSpareKeys(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query('delete from spare_keys').finally(() => c.end());
}

/** The three slowest certificates: when each event happened, in ms after the run started (the tail's story, on stderr). */
async function slowest(databaseUrl: string, ids: string[], sent: Map<string, number>, issuedAt: Map<string, number>, t0: number): Promise<void> {
  const took = (id: string) => issuedAt.get(id)! - sent.get(id)!;
  const slow = ids.filter((id) => issuedAt.has(id)).sort((a, b) => took(b) - took(a)).slice(0, 3);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    // Wall clock of this process against Postgres's clock: both are this machine's.
    const { rows } = await c.query<{ certificate_id: string; type: string; reason: string | null; ms: number }>(
      `select certificate_id, type, reason, extract(epoch from created_at) * 1000 as ms from certificate_events where certificate_id = any($1) order by id`,
      [slow],
    );
    const zero = Date.now() - since(t0);
    for (const id of slow) {
      const steps = rows.filter((r) => r.certificate_id === id).map((r) => `${r.type}${r.reason ? `(${r.reason})` : ''} ${Math.round(r.ms - zero)}`);
      note(`  slow: sent ${Math.round(sent.get(id)! - t0)}, ${steps.join(', ')}, seen ISSUED ${Math.round(issuedAt.get(id)! - t0)} (ms after start)`);
    }
  } finally {
    await c.end();
  }
}
