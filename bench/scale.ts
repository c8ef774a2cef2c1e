/**
 * Scale: certificates grown in steps (10k, 100k, 1M) by generate_series; at each step the renewal-due
 * scan, the hostname filter, the list page (first and deep), and the stale-order recovery query are
 * timed with their EXPLAIN (ANALYZE, BUFFERS) plans, the list page is load-tested through GraphQL,
 * and the API process's memory is read. (The pg_trgm and in-flight-order indexes come with the migrations.)
 * The metrics' background reads are timed with them, and /metrics is scraped (bench/lib/metrics-scrape.ts).
 */
import pg from 'pg';
import { listCertificates } from '../server/src/certificates/certificate-service.js';
import { RENEWALS_PER_SCAN } from '../server/src/jobs/tasks/renewal-scan.js';
import { ACME_ORDER_KEY_PREFIX } from '../server/src/jobs/queue.js';
import { startInfra, startServer } from './lib/infra.js';
import { createTenants, createToken, loadCertificates } from './lib/load.js';
import { capturingContext, timeQuery, type Timed } from './lib/plans.js';
import { loadTest } from './lib/load-test.js';
import { PAGE_QUERY } from './api.js';
import { note, since, writeResult, type Row } from './lib/report.js';
import { startScrapeProbe } from './lib/metrics-scrape.js';
import { NOT_READY_SQL, SOONEST_EXPIRY_SQL, STATUS_COUNTS_SQL } from '../server/src/metrics/certificate-gauges.js';
import { QUEUE_SQL } from '../server/src/metrics/queue-gauges.js';

const TENANTS = 10;
const CHUNK = 100_000;

/** The select of startDueRenewals in server/src/certificates/lifecycle.ts (run in a rolled-back transaction: it locks). */
const RENEWAL_SCAN = `select id from certificates where auto_renew and status = 'ISSUED' and next_renewal_at <= $1
  order by next_renewal_at limit $2 for update skip locked`;
/** The select of server/src/jobs/recover-stale-orders.ts (every worker runs it every minute). */
const STALE_ORDERS = `select c.id from certificates c where c.order_step <> $1 and c.status in ('PENDING', 'VALIDATING', 'ISSUED')
  and c.updated_at < $2 and (c.status <> 'ISSUED' or c.next_renewal_at is null)
  and not exists (select 1 from graphile_worker.jobs j where j.key = '${ACME_ORDER_KEY_PREFIX}' || c.id and j.locked_at is null) limit 500`;

export async function runScale(args: Record<string, string>): Promise<void> {
  const steps = (args.steps ?? '10000,100000,1000000').split(',').map(Number);
  const pemChars = Number(args.pem ?? 1600);
  const budgetMs = Number(args.budget ?? 900) * 1000;
  const t0 = performance.now();
  const infra = await startInfra('scale');
  const server = await startServer('api', infra.env);
  const c = new pg.Client({ connectionString: infra.databaseUrl });
  await c.connect();
  const cap = await capturingContext(infra.databaseUrl);
  const scrape = await startScrapeProbe(infra.databaseUrl);
  const rows: Row[] = [];
  const plans: Record<string, Record<string, string>> = {};
  const wide: Row[] = [];
  try {
    const tenants = await createTenants(c, TENANTS, 'scale');
    const org = tenants.orgIds[0];
    const token = await createToken(c, org);
    // Row i belongs to tenant i % 10: 'h5000.t0.bench.test' is one of tenant 0's, and unique.
    const measure = async (label: string): Promise<Record<string, Timed>> => {
      const out: Record<string, Timed> = {};
      const service = async (name: string, a: Parameters<typeof listCertificates>[2]) => {
        // totalCount is read, so every query it costs is captured: unfiltered lists read it from the
        // organization's counter rows inside the page query; filtered ones count after it.
        await (await listCertificates(cap.ctx, org, a)).totalCount;
        const [page, count] = cap.take();
        if (count) {
          out[`${name}: totalCount`] = await timeQuery(c, count.sql, count.params);
          out[`${name}: page`] = await timeQuery(c, page.sql, page.params);
        } else {
          out[`${name}: page with totalCount`] = await timeQuery(c, page.sql, page.params);
        }
      };
      await service('list first page', { first: 50 });
      const mid = (await c.query(`select created_at, id from certificates where organization_id = $1 order by created_at, id offset (select count(*) / 2 from certificates where organization_id = $1) limit 1`, [org])).rows[0];
      await service('list deep page', { first: 50, after: Buffer.from(JSON.stringify([mid.created_at.toISOString(), mid.id])).toString('base64url') });
      await service('hostname filter, 1 match', { first: 50, hostname: 'h5000.' });
      await service('hostname filter, every row', { first: 50, hostname: '.t0.bench' });
      out['renewal-due scan'] = await timeQuery(c, RENEWAL_SCAN, [new Date(), RENEWALS_PER_SCAN], { tx: true });
      out['stale-order recovery'] = await timeQuery(c, STALE_ORDERS, ['done', new Date(Date.now() - 120_000)]);
      out['metrics: counts by status'] = await timeQuery(c, STATUS_COUNTS_SQL, []);
      out['metrics: 100 soonest to expire'] = await timeQuery(c, SOONEST_EXPIRY_SQL, [100]);
      out['metrics: 100 not ready'] = await timeQuery(c, NOT_READY_SQL, [100]);
      out['metrics: job queue'] = await timeQuery(c, QUEUE_SQL, []);
      plans[label] = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.plan]));
      return out;
    };
    let loaded = 0;
    for (const n of steps) {
      if (since(t0) > budgetMs) {
        note(`time budget spent; stopping before ${n}`);
        break;
      }
      const tl = performance.now();
      for (let from = loaded + 1; from <= n; from += CHUNK) await loadCertificates(c, tenants, { from, to: Math.min(n, from + CHUNK - 1), pemChars });
      loaded = n;
      await c.query('vacuum analyze certificates, domains');
      note(`${n} certificates loaded in ${(since(tl) / 1000).toFixed(1)} s`);
      const m = await measure(`${n}`);
      const load = await loadTest(server.url, { token, query: PAGE_QUERY, connections: 10, durationS: Number(args.duration ?? 5), warmupS: 1 });
      const mem = await server.memory();
      const metrics = await scrape.measure();
      const size = (await c.query(`select pg_size_pretty(pg_total_relation_size('certificates')) s`)).rows[0].s;
      for (const [q, t] of Object.entries(m)) rows.push({ N: n, query: q, 'ms (median of 5)': Math.round(t.ms * 100) / 100, scans: t.scans.join('; ') });
      wide.push({ N: n, 'table+indexes': size, 'load s': Math.round(since(tl) / 100) / 10, 'GraphQL page req/s': load['req/s'], 'page p99 ms': load['p99 ms'], 'server RSS MB': Math.round(mem.rssMb), 'server peak MB': Math.round(mem.peakMb), ...metrics });
      note(`  page ${load['req/s']} req/s p99 ${load['p99 ms']} ms, RSS ${mem.rssMb.toFixed(0)} MB`);
      note(`  metrics refresh ${metrics['metrics refresh ms']} ms, scrape median ${metrics['scrape ms (median)']} ms, max ${metrics['scrape ms (max)']} ms, ${metrics['scrape series']} series`);
    }
  } finally {
    await scrape.stop();
    await cap.close();
    await c.end();
    await server.stop();
    await infra.stop();
  }
  const last = Object.keys(plans).at(-1);
  if (last) for (const [q, p] of Object.entries(plans[last])) process.stdout.write(`\n--- plan at ${last}: ${q}\n${p}\n`);
  await writeResult('scale', { steps, tenants: TENANTS, pemChars }, { 'query time by N': rows, 'size, throughput and memory by N': wide }, { plans });
}
