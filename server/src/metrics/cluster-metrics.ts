/**
 * Metrics of a node:cluster (`CERTPLANE_API_PROCESSES` > 1): the primary, which owns the metrics listener,
 * asks each HTTP worker for its process metrics over the cluster's IPC channel and adds them up with its
 * own through prom-client's AggregatorRegistry (counters and gauges summed, histograms merged).
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';

type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
const REQUEST = 'certplane:metrics-request';
const RESPONSE = 'certplane:metrics-response';
/** A worker that does not answer in this long is left out of the scrape. */
const WORKER_TIMEOUT_MS = 2000;

interface MetricsRequest { type: typeof REQUEST; id: number }
interface MetricsResponse { type: typeof RESPONSE; id: number; metrics: MetricsJson[] }

/** In an HTTP worker: answers the primary's requests with `registries`' metrics. */
export function answerMetricsRequests(registries: Registry[]): void {
  process.on('message', (msg: MetricsRequest) => {
    if (msg?.type !== REQUEST) return;
    void Promise.all(registries.map((r) => r.getMetricsAsJSON())).then(
      (metrics) => process.send?.({ type: RESPONSE, id: msg.id, metrics } satisfies MetricsResponse),
      () => process.send?.({ type: RESPONSE, id: msg.id, metrics: [] } satisfies MetricsResponse),
    );
  });
}

let nextId = 0;

/** In the primary: every live worker's metrics (none outside a cluster). */
async function workerMetrics(): Promise<MetricsJson[]> {
  if (!cluster.isPrimary) return [];
  const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
  const id = nextId++;
  const answers = await Promise.all(
    workers.map(
      (w) =>
        new Promise<MetricsJson[]>((resolve) => {
          const done = (metrics: MetricsJson[]) => (clearTimeout(timer), w!.off('message', onMessage), resolve(metrics));
          const onMessage = (msg: MetricsResponse) => msg?.type === RESPONSE && msg.id === id && done(msg.metrics);
          const timer = setTimeout(() => done([]), WORKER_TIMEOUT_MS);
          w!.on('message', onMessage);
          w!.send({ type: REQUEST, id } satisfies MetricsRequest);
        }),
    ),
  );
  return answers.flat();
}

/** The Prometheus text of this process's `registries`, added up with the cluster's workers' when there are any. */
export async function gatherMetrics(registries: Registry[]): Promise<string> {
  const workers = await workerMetrics();
  if (!workers.length) return Registry.merge(registries).metrics();
  const own = await Promise.all(registries.map((r) => r.getMetricsAsJSON()));
  return AggregatorRegistry.aggregate([...own, ...workers]).metrics();
}
