/**
 * A process forked by the cluster primary (`CERTPLANE_API_PROCESSES` > 1): the API part of the app on
 * the database its primary has migrated (no migrations, no job worker, no first-start token), listening
 * on the port it shares with the other workers.
 */
import cluster from 'node:cluster';
import type { Config } from '../config.js';
import { startApp, type Role } from '../app.js';
import { createLogger } from '../logger.js';
import { installProcessSafetyNet } from '../process-safety.js';
import { exitOnSignal } from '../shutdown.js';
import { answerMetricsRequests } from '../metrics/cluster-metrics.js';
import { enableProcessMetrics, processRegistry } from '../metrics/registry.js';

/** Sent to the primary once the worker's HTTP server listens. */
export interface ListeningMessage {
  type: 'certplane:listening';
  /** http://host:port */
  url: string;
}

export function isListeningMessage(msg: unknown): msg is ListeningMessage {
  return (msg as ListeningMessage | null)?.type === 'certplane:listening' && typeof (msg as ListeningMessage).url === 'string';
}

/** The log fields naming a process of the cluster. */
export function processFields(role: Role): Record<string, unknown> {
  return { role, pid: process.pid, proc: cluster.isWorker ? `http-${cluster.worker!.id}` : 'primary' };
}

export async function runHttpWorker(config: Config, role: Role): Promise<void> {
  const log = createLogger({ level: config.logLevel, base: processFields(role) });
  installProcessSafetyNet(log);
  // The primary serves CERTPLANE_METRICS_LISTEN and asks each worker for its metrics.
  enableProcessMetrics();
  answerMetricsRequests([processRegistry]);
  const starting = startApp(config, 'api', { log, migrate: false, metrics: false });
  // A signal while starting stops the app once started (main.ts).
  exitOnSignal(log, async () => (await starting).stop());
  const app = await starting;
  const url = app.http!.url;
  log.info('HTTP worker listening', { url: `${url}/graphql` });
  process.send!({ type: 'certplane:listening', url } satisfies ListeningMessage);
}
