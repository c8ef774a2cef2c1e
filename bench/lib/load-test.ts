/** autocannon against one GraphQL operation, with the numbers the reports need. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from './infra.js';

export interface LoadResult {
  'req/s': number;
  'p50 ms': number;
  'p90 ms': number;
  'p99 ms': number;
  'max ms': number;
  requests: number;
  errors: number;
  non2xx: number;
}

/**
 * POSTs `query` for `durationS` seconds over `connections` keep-alive connections, after a short
 * untimed warm-up. `variables()` is called per request (e.g. a random id).
 */
export async function loadTest(
  url: string,
  opts: {
    token?: string;
    query: string;
    variables?: () => Record<string, unknown>;
    connections: number;
    durationS: number;
    warmupS?: number;
    /** Called after the warm-up, right before the timed run (e.g. to snapshot CPU counters). */
    beforeTimed?: () => Promise<void>;
  },
): Promise<LoadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
  const body = () => JSON.stringify({ query: opts.query, variables: opts.variables?.() });
  // A GraphQL error answers 200 too: one request first, so a run of refusals is never timed as answers.
  const probe = (await (await fetch(`${url}/graphql`, { method: 'POST', headers, body: body() })).json()) as { errors?: unknown[] };
  if (probe.errors?.length) throw new Error(`the benchmarked query answers with errors, not data: ${JSON.stringify(probe.errors).slice(0, 500)}`);
  const run = (duration: number) =>
    autocannon({
      url: `${url}/graphql`,
      connections: opts.connections,
      duration,
      requests: [{ method: 'POST', path: '/graphql', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }],
    });
  if (opts.warmupS !== 0) await run(opts.warmupS ?? 3);
  await opts.beforeTimed?.();
  const r = await run(opts.durationS);
  return {
    'req/s': Math.round(r.requests.total / opts.durationS),
    'p50 ms': r.latency.p50,
    'p90 ms': r.latency.p90,
    'p99 ms': r.latency.p99,
    'max ms': r.latency.max,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Starts bench/bare-apollo-server.js as a child process; returns its URL and a stop function. */
export async function startBareApollo(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bench/bare-apollo-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare Apollo exited ${code}`)));
    setTimeout(() => reject(new Error('bare Apollo did not start')), 20_000).unref();
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
