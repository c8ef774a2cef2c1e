import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import forge from 'node-forge';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { killOnExit } from './kill-on-exit.js';

const PEBBLE_BINARY = '/usr/bin/pebble';

/** Pebble refuses orders for names under this domain (`domainBlocklist`). */
export const BLOCKED_SUFFIX = 'blocked-by-ca.test';

export interface PebbleHandle {
  /** https://127.0.0.1:PORT/dir */
  directoryUrl: string;
  /** https://127.0.0.1:MGMTPORT (roots, intermediates). */
  managementUrl: string;
  /** PEM of the CA that signed Pebble's own HTTPS certificate; clients trust it. */
  tlsCaPath: string;
  /** The issuing root (GET managementUrl/roots/0); Pebble makes a new one on every start. */
  rootPem(): Promise<string>;
  stop(): Promise<void>;
}

export interface StartPebbleOptions {
  /** Working folder (TLS files, config, pebble.log); emptied first. */
  dir: string;
  /** 'ip:port' Pebble's validation authority asks for DNS-01 TXT records. */
  dnsServer: string;
}

interface Issued {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

/** An RSA key made by node:crypto, in both PEM (PKCS#8) and node-forge form. */
function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { keyPem, key: forge.pki.privateKeyFromPem(keyPem), pub: forge.pki.publicKeyFromPem(pubPem) };
}

function certificate(
  subjectCn: string,
  issuer: Issued | null,
  extensions: object[],
): Issued {
  const { keyPem, key, pub } = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : [{ name: 'commonName', value: subjectCn }]);
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem, cert, key };
}

/** A throw-away CA and a server certificate for 127.0.0.1 and localhost, for Pebble's HTTPS listeners. */
export function createTlsFiles(): { caPem: string; certPem: string; keyPem: string } {
  const ca = certificate('certplane test TLS CA', null, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const server = certificate('127.0.0.1', ca, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  return { caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
}

function httpsGet(url: string, ca: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)));
    req.on('error', reject);
  });
}

async function waitForDirectory(url: string, ca: string, child: ChildProcess, deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`pebble exited (${child.exitCode ?? child.signalCode})`);
    const res = await httpsGet(url, ca, 1000).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Pebble directory did not answer within ${deadlineMs} ms`);
}

/**
 * Starts Pebble (a test ACME CA) on free loopback ports, validating DNS-01 against `dnsServer`.
 * Pebble ships no usable TLS files, so a fresh CA and server certificate are made here.
 */
export async function startPebble(opts: StartPebbleOptions): Promise<PebbleHandle> {
  const dir = path.resolve(opts.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const tls = createTlsFiles();
  const tlsCaPath = path.join(dir, 'tls-ca.pem');
  await writeFile(tlsCaPath, tls.caPem);
  await writeFile(path.join(dir, 'tls-cert.pem'), tls.certPem);
  await writeFile(path.join(dir, 'tls-key.pem'), tls.keyPem, { mode: 0o600 });
  const logFile = path.join(dir, 'pebble.log');
  const log = createWriteStream(logFile, { flags: 'a' });

  for (let attempt = 1; ; attempt++) {
    const [port, mgmtPort, httpPort, tlsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const config = {
      pebble: {
        listenAddress: `127.0.0.1:${port}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: path.join(dir, 'tls-cert.pem'),
        privateKey: path.join(dir, 'tls-key.pem'),
        // Only DNS-01 is used; these ports just must not clash with anything.
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
        // Names under this suffix are refused by the CA: the tests' "CA rejects" path.
        domainBlocklist: [BLOCKED_SUFFIX],
      },
    };
    const configPath = path.join(dir, 'pebble-config.json');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    const child = spawn(PEBBLE_BINARY, ['-config', configPath, '-dnsserver', opts.dnsServer], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_AUTHZREUSE: '0', PEBBLE_WFE_NONCEREJECT: '0' },
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    killOnExit(child);
    const directoryUrl = `https://127.0.0.1:${port}/dir`;
    const managementUrl = `https://127.0.0.1:${mgmtPort}`;
    try {
      await waitForDirectory(directoryUrl, tls.caPem, child, 15_000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      await new Promise((r) => setTimeout(r, 100));
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
      throw new Error(`Pebble did not start: ${(err as Error).message}\n--- ${logFile} ---\n${tail}`);
    }
    return {
      directoryUrl,
      managementUrl,
      tlsCaPath,
      async rootPem() {
        const res = await httpsGet(`${managementUrl}/roots/0`, tls.caPem, 5000);
        if (res.status !== 200) throw new Error(`Pebble roots/0: HTTP ${res.status} ${res.body}`);
        return res.body;
      },
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        log.end();
      },
    };
  }
}
