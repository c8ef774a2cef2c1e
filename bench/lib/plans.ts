/** The SQL the server really sends (captured from TypeORM), timed and EXPLAINed against the bench database. */
import pg from 'pg';
import { DataSource, type Logger as OrmLogger } from 'typeorm';
import { ENTITIES } from '../../server/src/db/entities.js';
import type { AppContext } from '../../server/src/context.js';

export interface Captured {
  sql: string;
  params: unknown[];
}

/** A DataSource whose queries are recorded, and an AppContext around it for the server's service functions. */
export async function capturingContext(url: string): Promise<{ ctx: AppContext; take(): Captured[]; close(): Promise<void> }> {
  let captured: Captured[] = [];
  const logger: OrmLogger = {
    logQuery: (sql, params) => void captured.push({ sql, params: (params as unknown[]) ?? [] }),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const db = new DataSource({ type: 'postgres', url, entities: ENTITIES, logging: ['query'], logger, extra: { max: 2 } });
  await db.initialize();
  return {
    ctx: { db } as unknown as AppContext,
    take: () => {
      // Only the service's own queries (TypeORM's first query also asks for version and current_schema).
      const out = captured.filter((c) => /\bfrom "?(certificates|organization_counts)\b/i.test(c.sql));
      captured = [];
      return out;
    },
    close: () => db.destroy(),
  };
}

export interface Timed {
  /** Median client-side time of `runs` executions (ms). */
  ms: number;
  plan: string;
  /** Index or Seq Scan node names from the plan, e.g. "Index Scan using certificates_org_created". */
  scans: string[];
}

/** Runs `sql` `runs` times (median) and once under EXPLAIN (ANALYZE, BUFFERS); `tx` wraps both in a rolled-back transaction. */
export async function timeQuery(c: pg.Client, sql: string, params: unknown[], opts: { runs?: number; tx?: boolean } = {}): Promise<Timed> {
  const times: number[] = [];
  const once = async <T extends pg.QueryResultRow>(q: string) => {
    if (opts.tx) await c.query('begin');
    try {
      return await c.query<T>(q, params);
    } finally {
      if (opts.tx) await c.query('rollback');
    }
  };
  for (let i = 0; i < (opts.runs ?? 5); i++) {
    const t0 = performance.now();
    await once(sql);
    times.push(performance.now() - t0);
  }
  const res = await once<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`);
  const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
  const scans = [...new Set([...plan.matchAll(/((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?(?: using \S+)?(?: on \S+)?)/g)].map((m) => m[1]))];
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], plan, scans };
}
