/**
 * Issuance throughput and tails: N certificates requested through GraphQL (RSA 2048 and ECDSA P-256),
 * timed until each is ISSUED; beside it a bare acme-client loop (and, on request, lego), on the same
 * Pebble and PowerDNS. `--runs 3` (the default) interleaves the tools run by run, and the summary
 * takes each tool's median run and the runs' spread. A run during which the machine spent CPU outside
 * this benchmark's processes is marked not comparable, and no ratio is printed from it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { KeyType } from '../server/src/certificates/status.js';
import { ROOT, startInfra, startServer } from './lib/infra.js';
import { note, percentile, writeResult, type Row } from './lib/report.js';
import { median, spread, watchCpu, type CpuWatch } from './lib/comparable.js';
import { runBareLoop, runLego, type PeerRun } from './issuance-peers.js';
import { dropSpareKeys, runCertplane, spareKeysReady, type CertplaneRun } from './issuance-certplane.js';
import { resetStatements, statementsPer } from './lib/pg-statements.js';

/** Names per registered domain in a run: under the 50 certificates per registered domain per 7 days certplane enforces. */
export const NAMES_PER_ZONE = 40;
const KEYS: Record<string, KeyType> = { rsa: 'RSA_2048', ecdsa: 'ECDSA_P256' };
/** Issue 15's targets: certplane's median wall time and p99 time-to-issued against the bare loop's. */
const WALL_RATIO_TARGET = 1.2;
const P99_RATIO_TARGET = 2;
const MEMORY_TARGET_MB = 300;

interface Measured {
  run: number;
  r: PeerRun & Partial<CertplaneRun>;
  cpu: CpuWatch;
}

const sumRetries = (ms: Measured[]) => {
  const out: Record<string, number> = {};
  for (const m of ms) for (const [k, v] of Object.entries(m.r.retries)) out[k] = (out[k] ?? 0) + v;
  return Object.entries(out).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
};

export async function runIssuance(args: Record<string, string>): Promise<void> {
  const n = Number(args.n ?? 100);
  const runs = Number(args.runs ?? 3);
  const keys = (args.keys ?? 'rsa,ecdsa').split(',').map((k) => KEYS[k] ?? k);
  const tools = (args.tools ?? 'certplane,bare').split(',');
  const concurrency = Number(args.concurrency ?? 10);
  const legoParallel = Number(args['lego-parallel'] ?? 8);
  const legoCapMs = Number(args['lego-cap'] ?? 300) * 1000;
  const pollMs = args.poll ?? '200';
  const pgStatements = 'pg-statements' in args;
  const infra = await startInfra('issuance', { acme: true, pgStatements });
  const profDir = path.join(ROOT, 'bench', 'tmp', 'cpu-prof');
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  // Above 300 certificates, certplane's count of Let's Encrypt's limits (300 new orders per account per
  // 3 h) would hold the rest for hours, as it should against Let's Encrypt; Pebble has none, nor has the
  // bare loop: off for such runs (below, the count runs and costs what it costs in production).
  const rateLimits = n + 1 > 300 ? 'off' : 'letsencrypt';
  if (rateLimits === 'off') note(`N = ${n}: CERTPLANE_ACME_RATE_LIMITS=off (300 orders per account per 3 h would hold the rest)`);
  const serverEnv = { ...infra.env, CERTPLANE_WORKER_CONCURRENCY: String(concurrency), CERTPLANE_WORKER_POLL_INTERVAL: pollMs, CERTPLANE_ACME_RATE_LIMITS: rateLimits };
  const results = new Map<string, Measured[]>(); // `${tool} ${keyType}` -> one per run
  const steps: Record<string, Row[]> = {};
  const labels: Record<string, string> = {
    bare: `bare acme-client x${concurrency}`,
    'lego-par': `lego x${legoParallel} processes`,
    'lego-seq': 'lego sequential',
    certplane: `certplane (${concurrency} worker slots)`,
    'certplane-pool': `certplane, keys made before (${concurrency} slots)`,
  };
  // Names spread over registered domains of at most NAMES_PER_ZONE each: certplane holds the 51st
  // certificate of a registered domain in 7 days (Let's Encrypt's limit, CERTPLANE_ACME_RATE_LIMITS).
  const hostsFor = async (tool: string, keyType: KeyType) => {
    const tag = `${tool}-${keyType.toLowerCase().replace('_', '-')}-${randomBytes(3).toString('hex')}`;
    const zones = Array.from({ length: Math.ceil((n + 1) / NAMES_PER_ZONE) }, (_, z) => `${tag}-${z}.test`);
    for (const zone of zones) await infra.pdns!.createZone(zone);
    return Array.from({ length: n }, (_, i) => `h${i}.${zones[i % zones.length]}`);
  };
  const timeoutMs = Math.max(120_000, n * 3000);
  try {
    for (let run = 1; run <= runs; run++) {
      for (const keyType of keys) {
        for (const tool of tools) {
          note(`run ${run}/${runs}: ${tool} ${keyType}, ${n} certificates`);
          const hosts = await hostsFor(tool, keyType);
          let r: PeerRun & Partial<CertplaneRun>;
          let cpu: CpuWatch;
          if (tool === 'certplane' || tool === 'certplane-pool') {
            const pooled = tool === 'certplane-pool';
            // Each certplane run has a server of its own, stopped after it. `certplane` makes every key
            // when its order starts, as the bare loop and lego do (no spare keys).
            const server = await startServer('all', { ...serverEnv, CERTPLANE_SPARE_KEYS: pooled ? `${keyType}=${n + 1}` : '0' }, nodeArgs);
            try {
              if (pooled) await spareKeysReady(infra.databaseUrl, keyType, n + 1, 60_000 + n * 2000);
              const watch = await watchCpu();
              r = await runCertplane(infra, server, hosts, keyType, timeoutMs, pgStatements ? () => resetStatements(infra.databaseUrl) : undefined);
              cpu = await watch.stop(); // before the server stops: its CPU is read from its live processes
            } finally {
              await server.stop();
              if (pooled) await dropSpareKeys(infra.databaseUrl);
            }
            if (run === 1) steps[`${labels[tool]} ${keyType}: time per step (from certificate_events, run 1)`] = r.steps!;
            if (run === 1 && pgStatements) steps[`${labels[tool]} ${keyType}: SQL statements per certificate (pg_stat_statements, run 1)`] = await statementsPer(infra.databaseUrl, r.issued, 'cert');
          } else {
            const watch = await watchCpu();
            if (tool === 'bare') r = await runBareLoop(infra, hosts, keyType, concurrency);
            else if (tool === 'lego-seq') r = await runLego(infra, hosts, keyType, 1, legoCapMs);
            else if (tool === 'lego-par') r = await runLego(infra, hosts, keyType, legoParallel, legoCapMs);
            else throw new Error(`unknown tool ${tool}`);
            cpu = await watch.stop();
          }
          const key = `${tool} ${keyType}`;
          results.set(key, [...(results.get(key) ?? []), { run, r, cpu }]);
          note(
            `  -> ${r.issued}/${n} in ${(r.wallMs / 1000).toFixed(1)} s, p99 ${(percentile(r.times, 99) / 1000).toFixed(2)} s, retries: ${sumRetries([{ run, r, cpu }])}` +
              (cpu.comparable
                ? ''
                : `; NOT COMPARABLE: ${cpu.outsideS} CPU s outside the benchmark (${Math.round(cpu.outsideShare * 100)}% of the machine: ${Object.entries(cpu.outside).slice(0, 3).map(([k, v]) => `${k} ${v} s`).join(', ')})`),
          );
        }
      }
    }
  } finally {
    await infra.stop();
  }

  const perRun: Row[] = [];
  const summary: Row[] = [];
  for (const [key, ms] of results) {
    const [tool, keyType] = key.split(' ');
    for (const { run, r, cpu } of ms) {
      perRun.push({
        run,
        tool: labels[tool],
        key: keyType,
        issued: `${r.issued}/${n}${r.capped ? ' (time cap)' : ''}`,
        'wall s': r.wallMs / 1000,
        'p50 s': percentile(r.times, 50) / 1000,
        'p99 s': percentile(r.times, 99) / 1000,
        retries: sumRetries([{ run, r, cpu }]),
        'postgres CPU ms/cert': cpu.own.postgres ? Math.round((cpu.own.postgres * 1000) / Math.max(1, r.issued)) : '',
        'server peak MB': r.serverPeakMb ? Math.round(r.serverPeakMb) : '',
        'drain displacement p99/max': r.displacement ? `${r.displacement.p99}/${r.displacement.max}` : '',
        'CPU s outside': cpu.outsideS,
        comparable: cpu.comparable ? 'yes' : 'NO',
      });
    }
    summary.push({
      tool: labels[tool],
      key: keyType,
      runs: ms.length,
      'median wall s': median(ms.map((m) => m.r.wallMs / 1000)),
      'wall spread s': spread(ms.map((m) => m.r.wallMs / 1000)),
      'median p99 s': median(ms.map((m) => percentile(m.r.times, 99) / 1000)),
      'p99 spread s': spread(ms.map((m) => percentile(m.r.times, 99) / 1000)),
      retries: sumRetries(ms),
      'comparable runs': `${ms.filter((m) => m.cpu.comparable).length}/${ms.length}`,
    });
  }
  const targets: Row[] = [];
  for (const keyType of keys) {
    const mine = results.get(`certplane ${keyType}`);
    const bare = results.get(`bare ${keyType}`);
    if (!mine || !bare) continue;
    const notComparable = [...mine.map((m) => ['certplane', m] as const), ...bare.map((m) => ['bare', m] as const)]
      .filter(([, m]) => !m.cpu.comparable)
      .map(([tool, m]) => `${tool} run ${m.run} (${m.cpu.outsideS} CPU s outside)`);
    const ratio = (f: (m: Measured) => number) => median(mine.map(f)) / median(bare.map(f));
    const wall = ratio((m) => m.r.wallMs);
    const p99 = ratio((m) => percentile(m.r.times, 99));
    const say = (v: number) => (notComparable.length ? `not comparable: ${notComparable.join(', ')}` : v.toFixed(2));
    targets.push({ target: `${keyType} N=${n}: wall time <= ${WALL_RATIO_TARGET}x the bare loop (medians)`, measured: say(wall), met: notComparable.length ? '?' : wall <= WALL_RATIO_TARGET ? 'yes' : 'NO' });
    targets.push({ target: `${keyType} N=${n}: p99 time-to-issued <= ${P99_RATIO_TARGET}x the bare loop's (medians)`, measured: say(p99), met: notComparable.length ? '?' : p99 <= P99_RATIO_TARGET ? 'yes' : 'NO' });
    const peak = Math.max(...mine.map((m) => m.r.serverPeakMb ?? 0));
    targets.push({ target: `${keyType} N=${n}: control plane < ${MEMORY_TARGET_MB} MB (peak RSS, worst run)`, measured: Math.round(peak), met: peak < MEMORY_TARGET_MB ? 'yes' : 'NO' });
  }
  await writeResult(
    'issuance',
    { n, runs, keys, tools, concurrency, workerPollMs: Number(pollMs), acmeRateLimits: rateLimits },
    { 'summary (median of the runs)': summary, targets, 'every run': perRun, ...steps },
    { cpuByRun: Object.fromEntries([...results].map(([k, ms]) => [k, ms.map((m) => m.cpu)])) },
  );
}
