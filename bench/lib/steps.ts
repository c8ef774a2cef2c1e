/** Where an order's time goes: gaps between consecutive certificate_events of each certificate. */
import pg from 'pg';
import { mean, percentile, type Row } from './report.js';

/** What happens between the previous event and this one (server/src/acme/order-sync.ts). */
const STEP_WORK: Record<string, string> = {
  order_created: 'job pickup + key generation + newOrder + authorizations',
  record_published: 'TXT record written through the PowerDNS API',
  record_visible: 'propagation check on the authoritative servers (re-polled from 250 ms, up to every 2 s, until seen)',
  challenge_accepted: 'getOrder + authorizations + completeChallenge',
  finalized: 'CA validation: order polled from 250 ms, up to every 1 s; then CSR + finalize',
  issued: 'CA issuance: order polled from 250 ms, up to every 1 s; then download + store',
};

export async function stepBreakdown(databaseUrl: string, certificateIds: string[]): Promise<Row[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  let rows: Array<{ certificate_id: string; type: string; t: number }>;
  try {
    rows = (
      await c.query(
        `select certificate_id, type, extract(epoch from created_at) * 1000 as t from certificate_events
          where certificate_id = any($1) and type <> 'record_removed' order by certificate_id, id`,
        [certificateIds],
      )
    ).rows.map((r) => ({ ...r, t: Number(r.t) }));
  } finally {
    await c.end();
  }
  const gaps = new Map<string, number[]>();
  let retries = 0;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].certificate_id !== rows[i - 1].certificate_id) continue;
    if (rows[i].type === 'retry') retries++;
    const list = gaps.get(rows[i].type) ?? [];
    list.push(rows[i].t - rows[i - 1].t);
    gaps.set(rows[i].type, list);
  }
  const total = [...gaps.values()].flat().reduce((a, b) => a + b, 0);
  const out: Row[] = [...gaps.entries()].map(([type, v]) => ({
    'step (event)': type,
    'mean ms': Math.round(mean(v)),
    'p50 ms': Math.round(percentile(v, 50)),
    'p95 ms': Math.round(percentile(v, 95)),
    'share %': Math.round((v.reduce((a, b) => a + b, 0) / total) * 1000) / 10,
    work: STEP_WORK[type] ?? '',
  }));
  if (retries) out.push({ 'step (event)': 'retries', 'mean ms': retries, work: 'retry events (transient errors)' });
  return out;
}
