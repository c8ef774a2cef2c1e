import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';
import { countSpareKeys, refillSpareKeys, spareKeyContext, takeSpareKey } from '../server/src/certificates/spare-keys.js';
import type { KeyType } from '../server/src/certificates/status.js';
import { REFILL_AFTER_TAKE_MS } from '../server/src/jobs/spare-key-refill.js';

let t: TestApp;
let keyToken: string;

beforeAll(async () => {
  t = await startTestApp({ env: { CERTPLANE_SPARE_KEYS: 'ECDSA_P256=3' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "web") { id } }');
  const created = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "keys", scopes: ["read", "certificates:read_private_key"]) { token } }');
  keyToken = created.createApiToken.token;
});
afterAll(async () => {
  await t?.stop();
});

type SpareKey = { id: string; sealed: Buffer; pem: string };

/** The pool's keys of `keyType`, oldest first, unsealed. */
async function pool(keyType: KeyType = 'ECDSA_P256'): Promise<SpareKey[]> {
  const rows: Array<{ id: string; sealed_key: Buffer }> = await t.app.ctx.db.query(`select id, sealed_key from spare_keys where key_type = $1 order by id`, [keyType]);
  return rows.map((r) => ({ id: r.id, sealed: r.sealed_key, pem: t.app.ctx.box.open(r.sealed_key, spareKeyContext(keyType)) }));
}

const refill = () => t.app.worker!.refillSpareKeys();

/** Adds `hostname` (DNS pointed at the platform, no automatic certificate), orders a certificate and waits until ISSUED. */
async function issue(hostname: string, keyType: KeyType): Promise<{ certificatePem: string; privateKeyPem: string }> {
  await t.dns.setRecord(hostname, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: false }) { id } }', { h: hostname });
  const { requestCertificate } = await gqlOk(t.url, t.token, 'mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { id } }', {
    input: { domain: addDomain.id, keyType },
  });
  const cert = await waitForCertificate(t.url, keyToken, requestCertificate.id, ['ISSUED'], 'certificatePem privateKeyPem');
  return cert as unknown as { certificatePem: string; privateKeyPem: string };
}

describe('the spare key pool of a worker', () => {
  it('fills to its target; an order takes the oldest key, whose certificate it becomes, and the pool is made up again', async () => {
    await refill();
    const before = await pool();
    expect(before).toHaveLength(3);
    expect(await pool('RSA_2048')).toEqual([]);

    const host = `one.${t.zone}`;
    const cert = await issue(host, 'ECDSA_P256');
    await verifyIssued(cert.certificatePem, [host], cert.privateKeyPem);
    expect(cert.privateKeyPem).toBe(before[0].pem);
    // The taken row is gone and the others are untouched (a refill may have added one since: see below).
    const after = (await pool()).map((k) => k.id);
    expect(after).not.toContain(before[0].id);
    expect(after.slice(0, 2)).toEqual(before.slice(1).map((k) => k.id));

    await refill();
    expect(await pool()).toHaveLength(3);
  });

  it('tops itself up a few seconds after an order took a key, without waiting for a housekeeping round', async () => {
    await refill();
    const before = await pool();
    expect(before).toHaveLength(3);
    await issue(`soon.${t.zone}`, 'ECDSA_P256');
    // This app's housekeeping round is a minute (CERTPLANE_STALE_ORDER_AFTER 120 s): only the take can start it.
    const refilled = await waitUntil(async () => {
      const now = await pool();
      return now.length === 3 && !now.some((k) => k.id === before[0].id) && now;
    }, REFILL_AFTER_TAKE_MS + 15_000, 'the pool topped up again');
    expect(refilled.map((k) => k.id).slice(0, 2)).toEqual(before.slice(1).map((k) => k.id));
  });

  it('gives two certificates ordered at once two different keys, and the rows taken are gone', async () => {
    await refill();
    const before = await pool();
    const [a, b] = await Promise.all([issue(`two-a.${t.zone}`, 'ECDSA_P256'), issue(`two-b.${t.zone}`, 'ECDSA_P256')]);
    await verifyIssued(a.certificatePem, [`two-a.${t.zone}`], a.privateKeyPem);
    await verifyIssued(b.certificatePem, [`two-b.${t.zone}`], b.privateKeyPem);
    expect(a.privateKeyPem).not.toBe(b.privateKeyPem);
    const taken = before.filter((k) => k.pem === a.privateKeyPem || k.pem === b.privateKeyPem);
    expect(taken).toHaveLength(2);
    const left = new Set((await pool()).map((k) => k.id));
    expect(taken.filter((k) => left.has(k.id))).toEqual([]);
  });

  it('makes the key of an order whose key type has no spare keys, leaving the pool as it was', async () => {
    await refill();
    const before = await pool();
    const host = `rsa.${t.zone}`;
    const cert = await issue(host, 'RSA_2048');
    await verifyIssued(cert.certificatePem, [host], cert.privateKeyPem);
    expect(before.map((k) => k.pem)).not.toContain(cert.privateKeyPem);
    expect(await pool()).toEqual(before);
  });

  it('stores its keys sealed, bound to their key type', async () => {
    await refill();
    const rows: Array<{ key_type: KeyType; sealed_key: Buffer }> = await t.app.ctx.db.query('select key_type, sealed_key from spare_keys');
    expect(rows.length).toBeGreaterThan(0);
    const { box } = t.app.ctx;
    for (const row of rows) {
      expect(row.sealed_key.includes('PRIVATE KEY')).toBe(false);
      expect(box.open(row.sealed_key, spareKeyContext(row.key_type))).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(() => box.open(row.sealed_key, spareKeyContext('ECDSA_P384'))).toThrow();
      expect(() => box.open(row.sealed_key, `certificate-key:${randomUUID()}`)).toThrow();
    }
  });
});

describe('refillSpareKeys and takeSpareKey', () => {
  // ECDSA_P384 is not in this app's CERTPLANE_SPARE_KEYS: its worker neither fills nor takes these.
  beforeEach(async () => {
    await t.app.ctx.db.query(`delete from spare_keys where key_type = 'ECDSA_P384'`);
  });

  it('overshoots the target by at most one key for each other refill running at once', async () => {
    const made = await Promise.all([1, 2, 3].map(() => refillSpareKeys(t.app.ctx, { ECDSA_P384: 5 })));
    const count = await countSpareKeys(t.app.ctx.db, 'ECDSA_P384');
    expect(count).toBeGreaterThanOrEqual(5);
    expect(count).toBeLessThanOrEqual(5 + 2);
    expect(made.reduce((a, b) => a + b)).toBe(count);
    expect(await refillSpareKeys(t.app.ctx, { ECDSA_P384: 5 })).toBe(0);
  });

  it('hands each key to one taker only, then undefined when none are left', async () => {
    expect(await refillSpareKeys(t.app.ctx, { ECDSA_P384: 20 })).toBe(20);
    const taken = await Promise.all(Array.from({ length: 25 }, () => takeSpareKey(t.app.ctx.db, t.app.ctx.box, 'ECDSA_P384')));
    const keys = taken.filter((k) => k !== undefined);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    expect(await countSpareKeys(t.app.ctx.db, 'ECDSA_P384')).toBe(0);
  });
});

describe('a worker stopping', () => {
  it('ends its refill after the key in progress, without waiting for the rest', async () => {
    const big = await startTestApp({ env: { CERTPLANE_SPARE_KEYS: 'RSA_2048=1000' } });
    const db = new pg.Client({ connectionString: big.env.DATABASE_URL });
    let stopped = false;
    try {
      await waitUntil(async () => (await countSpareKeys(big.app.ctx.db, 'RSA_2048')) >= 1, 20_000, 'a first spare key');
      const atStop = await countSpareKeys(big.app.ctx.db, 'RSA_2048');
      const started = Date.now();
      await big.stop();
      stopped = true;
      expect(Date.now() - started).toBeLessThan(5000);
      await db.connect();
      const { rows } = await db.query(`select count(*)::int as n from spare_keys`);
      expect(rows[0].n).toBeLessThanOrEqual(atStop + 1);
    } finally {
      await db.end().catch(() => undefined);
      if (!stopped) await big.stop();
    }
  });
});
