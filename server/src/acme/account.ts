import { createPrivateKey, randomUUID } from 'node:crypto';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import acme from 'acme-client';
import type { DataSource } from 'typeorm';
import { AcmeAccountRow } from '../db/entities.js';
import type { SecretBox } from '../security/secret-box.js';
import { generatePrivateKey } from '../certificates/keys.js';
import { reuseNonces } from './nonces.js';
import { installAcmeErrors, rememberDirectory } from './problems.js';
import { instrumentAcmeRequests } from '../metrics/acme-metrics.js';

export interface AcmeClientOptions {
  /** Lowest wait between acme-client's internal polls (its default 5 s is far too slow against Pebble). */
  backoffMinMs?: number;
}

/**
 * acme-client's HTTPS agent, process-wide: connections kept alive (an order is a dozen requests to one
 * CA; a TLS handshake each would cost more than the requests), plus extra trusted roots for the
 * directory's HTTPS when given (Pebble, private CAs).
 */
export function configureAcmeHttps(extraCaPath: string | undefined): void {
  // Counted at the HTTP layer, under the typed errors: each request once, with its real status.
  instrumentAcmeRequests();
  installAcmeErrors();
  acme.axios.defaults.httpsAgent = new https.Agent({
    keepAlive: true,
    // One secure context, built once: a `ca` list instead would re-parse ~140 roots on every new
    // connection (measured: 60% of the control plane's CPU while issuing).
    ...(extraCaPath ? { secureContext: createSecureContext({ ca: [...rootCertificates, readFileSync(extraCaPath, 'utf8')] }) } : {}),
  });
}

/**
 * Makes `client` sign with the account key parsed once. acme-client hands Node the PEM on every
 * signature, which OpenSSL then parses again: 0.9 ms per signature for a P-256 key on the benchmark
 * machine, against 45 µs with a parsed key, and an order is about a dozen signed requests. acme-client
 * 5 keeps the key on its HTTP layer (`http.accountKey`) and passes it to `crypto.sign` and
 * `crypto.createPublicKey`, which take a KeyObject as well; another version is left as it is.
 */
export function signWithParsedKey(client: acme.Client, accountKeyPem: string | Buffer): acme.Client {
  const http = (client as unknown as { http?: { accountKey?: unknown } }).http;
  if (http && Buffer.isBuffer(http.accountKey)) http.accountKey = createPrivateKey(accountKeyPem);
  return client;
}

/** No ACME request may hang a worker slot: each HTTP call gives up after this long (and is retried). */
acme.axios.defaults.timeout = 30_000;

const clients = new Map<string, Promise<acme.Client>>();

/**
 * The organization's ACME client for a directory: one account per (organization, directory),
 * its key encrypted at rest, registered once and reused (new orders never register again).
 */
export function getAcmeClient(
  db: DataSource,
  box: SecretBox,
  organizationId: string,
  directoryUrl: string,
  email: string | undefined,
  opts: AcmeClientOptions = {},
): Promise<acme.Client> {
  rememberDirectory(directoryUrl);
  const cacheKey = `${organizationId} ${directoryUrl}`;
  let p = clients.get(cacheKey);
  if (!p) {
    p = loadOrRegister(db, box, organizationId, directoryUrl, email, opts);
    clients.set(cacheKey, p);
    p.catch(() => clients.delete(cacheKey));
  }
  return p;
}

async function loadOrRegister(
  db: DataSource,
  box: SecretBox,
  organizationId: string,
  directoryUrl: string,
  email: string | undefined,
  opts: AcmeClientOptions,
): Promise<acme.Client> {
  const repo = db.getRepository(AcmeAccountRow);
  let row = await repo.findOne({ where: { organizationId, directoryUrl } });
  if (!row) {
    // One insert with the sealed key: a crash can leave no half-made account. Racing workers keep the first.
    const id = randomUUID();
    const keyPem = await generatePrivateKey('ECDSA_P256');
    await db.query(
      `insert into acme_accounts (id, organization_id, directory_url, account_key, email)
       values ($1, $2, $3, $4, $5) on conflict (organization_id, directory_url) do nothing`,
      [id, organizationId, directoryUrl, box.seal(keyPem, `acme-account:${id}`), email ?? null],
    );
    row = await repo.findOneOrFail({ where: { organizationId, directoryUrl } });
  }
  const accountKey = box.open(row.accountKey, `acme-account:${row.id}`);
  const client = reuseNonces(
    signWithParsedKey(
      new acme.Client({
        directoryUrl,
        accountKey,
        accountUrl: row.accountUrl ?? undefined,
        backoffMin: opts.backoffMinMs ?? 500,
        backoffMax: 5000,
        backoffAttempts: 5,
      }),
      accountKey,
    ),
    directoryUrl,
  );
  if (!row.accountUrl) {
    try {
      await client.createAccount({ termsOfServiceAgreed: true, contact: email ? [`mailto:${email}`] : undefined });
    } catch (err) {
      // The CA already knows this key (we registered, then crashed before saving the URL): acme-client
      // then sends an empty account update, which some CAs refuse; the account URL is known all the same.
      if (!hasAccountUrl(client)) throw err;
    }
    await repo.update({ id: row.id }, { accountUrl: client.getAccountUrl() });
  }
  return client;
}

function hasAccountUrl(client: acme.Client): boolean {
  try {
    return Boolean(client.getAccountUrl());
  } catch {
    return false;
  }
}

/**
 * Drops the organization's account for a directory after the CA said it no longer knows it
 * (`accountDoesNotExist`): the next getAcmeClient registers a new one (new key). Only the account this
 * process used is dropped, so a process that learns it late does not drop the account another one has
 * just registered. Returns the dropped account's URL.
 */
export async function forgetAcmeAccount(db: DataSource, organizationId: string, directoryUrl: string): Promise<string | null> {
  const cacheKey = `${organizationId} ${directoryUrl}`;
  const cached = clients.get(cacheKey);
  clients.delete(cacheKey);
  const client = cached ? await cached.catch(() => null) : null;
  const used = client && hasAccountUrl(client) ? client.getAccountUrl() : null;
  const rows: Array<{ account_url: string | null }> = await db.query(
    `delete from acme_accounts where organization_id = $1 and directory_url = $2 and ($3::text is null or account_url = $3) returning account_url`,
    [organizationId, directoryUrl, used],
  );
  return rows[0]?.account_url ?? used;
}

/** Forget cached clients (tests, shutdown). */
export function clearAcmeClients(): void {
  clients.clear();
}
