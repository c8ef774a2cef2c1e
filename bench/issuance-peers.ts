/**
 * What a user would pick instead of certplane, against the same Pebble and PowerDNS:
 * Debian's `lego` CLI (sequential as scripts run it, and N processes in parallel), and a bare
 * acme-client loop with certplane's concurrency and no database (the practical limit).
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import acme from 'acme-client';
import { generatePrivateKey } from '../server/src/certificates/keys.js';
import type { KeyType } from '../server/src/certificates/status.js';
import { configureAcmeHttps, signWithParsedKey } from '../server/src/acme/account.js';
import { reuseNonces } from '../server/src/acme/nonces.js';
import { createDnsProvider } from '../server/src/dns/registry.js';
import type { Infra } from './lib/infra.js';
import { pool } from './lib/infra.js';
import { note } from './lib/report.js';

export interface PeerRun {
  /**
   * Time to issued as a user feels it, per certificate issued: ms from the run's start (when every
   * name was wanted at once) to issued, queueing included.
   */
  times: number[];
  /** Retries the tool made, by kind of error (certplane: its `retry` events' reasons). */
  retries: Record<string, number>;
  issued: number;
  failed: number;
  wallMs: number;
  /** Set when the time cap stopped the run before every name was tried. */
  capped?: boolean;
  errors: string[];
}

const LEGO_KEY: Record<string, string> = { RSA_2048: 'rsa2048', ECDSA_P256: 'ec256' };

function legoOnce(infra: Infra, lane: string, name: string, keyType: KeyType, timeoutMs: number): Promise<{ ok: boolean; ms: number; out: string }> {
  const t0 = performance.now();
  const args = [
    '--path', lane,
    '--server', infra.pebble!.directoryUrl,
    '--accept-tos', '--email', 'bench@example.com',
    '--dns', 'pdns',
    '--dns.resolvers', infra.pdns!.dnsAddress,
    // lego asks authoritative servers on port 53 only; PowerDNS listens elsewhere. With this flag lego
    // still asks the resolver (PowerDNS itself) once before telling the CA to validate.
    '--dns.disable-cp',
    '--key-type', LEGO_KEY[keyType],
    '-d', name,
    'run',
  ];
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/lego', args, {
      env: {
        ...process.env,
        PDNS_API_URL: infra.pdns!.apiUrl,
        PDNS_API_KEY: infra.pdns!.apiKey,
        PDNS_PROPAGATION_TIMEOUT: '30',
        PDNS_POLLING_INTERVAL: '1',
        LEGO_CA_CERTIFICATES: infra.pebble!.tlsCaPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ ok: code === 0, ms: performance.now() - t0, out });
    });
  });
}

/** `lego run` once per name, `parallel` processes at a time, each lane with its own account folder. */
export async function runLego(infra: Infra, names: string[], keyType: KeyType, parallel: number, capMs: number): Promise<PeerRun> {
  const base = path.join(infra.dir, `lego-${keyType}-${parallel}`);
  await mkdir(base, { recursive: true });
  const run: PeerRun = { times: [], issued: 0, failed: 0, wallMs: 0, errors: [], retries: {} };
  const t0 = performance.now();
  const deadline = Date.now() + capMs;
  let lane = 0;
  const lanes = new Map<number, string>();
  await pool(names, parallel, async (name) => {
    if (Date.now() > deadline) return void (run.capped = true);
    // A lane is a sequential script: it registers an account on its first run, then reuses it.
    const id = lane++ % parallel;
    if (!lanes.has(id)) lanes.set(id, path.join(base, `lane-${id}`));
    const r = await legoOnce(infra, lanes.get(id)!, name, keyType, 120_000);
    if (r.ok) (run.issued++, run.times.push(performance.now() - t0));
    else {
      run.failed++;
      if (run.errors.length < 3) run.errors.push(r.out.split('\n').filter(Boolean).slice(-3).join(' | '));
    }
  });
  run.wallMs = performance.now() - t0;
  if (run.errors.length) note(`lego errors: ${run.errors.join('\n')}`);
  return run;
}

/** PowerDNS's sqlite backend answers 500 "database is locked" when writes meet: retry soon (20-100 ms), counted. */
async function retrying(run: PeerRun, fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 20) throw err;
      run.retries.dns_provider = (run.retries.dns_provider ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
}

/** Per-certificate phase durations of the bare loop, summed over all certificates (ms). */
export type BarePhases = Record<'key' | 'order' | 'dnsPublish' | 'validate' | 'finalize' | 'cleanup', number>;

/** The practical limit: acme-client's building blocks in a loop, `concurrency` at a time, nothing stored. */
export async function runBareLoop(infra: Infra, names: string[], keyType: KeyType, concurrency: number): Promise<PeerRun & { phases: BarePhases }> {
  configureAcmeHttps(infra.pebble!.tlsCaPath);
  const dns = createDnsProvider({ provider: 'powerdns', powerdns: { apiUrl: infra.pdns!.apiUrl, apiKey: infra.pdns!.apiKey, serverId: 'localhost' } })!;
  // certplane's ACME HTTP layer (kept-alive TLS, nonces reused, the account key parsed once), so the
  // difference is the database and queue.
  const accountKey = await generatePrivateKey('ECDSA_P256');
  const client = reuseNonces(
    signWithParsedKey(
      new acme.Client({
        directoryUrl: infra.pebble!.directoryUrl,
        accountKey,
        backoffMin: 500, // as certplane's client (server/src/acme/account.ts)
        backoffMax: 5000,
        backoffAttempts: 10,
      }),
      accountKey,
    ),
    infra.pebble!.directoryUrl,
  );
  await client.createAccount({ termsOfServiceAgreed: true });
  const phases: BarePhases = { key: 0, order: 0, dnsPublish: 0, validate: 0, finalize: 0, cleanup: 0 };
  const run: PeerRun = { times: [], issued: 0, failed: 0, wallMs: 0, errors: [], retries: {} };
  const t0 = performance.now();
  await pool(names, concurrency, async (name) => {
    const start = performance.now();
    let mark = start;
    const lap = (k: keyof BarePhases) => {
      const now = performance.now();
      phases[k] += now - mark;
      mark = now;
    };
    try {
      const keyPem = await generatePrivateKey(keyType);
      lap('key');
      const order = await client.createOrder({ identifiers: [{ type: 'dns', value: name }] });
      const [authz] = await client.getAuthorizations(order);
      const challenge = authz.challenges.find((c) => c.type === 'dns-01')!;
      const value = await client.getChallengeKeyAuthorization(challenge);
      lap('order');
      await retrying(run, () => dns.present(`_acme-challenge.${name}`, value));
      lap('dnsPublish');
      await client.completeChallenge(challenge);
      await client.waitForValidStatus(challenge);
      lap('validate');
      const [, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] }, keyPem);
      const finalized = await client.finalizeOrder(order, csr);
      const valid = await client.waitForValidStatus(finalized);
      await client.getCertificate(valid);
      lap('finalize');
      run.times.push(performance.now() - t0);
      run.issued++;
      await retrying(run, () => dns.cleanUp(`_acme-challenge.${name}`, value));
      lap('cleanup');
    } catch (err) {
      run.failed++;
      if (run.errors.length < 3) run.errors.push(String((err as Error).message ?? err));
    }
  });
  run.wallMs = performance.now() - t0;
  if (run.errors.length) note(`bare loop errors: ${run.errors.join('\n')}`);
  return { ...run, phases };
}
