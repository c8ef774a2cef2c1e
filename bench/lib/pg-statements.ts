/**
 * Where Postgres's share of a benchmark goes, from pg_stat_statements (a bench started with
 * `pgStatements`, see infra.ts): reset before the timed part, then every statement's calls, execution and planning
 * time per certificate, most called first. Trigger statements are counted (`pg_stat_statements.track=all`).
 */
import pg from 'pg';
import type { Row } from './report.js';

async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function resetStatements(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, (c) => c.query('select pg_stat_statements_reset()'));
}

/**
 * Statements of the timed part, per `unit` done (`count` of them: certificates, requests): calls,
 * execution and planning ms, and the statement (one line, cut at 140 characters).
 */
export async function statementsPer(databaseUrl: string, count: number, unit: string, limit = 40): Promise<Row[]> {
  const per = Math.max(1, count);
  const { rows } = await withClient(databaseUrl, (c) =>
    c.query<{ calls: string; ms: number; plan: number; rows: string; query: string }>(
      `select calls, total_exec_time as ms, total_plan_time as plan, rows, query from pg_stat_statements
        where query not ilike '%pg_stat_statements%' order by calls desc`,
    ),
  );
  const all = rows.reduce((a, r) => ({ calls: a.calls + Number(r.calls), ms: a.ms + r.ms, plan: a.plan + r.plan }), { calls: 0, ms: 0, plan: 0 });
  const out: Row[] = [
    { [`calls/${unit}`]: +(all.calls / per).toFixed(2), [`exec ms/${unit}`]: +(all.ms / per).toFixed(2), [`plan ms/${unit}`]: +(all.plan / per).toFixed(2), statement: `(all ${rows.length} statements)` },
  ];
  for (const r of rows.slice(0, limit)) {
    out.push({
      [`calls/${unit}`]: +(Number(r.calls) / per).toFixed(2),
      [`exec ms/${unit}`]: +(r.ms / per).toFixed(3),
      [`plan ms/${unit}`]: +(r.plan / per).toFixed(3),
      statement: r.query.replace(/\s+/g, ' ').slice(0, 140),
    });
  }
  return out;
}
