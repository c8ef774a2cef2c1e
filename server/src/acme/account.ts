import https from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import acme from 'acme-client';
import type { DataSource } from 'typeorm';
import { AcmeAccountRow } from '../db/entities.js';
import type { SecretBox } from '../security/secret-box.js';
import { generatePrivateKey } from '../certificates/keys.js';

export interface AcmeClientOptions {
  /** Lowest wait between acme-client's internal polls (its default 5 s is far too slow against Pebble). */
  backoffMinMs?: number;
}

/** Trust extra roots for the ACME directory's HTTPS (Pebble, private CAs); process-wide for acme-client. */
export function trustAcmeCaCerts(path: string | undefined): void {
  if (!path) return;
  acme.axios.defaults.httpsAgent = new https.Agent({ ca: [...rootCertificates, readFileSync(path, 'utf8')], keepAlive: true });
}

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
    const keyPem = await generatePrivateKey('ECDSA_P256');
    // Insert-or-keep: two workers racing end up with the same stored key.
    await db.query(
      `insert into acme_accounts (id, organization_id, directory_url, account_key, email)
       values (gen_random_uuid(), $1, $2, $3, $4) on conflict (organization_id, directory_url) do nothing`,
      [organizationId, directoryUrl, Buffer.alloc(0), email ?? null],
    );
    row = await repo.findOneOrFail({ where: { organizationId, directoryUrl } });
    if (row.accountKey.length === 0) {
      await db.query(`update acme_accounts set account_key = $2 where id = $1 and length(account_key) = 0`, [row.id, box.seal(keyPem, `acme-account:${row.id}`)]);
      row = await repo.findOneOrFail({ where: { id: row.id } });
    }
  }
  const accountKey = box.open(row.accountKey, `acme-account:${row.id}`);
  const client = new acme.Client({
    directoryUrl,
    accountKey,
    accountUrl: row.accountUrl ?? undefined,
    backoffMin: opts.backoffMinMs ?? 500,
    backoffMax: 5000,
    backoffAttempts: 5,
  });
  if (!row.accountUrl) {
    await client.createAccount({ termsOfServiceAgreed: true, contact: email ? [`mailto:${email}`] : undefined });
    await repo.update({ id: row.id }, { accountUrl: client.getAccountUrl() });
  }
  return client;
}

/** Forget cached clients (tests, shutdown). */
export function clearAcmeClients(): void {
  clients.clear();
}
