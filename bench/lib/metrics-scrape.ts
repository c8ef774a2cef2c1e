/**
 * /metrics at scale: the database aggregates of server/src/metrics/ (what a `worker` or `all` process
 * exports) refreshed against the bench database, and served by a metrics listener in this process,
 * scraped over HTTP like Prometheus does.
 */
import { openDatabase } from '../../server/src/db/data-source.js';
import { silentLogger } from '../../server/src/logger.js';
import { startDatabaseMetrics } from '../../server/src/metrics/database-metrics.js';
import { startMetricsServer } from '../../server/src/metrics/metrics-server.js';
import { enableProcessMetrics, processRegistry } from '../../server/src/metrics/registry.js';

const SCRAPES = 21;
const TOKEN = 'bench-metrics-token-0123456789';

export async function startScrapeProbe(databaseUrl: string) {
  const db = await openDatabase(databaseUrl, 2, { migrate: false });
  enableProcessMetrics();
  // Refreshed by measure() only (the schedule's next run is an hour away).
  const aggregates = startDatabaseMetrics({ db, log: silentLogger, refreshMs: 3_600_000, perCertificate: 100 });
  const server = await startMetricsServer({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, registries: () => [processRegistry, aggregates.registry], log: silentLogger });
  return {
    /** One refresh of the aggregates, timed, then SCRAPES scrapes: median and slowest, size and series. */
    async measure(): Promise<Record<string, number>> {
      const tr = performance.now();
      await aggregates.refresh();
      const refreshMs = performance.now() - tr;
      const times: number[] = [];
      let text = '';
      for (let i = 0; i < SCRAPES; i++) {
        const t0 = performance.now();
        text = await (await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const r = (n: number) => Math.round(n * 100) / 100;
      return {
        'metrics refresh ms': r(refreshMs),
        'scrape ms (median)': r(times[Math.floor(SCRAPES / 2)]),
        'scrape ms (max)': r(times[SCRAPES - 1]),
        'scrape KB': r(text.length / 1024),
        'scrape series': text.split('\n').filter((l) => l && !l.startsWith('#')).length,
      };
    },
    async stop() {
      aggregates.stop();
      await server.close();
      await db.destroy();
    },
  };
}
