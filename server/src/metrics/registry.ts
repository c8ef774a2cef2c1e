import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's own metrics: counted where things happen (ACME requests, DNS provider calls, order
 * outcomes, open subscriptions) and Node's process metrics. One per process, so code deep in the ACME or
 * DNS layer counts without being handed a registry. Database aggregates (certificate gauges, the job
 * queue) live in a registry of the app that reads them (certificate-gauges.ts), merged in at scrape.
 * Nothing here touches prom-client's global registry.
 */
export const processRegistry = new Registry();

let defaultsOn = false;

/** Adds Node's process metrics (`process_*`, `nodejs_*`) to processRegistry, once. */
export function enableProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: processRegistry });
}
