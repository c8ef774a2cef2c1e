/**
 * checkDomain: N domains of mixed DNS shapes (check-domain-zone.ts) in a local PowerDNS, each checked
 * once through GraphQL (a fresh lookup, never the cached answer) at each `--concurrency`, beside a bare
 * loop asking the same DNS questions (check-domain-peer.ts); then the cached answer (a second call
 * within 5 s). Where a fresh check's time goes, from the check's own timestamps (checkedAt, taken before
 * the lookup, and its `checked` event, inserted with clock_timestamp() after it).
 */
import path from 'node:path';
import pg from 'pg';
import { startPowerDns, type PowerDnsHandle } from '../test/helpers/pdns.js';
import { ROOT, createOrg, gql, pool, startInfra, startServer, type ServerProcess } from './lib/infra.js';
import { cpuByCommand, cpuDelta, machineBusyS } from './lib/cpu.js';
import { mean, note, percentile, writeResult, type Row } from './lib/report.js';
import { PLATFORM_TARGETS, SHAPES, benchDomains, createZones, sameVerdict, verdictOf, type BenchDomain, type Ownership, type Verdict } from './check-domain-zone.js';
import { runPeer, type PeerRun } from './check-domain-peer.js';

/** What a client page would ask (test/check-domain.test.ts's selection). */
export const CHECK_QUERY = `mutation Check($id: ID!) { checkDomain(id: $id) {
  checkedAt cached dnsConfigured acmeChallengeDelegated ownershipTxtConfigured caaAllowsIssuer httpConfigured alpnConfigured
  validationErrors { code message fix } dnsProvider { id name }
  records { a aaaa cnames ownership { name txt source } caa { name flags tag value } zone nameservers acmeChallenge { name cname txt } }
  domain { status dnsVerifiedAt ownershipVerifiedAt } } }`;
const ADD_QUERY = `mutation Add($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: false }) {
  id dnsRequirements { ownership { name orgValue appValue } } } }`;

/** checkDomain's rate limit (server/src/domains/check-domain.ts CHECK_DOMAIN_INTERVAL_MS), plus a margin. */
const FRESH_AFTER_MS = 5_000 + 150;
const CACHED_CHUNK = 100;

interface Call {
  d: BenchDomain;
  /** Wall clock (ms since the epoch, sub-ms) when the request was sent. */
  sent: number;
  ms: number;
  cached?: boolean;
  checkedAt?: number;
  verdict?: Verdict;
  error?: string;
}

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;

export async function runCheckDomain(args: Record<string, string>): Promise<void> {
  const n = Number(args.n ?? 500);
  const warmups = Number(args.warmup ?? 25);
  const levels = (args.concurrency ?? '1,10').split(',').map(Number);
  if (!levels.every((c) => Number.isInteger(c) && c >= 1)) throw new Error(`--concurrency ${args.concurrency}: integers >= 1, comma-separated`);
  const role = (args.role ?? 'all') as 'all' | 'api';
  const profDir = path.join(ROOT, 'bench', 'tmp', 'cpu-prof');
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];

  const infra = await startInfra('check-domain');
  let pdns: PowerDnsHandle | undefined;
  let server: ServerProcess | undefined;
  const db = new pg.Client({ connectionString: infra.databaseUrl });
  const rows: Row[] = [];
  const extra: Record<string, unknown> = {};
  const tables: Record<string, Row[]> = {};
  try {
    pdns = await startPowerDns({ dir: path.join(infra.dir, 'pdns') });
    const dnsAt = { address: pdns.dnsAddress, port: pdns.dnsPort };
    server = await startServer(role, {
      ...infra.env,
      CERTPLANE_DNS_RESOLVERS: pdns.dnsAddress,
      CERTPLANE_DNS_AUTHORITATIVE_PORT: String(pdns.dnsPort),
      CERTPLANE_PLATFORM_TARGETS: PLATFORM_TARGETS.join(','),
      CERTPLANE_DNS_CHECK_INTERVAL: '3600', // the check job looks once when a domain is added, then hourly
    }, nodeArgs);
    const url = server.url;
    const { token } = await createOrg(infra.databaseUrl, 'check-domain-bench');
    await gql(url, token, 'mutation { createApp(name: "web") { id } }');
    await db.connect();

    // The first warm-up name tells the ownership values (one per organization and app) before the zones exist.
    const warm = benchDomains(warmups, 'w');
    const domains = benchDomains(n);
    const add = async (d: BenchDomain) => {
      const { addDomain } = await gql(url, token, ADD_QUERY, { h: d.host });
      d.id = addDomain.id;
      d.ownership = addDomain.dnsRequirements.ownership;
    };
    await add(warm[0]);
    const probe = warm[0].ownership!;
    const label = probe.name.slice(0, -warm[0].host.length - 1);
    const ownershipOf = (host: string): Ownership => ({ name: `${label}.${host}`, orgValue: probe.orgValue, appValue: probe.appValue });
    await createZones(pdns, [...warm, ...domains], ownershipOf);
    note(`adding ${warm.length - 1 + n} domains (Let's Encrypt off)`);
    await pool([...warm.slice(1), ...domains], 10, add);
    if (domains.some((d) => d.ownership!.name !== ownershipOf(d.host).name)) throw new Error('ownership record names differ from the first domain');
    if (role === 'all') await drainJobs(db);

    const last = new Map<string, number>();
    /** Waits until every domain's last fresh check is more than 5 s old (its next one is fresh again). */
    const waitFresh = async (ds: BenchDomain[]) => {
      const ready = Math.max(0, ...ds.map((d) => last.get(d.id!) ?? 0)) + FRESH_AFTER_MS;
      if (ready > wall()) await sleep(ready - wall());
    };
    const check = async (d: BenchDomain): Promise<Call> => {
      const sent = wall();
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: CHECK_QUERY, variables: { id: d.id } }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await res.json()) as { data?: { checkDomain: any }; errors?: unknown[] };
        const ms = performance.now() - t0;
        if (body.errors?.length || !body.data) return { d, sent, ms, error: JSON.stringify(body.errors).slice(0, 300) };
        const c = body.data.checkDomain;
        if (!c.cached) last.set(d.id!, wall());
        return { d, sent, ms, cached: c.cached, checkedAt: Date.parse(c.checkedAt), verdict: verdictOf(c) };
      } catch (err) {
        return { d, sent, ms: performance.now() - t0, error: String(err) };
      }
    };
    /** Runs `fn` and reports the CPU of this bench's processes, and of the rest of the machine, over it. */
    const withCpu = async <T>(fn: () => Promise<T>) => {
      const [cpu0, busy0] = [await cpuByCommand(), await machineBusyS()];
      const result = await fn();
      const [cpu, busy] = [cpuDelta(cpu0, await cpuByCommand()), (await machineBusyS()) - busy0];
      return { result, cpu, othersS: Math.max(0, busy - Object.values(cpu).reduce((a, b) => a + b, 0)) };
    };
    const addCpu = (a: Record<string, number>, b: Record<string, number>) => {
      for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
      return a;
    };
    const row = (name: string, c: number, ms: number[], wallMs: number, cpu: Record<string, number>, othersS: number, more: Row = {}): Row => {
      const per = (k: string) => r2(((cpu[k] ?? 0) * 1000) / Math.max(1, ms.length));
      return {
        case: name,
        concurrency: c,
        checks: ms.length,
        'checks/s': r1((ms.length * 1000) / wallMs),
        'p50 ms': r1(percentile(ms, 50)),
        'p95 ms': r1(percentile(ms, 95)),
        'p99 ms': r1(percentile(ms, 99)),
        'max ms': r1(Math.max(...ms)),
        'mean ms': r1(mean(ms)),
        ...more,
        'server CPU ms/check': per('node'),
        'postgres CPU ms/check': per('postgres'),
        'pdns CPU ms/check': per('pdns_server'),
        'bench CPU ms/check': per('bench (self)'),
        'CPU s (others)': r1(othersS),
      };
    };
    // A fresh pass must get no cached answer, a cached pass nothing else; every verdict must be its shape's.
    const problems = (calls: Call[]) => ({
      errors: calls.filter((c) => c.error).length,
      'cached answers': `${calls.filter((c) => c.cached).length}/${calls.length}`,
      'unexpected verdicts': calls.filter((c) => c.verdict && !sameVerdict(c.verdict, c.d.shape.expect)).length,
    });

    // Warm-up, untimed: every domain's first check (it moves the ownership domains on), and the bare loop.
    note('warm-up: a first check of every domain, and the bare loop on the warm-up names');
    const first = await pool([...warm, ...domains], Math.max(...levels), check);
    const firstErrors = first.filter((c) => c.error);
    if (firstErrors.length) throw new Error(`${firstErrors.length} first checks failed, e.g. ${firstErrors[0].error}`);
    await runPeer(warm, Math.max(...levels), dnsAt);

    const fresh = new Map<number, Call[]>();
    const peers = new Map<number, PeerRun>();
    for (const c of levels) {
      await waitFresh(domains);
      note(`fresh checks, concurrency ${c}`);
      const t0 = performance.now();
      const m = await withCpu(() => pool(domains, c, check));
      const wallMs = performance.now() - t0;
      fresh.set(c, m.result);
      const ok = m.result.filter((x) => !x.error);
      rows.push(row('certplane: checkDomain, fresh', c, ok.map((x) => x.ms), wallMs, m.cpu, m.othersS, problems(m.result)));
      note(`  -> p50 ${rows.at(-1)!['p50 ms']} ms, p99 ${rows.at(-1)!['p99 ms']} ms`);

      note(`bare loop, concurrency ${c}`);
      const p = await withCpu(() => runPeer(domains, c, dnsAt));
      peers.set(c, p.result);
      const wrong = p.result.checks.filter((x, i) => !sameVerdict(x.verdict, domains[i].shape.expect)).length;
      rows.push(
        row('bare loop: diagnoseDomain + createDnsClient', c, p.result.checks.map((x) => x.ms), p.result.wallMs, p.cpu, p.othersS, {
          errors: 0,
          'cached answers': '-',
          'unexpected verdicts': wrong,
        }),
      );
      note(`  -> p50 ${rows.at(-1)!['p50 ms']} ms, p99 ${rows.at(-1)!['p99 ms']} ms`);
    }

    for (const c of levels) {
      note(`cached answers, concurrency ${c} (chunks of ${CACHED_CHUNK}: a fresh check, then the timed second call)`);
      const calls: Call[] = [];
      const cpu: Record<string, number> = {};
      let othersS = 0;
      let wallMs = 0;
      for (let i = 0; i < domains.length; i += CACHED_CHUNK) {
        const chunk = domains.slice(i, i + CACHED_CHUNK);
        await waitFresh(chunk);
        await pool(chunk, Math.max(...levels), check);
        const t0 = performance.now();
        const m = await withCpu(() => pool(chunk, c, check));
        wallMs += performance.now() - t0;
        calls.push(...m.result);
        addCpu(cpu, m.cpu);
        othersS += m.othersS;
      }
      const ok = calls.filter((x) => !x.error);
      rows.push(row('certplane: checkDomain, cached (second call within 5 s)', c, ok.map((x) => x.ms), wallMs, cpu, othersS, problems(calls)));
      note(`  -> p50 ${rows.at(-1)!['p50 ms']} ms, p99 ${rows.at(-1)!['p99 ms']} ms`);
    }

    tables['checkDomain through GraphQL, and the bare loop'] = rows;
    tables['certplane against the bare loop (fresh checks)'] = levels.map((c) => {
      const cp = rows.find((r) => r.concurrency === c && String(r.case).includes('fresh'))!;
      const bare = rows.find((r) => r.concurrency === c && String(r.case).startsWith('bare'))!;
      const q = peers.get(c)!.queryMs;
      return {
        concurrency: c,
        'certplane p50 ms': cp['p50 ms'],
        'certplane p99 ms': cp['p99 ms'],
        'bare p50 ms': bare['p50 ms'],
        'bare p99 ms': bare['p99 ms'],
        'p99 ratio': r2(Number(cp['p99 ms']) / Number(bare['p99 ms'])),
        'p50 ratio': r2(Number(cp['p50 ms']) / Number(bare['p50 ms'])),
        'mean difference ms': r1(Number(cp['mean ms']) - Number(bare['mean ms'])),
        'DNS queries/check': r1(mean(peers.get(c)!.checks.map((x) => x.queries))),
        'one query p50 ms': r2(percentile(q, 50)),
        'one query p99 ms': r2(percentile(q, 99)),
      };
    });
    tables['where a fresh check spends its time (ms: mean / p50 / p99)'] = await breakdown(db, fresh, peers);
    tables[`shapes (concurrency ${levels[0]})`] = shapeRows(fresh.get(levels[0])!, peers.get(levels[0])!, domains);
    tables.targets = levels.map((c) => {
      const p99 = Number(rows.find((r) => r.concurrency === c && String(r.case).includes('fresh'))!['p99 ms']);
      return { target: `checkDomain p99 < 300 ms, fresh lookups, concurrency ${c}`, measured: p99, met: p99 < 300 ? 'yes' : 'NO' };
    });
    extra.serverMemoryMb = await server.memory();
    extra.errorSamples = [...fresh.values()].flat().filter((c) => c.error).slice(0, 5).map((c) => c.error);
  } finally {
    await db.end().catch(() => undefined);
    await server?.stop();
    await pdns?.stop().catch(() => undefined);
    await infra.stop();
  }
  const shapes = SHAPES.map((s) => ({ shape: s.name, zone: s.zone, dns: s.dns, expect: s.expect }));
  await writeResult('check-domain', { n, warmups, concurrency: levels, role, platformTargets: PLATFORM_TARGETS, shapes }, tables, extra);
}

/** Waits until the check jobs queued by addDomain have run (each looks once, then waits an hour). */
async function drainJobs(db: pg.Client): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where run_at <= now()`);
    if (rows[0].n === 0) return;
    if (Date.now() > until) throw new Error(`${rows[0].n} jobs still runnable after 180 s`);
    await sleep(250);
  }
}

/**
 * Splits each fresh check at its checkedAt (ctx.now() after the domain is read, before the rate-limit
 * claim and the lookup) and at the insert of its `checked` event (clock_timestamp(), inside the write
 * transaction, after the lookup). Same machine clock; checkedAt has millisecond resolution.
 */
async function breakdown(db: pg.Client, fresh: Map<number, Call[]>, peers: Map<number, PeerRun>): Promise<Row[]> {
  const out: Row[] = [];
  const stat = (v: number[]) => `${r1(mean(v))} / ${r1(percentile(v, 50))} / ${r1(percentile(v, 99))}`;
  for (const [c, calls] of fresh) {
    const ok = calls.filter((x) => !x.error && x.checkedAt !== undefined);
    const { rows } = await db.query<{ id: string; t: string }>(
      `select domain_id::text as id, extract(epoch from created_at) * 1000 as t from domain_events where type = 'checked' and domain_id = any($1::uuid[]) and created_at >= to_timestamp($2 / 1000.0)`,
      [ok.map((x) => x.d.id), Math.min(...ok.map((x) => x.sent))],
    );
    const events = new Map<string, number[]>();
    for (const r of rows) events.set(r.id, [...(events.get(r.id) ?? []), Number(r.t)]);
    const before: number[] = [];
    const middle: number[] = [];
    const after: number[] = [];
    for (const x of ok) {
      const t = events.get(x.d.id!)?.find((e) => e >= x.sent && e <= x.sent + x.ms);
      if (t === undefined) continue;
      before.push(x.checkedAt! - x.sent);
      middle.push(t - x.checkedAt!);
      after.push(x.sent + x.ms - t);
    }
    const bare = peers.get(c)!.checks.map((x) => x.ms);
    out.push(
      { concurrency: c, part: 'request in, token, GraphQL parse and validate, domain read (send -> checkedAt)', ms: stat(before), checks: before.length },
      { concurrency: c, part: 'rate-limit claim (UPDATE), DNS lookup, BEGIN, domain read, last_check UPDATE (checkedAt -> checked event)', ms: stat(middle), checks: middle.length },
      { concurrency: c, part: '  of which the same DNS questions, in the bare loop', ms: stat(bare), checks: bare.length },
      { concurrency: c, part: 'event, domain UPDATE and status, COMMIT (fsync), `domain` field read, response (checked event -> received)', ms: stat(after), checks: after.length },
    );
  }
  return out;
}

/** Latency and findings per shape of DNS: what certplane found, and whether the bare loop found the same. */
function shapeRows(calls: Call[], peer: PeerRun, domains: BenchDomain[]): Row[] {
  return SHAPES.map((s) => {
    const mine = calls.filter((c) => c.d.shape === s && !c.error);
    const idx = domains.map((d, i) => (d.shape === s ? i : -1)).filter((i) => i >= 0);
    const found = [...new Set(mine.map((c) => `${c.verdict!.dnsConfigured ? 'points here' : 'not here'}${c.verdict!.ownershipTxtConfigured ? ', owned' : ''}; ${c.verdict!.codes.join(', ') || 'no errors'}`))];
    return {
      shape: s.name,
      dns: s.dns,
      domains: mine.length,
      'certplane p50 ms': r1(percentile(mine.map((c) => c.ms), 50)),
      'certplane p99 ms': r1(percentile(mine.map((c) => c.ms), 99)),
      'bare p50 ms': r1(percentile(idx.map((i) => peer.checks[i].ms), 50)),
      'DNS queries/check': r1(mean(idx.map((i) => peer.checks[i].queries))),
      found: found.join(' | '),
      'same as bare': `${mine.filter((c) => sameVerdict(c.verdict!, peer.checks[domains.indexOf(c.d)].verdict)).length}/${mine.length}`,
    };
  });
}
