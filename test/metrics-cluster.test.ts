import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from './helpers/app.js';
import { subscribe } from './helpers/graphql.js';
import { createTestDatabase } from './helpers/postgres.js';
import { waitUntil } from './helpers/wait.js';

// `certplane api` with CERTPLANE_API_PROCESSES=2 and a metrics listener, as an operator runs it: the
// primary serves /metrics for the whole cluster, adding up what each HTTP worker counted.
const TOKEN = 'cluster-metrics-token-0123456789';
let child: ChildProcess;
let stdout = '';
let stderr = '';
let metricsUrl: string;
let url: string;
let token: string;

type LogLine = { msg: string; pid: number; url?: string };
const logLines = (): LogLine[] => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);

beforeAll(async () => {
  const root = path.resolve(import.meta.dirname, '..');
  const env = testEnv(await createTestDatabase('metrics_cluster'), { CERTPLANE_API_PROCESSES: '2', CERTPLANE_METRICS_LISTEN: '127.0.0.1:0', CERTPLANE_METRICS_TOKEN: TOKEN });
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts'), 'api'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  process.once('exit', () => child.kill('SIGKILL'));
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const listening = await waitUntil(async () => logLines().find((l) => l.msg === 'GraphQL API listening'), 60_000, `"GraphQL API listening" in:\n${stderr}`);
  url = listening.url!.replace(/\/graphql$/, '');
  metricsUrl = logLines().find((l) => l.msg === 'metrics listening')!.url!;
  token = await waitUntil(async () => /\n {2}(cpt_\S+)\n/.exec(stdout)?.[1], 5_000, 'the first token on stdout');
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

const scrape = async () => (await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
const value = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);

describe('metrics of an API cluster', () => {
  it('has one metrics listener, the primary, which adds up its HTTP workers', async () => {
    expect(logLines().filter((l) => l.msg === 'metrics listening')).toHaveLength(1);
    const subs = [];
    // Connections are handed out round-robin: four subscriptions land on both workers.
    for (let i = 0; i < 4; i++) subs.push(await subscribe(url, token, 'subscription { certificateStatusChanged { id status } }'));
    const text = await waitUntil(async () => {
      const t = await scrape();
      return value(t, 'certplane_graphql_subscriptions_open') === 4 ? t : null;
    }, 10_000, '4 open subscriptions in /metrics');
    // Three processes' CPU, one series; and no database aggregates in an `api` process.
    expect(value(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).not.toContain('certificate_expiration_timestamp_seconds');
    for (const s of subs) s.close();
    await waitUntil(async () => value(await scrape(), 'certplane_graphql_subscriptions_open') === 0, 10_000, 'the subscriptions to close');
    expect((await fetch(metricsUrl)).status).toBe(401);
  }, 60_000);
});
