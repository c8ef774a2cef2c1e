import acme from 'acme-client';
import axios, { type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { Counter, Histogram } from 'prom-client';
import { processRegistry } from './registry.js';

/**
 * cert-manager's ACME client metrics, with its names and labels: every HTTP request acme-client makes,
 * by `scheme`, CA `host`, `action` (the ACME resource: directory, newNonce, newAccount, newOrder, order,
 * authorization, challenge, finalize, certificate, revokeCert, keyChange, account, other), `method` and
 * `status` (the HTTP status, or `error` when no answer came). The duration is a histogram (cert-manager's
 * is a summary) so that a cluster's processes add up.
 */
const LABELS = ['scheme', 'host', 'action', 'method', 'status'] as const;

export const acmeRequests = new Counter({
  name: 'acme_client_request_count',
  help: 'ACME HTTP requests made, by CA host, ACME action, method and HTTP status',
  labelNames: LABELS,
  registers: [processRegistry],
});

export const acmeRequestDuration = new Histogram({
  name: 'acme_client_request_duration_seconds',
  help: 'Duration of ACME HTTP requests, by CA host, ACME action, method and HTTP status',
  labelNames: LABELS,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [processRegistry],
});

/** Directory resources learned from directory answers: URL -> resource name. */
const resources = new Map<string, string>();
const DIRECTORY_RESOURCES = ['newNonce', 'newAccount', 'newOrder', 'newAuthz', 'revokeCert', 'keyChange'];

/** Path shapes of the other resources (Let's Encrypt's and Pebble's), tried in order. */
const PATH_ACTIONS: Array<[RegExp, string]> = [
  [/finali[sz]e/i, 'finalize'],
  [/authz/i, 'authorization'],
  [/chal/i, 'challenge'],
  [/cert/i, 'certificate'],
  [/order/i, 'order'],
  [/acc(ou)?n?t/i, 'account'],
  [/director/i, 'directory'],
  [/nonce/i, 'newNonce'],
];

/** The ACME action of a request to `url`, one of a fixed set (bounded label values). */
export function acmeAction(url: string): string {
  const known = resources.get(url);
  if (known) return known;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'other';
  }
  return PATH_ACTIONS.find(([re]) => re.test(path))?.[1] ?? 'other';
}

/** Remembers the resource URLs of a directory answer (so `newOrder` is told apart from an order URL). */
function learnDirectory(url: string, data: unknown): void {
  let dir = data;
  if (typeof data === 'string') {
    if (!data.includes('"newOrder"')) return;
    try {
      dir = JSON.parse(data);
    } catch {
      return;
    }
  }
  if (!dir || typeof dir !== 'object' || typeof (dir as Record<string, unknown>).newOrder !== 'string') return;
  resources.set(url, 'directory');
  for (const name of DIRECTORY_RESOURCES) {
    const u = (dir as Record<string, unknown>)[name];
    if (typeof u === 'string') resources.set(u, name);
  }
}

function record(config: InternalAxiosRequestConfig, status: string, seconds: number): void {
  const url = String(config.url ?? '');
  let scheme = 'unknown';
  let host = 'unknown';
  try {
    const u = new URL(url);
    scheme = u.protocol.replace(/:$/, '');
    host = u.host;
  } catch {
    // left unknown
  }
  const labels = { scheme, host, action: acmeAction(url), method: String(config.method ?? 'get').toUpperCase(), status };
  acmeRequests.inc(labels);
  acmeRequestDuration.observe(labels, seconds);
}

let installed = false;

/**
 * Wraps acme-client's axios adapter (the HTTP layer under its nonce and error handling) so each request
 * is counted and timed. Call before installAcmeErrors (configureAcmeHttps does), which then wraps this.
 */
export function instrumentAcmeRequests(): void {
  if (installed) return;
  installed = true;
  const inner = axios.getAdapter(acme.axios.defaults.adapter ?? 'http') as AxiosAdapter;
  const adapter: AxiosAdapter = async (config) => {
    const started = performance.now();
    let res: AxiosResponse;
    try {
      res = await inner(config);
    } catch (err) {
      const e = err as { response?: AxiosResponse; status?: number };
      // acme-client's validateStatus makes every answer an error: the status is on the answer.
      const status = e.response?.status ?? e.status;
      if (e.response && e.response.status < 300) learnDirectory(String(config.url), e.response.data);
      record(config, status ? String(status) : 'error', (performance.now() - started) / 1000);
      throw err;
    }
    // First learnt, so that the directory's own request counts as `directory`.
    if (res.status < 300) learnDirectory(String(config.url), res.data);
    record(config, String(res.status), (performance.now() - started) / 1000);
    return res;
  };
  acme.axios.defaults.adapter = adapter;
}
