import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';

export interface Readiness {
  ok: boolean;
  database: { ok: boolean; latencyMs: number; error?: string };
  /** The job workers' heartbeats (worker_heartbeats, written every CERTPLANE_WORKER_HEARTBEAT s by each worker process). */
  worker: { ok: boolean; lastSeenAt: string | null; reason?: string };
}

/** Heartbeats missed before the worker counts as down. */
const MISSED_BEATS = 3;

/**
 * `/readyz`: the database answers, and some job worker said it was alive within three heartbeats. 200
 * when both hold, 503 otherwise, with the reason. (`/healthz` stays a liveness check of this process.)
 */
export async function checkReadiness(ctx: Pick<AppContext, 'db' | 'config'>): Promise<Readiness> {
  const started = performance.now();
  const windowMs = MISSED_BEATS * ctx.config.worker.heartbeatMs;
  let row: { last_seen_at: Date | null; recent: boolean };
  try {
    [row] = (await ctx.db.query(
      `select max(seen_at) as last_seen_at, coalesce(max(seen_at) > now() - $1 * interval '1 millisecond', false) as recent from worker_heartbeats`,
      [windowMs],
    )) as Array<{ last_seen_at: Date | null; recent: boolean }>;
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    return {
      ok: false,
      database: { ok: false, latencyMs, error: (err as Error).message },
      worker: { ok: false, lastSeenAt: null, reason: 'unknown: the database does not answer' },
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const lastSeenAt = row.last_seen_at ? new Date(row.last_seen_at).toISOString() : null;
  const worker = row.recent
    ? { ok: true, lastSeenAt }
    : { ok: false, lastSeenAt, reason: lastSeenAt ? `no job worker heartbeat in the last ${windowMs / 1000} s (last at ${lastSeenAt})` : 'no job worker has ever sent a heartbeat' };
  return { ok: worker.ok, database: { ok: true, latencyMs }, worker };
}

export function readinessHandler(ctx: Pick<AppContext, 'db' | 'config'>) {
  return async (_req: Request, res: Response): Promise<void> => {
    const r = await checkReadiness(ctx);
    res.status(r.ok ? 200 : 503).json(r);
  };
}
