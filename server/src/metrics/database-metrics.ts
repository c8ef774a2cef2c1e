import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';
import { createCertificateGauges } from './certificate-gauges.js';
import { createQueueGauges } from './queue-gauges.js';

export interface DatabaseMetricsOptions {
  db: DataSource;
  log: Logger;
  /** Between the end of one refresh and the start of the next. */
  refreshMs: number;
  /** Certificates with series of their own, per kind (soonest to expire; not ready). */
  perCertificate: number;
}

export interface DatabaseMetrics {
  registry: Registry;
  /** Reads the aggregates now (the schedule goes on). */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Aggregates read from Postgres on a schedule, in the background (a few indexed queries every
 * `refreshMs`), so a scrape only formats what the last refresh read and costs no query, however many
 * certificates there are. Exported by the processes that run the job worker (roles `all` and `worker`).
 */
export function startDatabaseMetrics(opts: DatabaseMetricsOptions): DatabaseMetrics {
  const registry = new Registry();
  const certificates = createCertificateGauges(registry, opts.perCertificate);
  const queue = createQueueGauges(registry);
  const lastRefresh = new Gauge({ name: 'certplane_metrics_refresh_timestamp_seconds', help: 'When the database aggregates were last read, as a Unix timestamp', registers: [registry] });
  const refreshDuration = new Gauge({ name: 'certplane_metrics_refresh_duration_seconds', help: 'How long the last read of the database aggregates took', registers: [registry] });
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const refresh = () =>
    (running ??= (async () => {
      const started = performance.now();
      try {
        await certificates(opts.db);
        await queue(opts.db);
        lastRefresh.set(Date.now() / 1000);
        refreshDuration.set((performance.now() - started) / 1000);
      } catch (err) {
        if (!stopped) opts.log.warn('metrics refresh failed', { error: String(err) });
      } finally {
        running = undefined;
      }
    })());
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void refresh().finally(schedule), opts.refreshMs);
    timer.unref();
  };
  void refresh().finally(schedule);
  return {
    registry,
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
