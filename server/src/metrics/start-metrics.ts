import type { AppContext } from '../context.js';
import { startDatabaseMetrics, type DatabaseMetrics } from './database-metrics.js';
import { startMetricsServer } from './metrics-server.js';
import { enableProcessMetrics, processRegistry } from './registry.js';
import { StartupError } from '../startup-error.js';

export interface RunningMetrics {
  /** http://host:port/metrics */
  url: string;
  /** The database aggregates, in a process that exports them. */
  database?: DatabaseMetrics;
  stop(): Promise<void>;
}

/**
 * The process's metrics endpoint (`CERTPLANE_METRICS_LISTEN`): its own metrics (and its cluster workers'),
 * plus the database aggregates when `withDatabase` (the processes running the job worker).
 */
export async function startMetrics(ctx: AppContext, withDatabase: boolean): Promise<RunningMetrics> {
  const { listen, token, refreshMs, perCertificateSeries } = ctx.config.metrics;
  if (!listen) throw new Error('startMetrics without CERTPLANE_METRICS_LISTEN');
  enableProcessMetrics();
  const database = withDatabase ? startDatabaseMetrics({ db: ctx.db, log: ctx.log, refreshMs, perCertificate: perCertificateSeries }) : undefined;
  const registries = database ? [processRegistry, database.registry] : [processRegistry];
  try {
    const server = await startMetricsServer({ listen, token, registries: () => registries, log: ctx.log });
    return {
      url: server.url,
      database,
      async stop() {
        database?.stop();
        await server.close();
      },
    };
  } catch (err) {
    database?.stop();
    // Told apart from the API's port, which app.ts names for any other EADDRINUSE.
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(`CERTPLANE_METRICS_LISTEN=${listen.host}:${listen.port} is taken: stop what listens there, or give each certplane process its own metrics address`);
    }
    throw err;
  }
}
