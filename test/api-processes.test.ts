import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from './helpers/app.js';
import { createTestDatabase } from './helpers/postgres.js';
import { processesWithEnv, serverSideOwner } from './helpers/socket-owner.js';
import { waitUntil } from './helpers/wait.js';

// `certplane api` with CERTPLANE_API_PROCESSES=2, as an operator runs it (TypeScript through tsx), on a
// new database: the main process migrates and prints the first token, two forked workers serve HTTP.
let child: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let stdout = '';
let stderr = '';
let databaseUrl: string;
let url: string;
let port: number;
let token: string;
let victim: number | undefined;

type LogLine = { msg: string; pid: number; proc?: string; url?: string; [k: string]: unknown };
const logLines = (): LogLine[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
const workerPids = () => logLines().filter((l) => l.msg === 'HTTP worker listening').map((l) => l.pid);

beforeAll(async () => {
  databaseUrl = await createTestDatabase('cluster');
  const root = path.resolve(import.meta.dirname, '..');
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts'), 'api'], {
    cwd: root,
    // NODE_ENV as in production (vitest sets `test`, which turns some of Apollo's behaviour off).
    env: { ...process.env, ...testEnv(databaseUrl, { CERTPLANE_API_PROCESSES: '2' }), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = await Promise.race([
    waitUntil(async () => logLines().find((l) => l.msg === 'GraphQL API listening'), 60_000, `"GraphQL API listening" in:\n${stderr}`),
    exited.then((e) => Promise.reject(new Error(`exited (${e.code ?? e.signal}):\n${stderr}`))),
  ]);
  url = listening.url!.replace(/\/graphql$/, '');
  port = Number(new URL(url).port);
  token = await waitUntil(async () => /\n {2}(cpt_\S+)\n/.exec(stdout)?.[1], 5_000, 'the first token on stdout');
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    for (const pid of workerPids()) process.kill(pid, 'SIGKILL');
  }
});

/** One keep-alive connection; `post` reports which process served it. */
function connection() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    async post(query: string, variables?: Record<string, unknown>): Promise<{ body: any; servedBy: number | undefined }> {
      let socket: Socket | undefined;
      const body = await new Promise<any>((resolve, reject) => {
        const req = http.request(`${url}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
          let data = '';
          res.on('data', (c: Buffer) => (data += c.toString()));
          res.on('end', () => resolve(JSON.parse(data)));
        });
        req.on('socket', (s) => (socket = s));
        req.on('error', reject);
        req.end(JSON.stringify({ query, variables }));
      });
      return { body, servedBy: await serverSideOwner(port, socket!.localPort!, workerPids()) };
    },
    close: () => agent.destroy(),
  };
}

describe('CERTPLANE_API_PROCESSES=2', () => {
  it('starts two HTTP workers besides the main process, which alone prints the first token', () => {
    const primary = logLines().find((l) => l.msg === 'GraphQL API listening')!;
    expect(primary).toMatchObject({ pid: child.pid, proc: 'primary', processes: 2 });
    expect(new Set(workerPids()).size).toBe(2);
    expect(workerPids()).not.toContain(child.pid);
    for (const l of logLines().filter((x) => x.msg === 'HTTP worker listening')) expect(l.url).toBe(`${url}/graphql`);
    // Once: the organization's admin token and the platform-operator credential, each shown a single time.
    expect(stdout.match(/Its admin API token, shown only this once/g)).toHaveLength(1);
    expect(stdout.match(/cpt_[A-Za-z0-9_-]+/g)).toHaveLength(2); // the token, and again in the playground header line
    expect(stdout.match(/cpo_[A-Za-z0-9_-]+/g)).toHaveLength(1);
  });

  it('serves connections from both workers', async () => {
    const servedBy: Array<number | undefined> = [];
    for (let i = 0; i < 6; i++) {
      const c = connection();
      const r = await c.post('{ certificates(first: 1) { totalCount } }');
      expect(r.body.errors).toBeUndefined();
      servedBy.push(r.servedBy);
      c.close();
    }
    expect(servedBy.every((p) => p !== undefined), JSON.stringify(servedBy)).toBe(true);
    expect(new Set(servedBy)).toEqual(new Set(workerPids()));
  });

  it('delivers an event to a subscriber on one worker when a mutation on the other worker causes it', async () => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: any[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
    const wsSocket = new Promise<Socket>((resolve, reject) => (ws.once('upgrade', (res) => resolve(res.socket as Socket)), ws.once('error', reject)));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
    await waitUntil(async () => messages.some((m) => m.type === 'connection_ack'), 5_000, 'connection_ack');
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { domainStatusChanged { hostname status } }' } }));
    const subscriberPid = await serverSideOwner(port, (await wsSocket).localPort!, workerPids());
    expect(subscriberPid).toBeDefined();
    await new Promise((r) => setTimeout(r, 300)); // the server registers the subscription asynchronously

    // A connection served by the other worker (connections are handed out round-robin).
    let other: ReturnType<typeof connection> | undefined;
    for (let i = 0; i < 6 && !other; i++) {
      const c = connection();
      if ((await c.post('{ __typename }')).servedBy !== subscriberPid) other = c;
      else c.close();
    }
    expect(other, 'no connection was served by the other worker').toBeDefined();
    const hostname = `www.${randomBytes(4).toString('hex')}.test`;
    expect((await other!.post('mutation { createApp(name: "cluster") { id } }')).body.errors).toBeUndefined();
    const added = await other!.post('mutation($h: String!) { addDomain(input: { app: "cluster", hostname: $h, letsencryptEnabled: false }) { id } }', { h: hostname });
    expect(added.body.errors).toBeUndefined();
    expect(added.servedBy).toBeDefined();
    expect(added.servedBy).not.toBe(subscriberPid);
    other!.close();

    const event = await waitUntil(async () => messages.find((m) => m.type === 'next' && m.payload.data?.domainStatusChanged?.hostname === hostname), 10_000, 'the event');
    expect(event.payload.data.domainStatusChanged.status).toBe('PENDING_DNS');
    ws.close();
  });

  it('forks a new worker on the same port when one dies', async () => {
    victim = workerPids()[0];
    process.kill(victim, 'SIGKILL');
    await waitUntil(async () => workerPids().length === 3, 30_000, `a third "HTTP worker listening" in:\n${stderr}`);
    expect(logLines().find((l) => l.msg === 'HTTP worker exited unexpectedly; forking a new one')).toMatchObject({ workerPid: victim, signal: 'SIGKILL' });
    expect(logLines().filter((l) => l.msg === 'HTTP worker listening').at(-1)!.url).toBe(`${url}/graphql`);
    const c = connection();
    expect((await c.post('{ certificates(first: 1) { totalCount } }')).body.errors).toBeUndefined();
    c.close();
  });

  it('stops every process on SIGTERM to the main process', async () => {
    const running = workerPids().filter((p) => p !== victim);
    const certplane = async () => (await processesWithEnv(databaseUrl)).filter((p) => p.cmdline.includes('main.ts')).map((p) => p.pid);
    expect((await certplane()).sort()).toEqual([child.pid!, ...running].sort());
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await certplane()).toEqual([]);
    // Nothing started with this environment is left either (tsx's esbuild service ends with its parent).
    await waitUntil(async () => (await processesWithEnv(databaseUrl)).length === 0, 5_000, 'no process left');
    const stopping = logLines().filter((l) => l.msg === 'shutting down');
    expect(stopping.map((l) => l.pid).sort()).toEqual([child.pid!, ...running].sort());
    // Each worker stopped by itself, in time (exit code 1 = its 15 s shutdown timeout).
    const stopped = logLines().filter((l) => l.msg === 'HTTP worker stopped');
    expect(stopped.map((l) => [l.workerPid, l.code, l.signal]).sort()).toEqual(running.map((p) => [p, 0, null]).sort());
  });
});
