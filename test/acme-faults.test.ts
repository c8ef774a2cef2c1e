import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import acme from 'acme-client';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startAcmeProxy, type AcmeProxy } from './helpers/acme-proxy.js';
import { pebbleManagement } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';
import { AcmeAccountRow, CertificateRow } from '../server/src/db/entities.js';

/**
 * Faults of real CAs, against Pebble behind a proxy that injects what Pebble never does (429 with
 * Retry-After, a lost account, CRLF chains), and an unreachable directory.
 */

let proxy: AcmeProxy;
let t: TestApp;
beforeAll(async () => {
  proxy = await startAcmeProxy(inject('pebble'));
  t = await startTestApp({ env: { CERTPLANE_ACME_DIRECTORY: proxy.directoryUrl, CERTPLANE_ACME_RATE_LIMITS: 'off' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "ca") { id } }');
});
afterAll(async () => {
  await t?.stop();
  await proxy?.close();
});

const CERT = 'id status statusReason failedAttempts nextAttemptAt rateLimitedUntil serial certificatePem';
const certificate = async (id: string) => (await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { ${CERT} } }`, { id })).certificate;
const events = async (id: string): Promise<Array<{ type: string; message: string }>> =>
  (await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message } } }`, { id })).certificateEvents.nodes;

async function request(label: string, app: TestApp = t): Promise<{ domainId: string; id: string; host: string }> {
  const host = `${label}.${app.zone}`;
  await app.dns.setRecord(host, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(app.url, app.token, `mutation($h: String!) { addDomain(input: { app: "ca", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
  const { requestCertificate } = await gqlOk(app.url, app.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }`, { d: addDomain.id });
  return { domainId: addDomain.id, id: requestCertificate.id, host };
}

describe('a CA answering 429 with Retry-After', () => {
  it('re-queues each order for when the CA said, holding no worker slot: DNS checks go on, the certificates say until when, all issue after', async () => {
    const N = 10;
    proxy.inject({ method: 'POST', path: /^\/order-plz/, times: N, status: 429, type: 'rateLimited', detail: 'too many new orders recently', retryAfter: '4' });
    const asked = Date.now();
    const ids = await Promise.all(Array.from({ length: N }, (_, i) => request(`limited${i}`).then((r) => r.id)));
    // Every order is waiting within a few seconds, each saying why and until when; none failed.
    const waiting = await waitUntil(async () => {
      const certs = await Promise.all(ids.map(certificate));
      return certs.every((c) => c.rateLimitedUntil) && certs;
    }, 3500, 'all ten orders waiting for the CA');
    for (const c of waiting) {
      expect(c.status).toBe('PENDING');
      expect(c.failedAttempts).toBe(0);
      expect(c.statusReason).toMatch(/the CA asked to wait until .*too many new orders recently.*rateLimited/);
      expect(new Date(c.rateLimitedUntil).getTime()).toBeGreaterThanOrEqual(asked + 3000);
      expect(c.nextAttemptAt).toBe(c.rateLimitedUntil);
    }
    // While they wait, the worker's slots are free: a new domain's DNS check runs at once.
    const host = `checked.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "ca", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
    await waitUntil(async () => (await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { status } }`, { id: addDomain.id })).domain.status === 'IN_USE', 2500, 'the DNS check while orders wait');
    expect(Date.now() - asked).toBeLessThan(4000);
    for (const id of ids) {
      const issued = await waitForCertificate(t.url, t.token, id, ['ISSUED'], 'rateLimitedUntil failedAttempts');
      expect(issued).toMatchObject({ rateLimitedUntil: null, failedAttempts: 0 });
      expect((await events(id)).map((e) => e.type)).toContain('rate_limited');
    }
  });
});

describe('a CA answering 503 with Retry-After (unavailable to everyone)', () => {
  it("pauses every order against that CA until then, asking it nothing meanwhile, then goes on", async () => {
    proxy.inject({ method: 'POST', path: /^\/order-plz/, times: 1, status: 503, type: 'serverInternal', detail: 'the CA is down for maintenance', retryAfter: '3' });
    const first = await request('paused-a');
    const a = await waitUntil(async () => {
      const c = await certificate(first.id);
      return c.rateLimitedUntil && c;
    }, 3000, 'the first order to wait');
    const pausedUntil = new Date(a.rateLimitedUntil).getTime();
    const seen = proxy.log.length;
    const second = await request('paused-b');
    const b = await waitUntil(async () => {
      const c = await certificate(second.id);
      return c.rateLimitedUntil && c;
    }, 2000, 'the second order to be paused');
    expect(b.status).toBe('PENDING');
    expect(b.statusReason).toMatch(/the CA paused every order until .*the CA is down for maintenance/);
    expect(Math.abs(new Date(b.rateLimitedUntil).getTime() - pausedUntil)).toBeLessThan(1000);
    // Nothing asked the CA for a new order during the pause.
    const during = proxy.log.slice(seen).filter((r) => r.path.startsWith('/order-plz') && r.at < pausedUntil - 100);
    expect(during).toEqual([]);
    await waitForCertificate(t.url, t.token, first.id, ['ISSUED']);
    await waitForCertificate(t.url, t.token, second.id, ['ISSUED']);
  });
});

describe('a CA that no longer knows the account', () => {
  it('registers a new account, logs it, and completes the order', async () => {
    const before = await t.app.ctx.db.getRepository(AcmeAccountRow).findOneByOrFail({ organizationId: t.organizationId });
    proxy.inject({ method: 'POST', path: /^\/order-plz/, times: 1, status: 400, type: 'accountDoesNotExist', detail: `Account ${before.accountUrl} not found` });
    const { id } = await request('lost-account');
    const issued = await waitForCertificate(t.url, t.token, id, ['ISSUED']);
    expect(issued.status).toBe('ISSUED');
    const logged = (await events(id)).find((e) => e.type === 'account_registered');
    expect(logged?.message).toContain(before.accountUrl);
    const after = await t.app.ctx.db.getRepository(AcmeAccountRow).findOneByOrFail({ organizationId: t.organizationId });
    expect(after.accountUrl).not.toBe(before.accountUrl);
    expect(after.id).not.toBe(before.id);
  });
});

describe('a chain served with CRLF line endings', () => {
  it('is stored with LF line endings', async () => {
    proxy.rewrite(/^\/certZ\//, (b) => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r\n')));
    const { id } = await request('crlf');
    const issued = await waitForCertificate(t.url, t.token, id, ['ISSUED'], 'certificatePem');
    expect(proxy.log.some((r) => /^\/certZ\//.test(r.path))).toBe(true);
    expect(issued.certificatePem as string).not.toContain('\r');
    expect((issued.certificatePem as string).match(/-----BEGIN CERTIFICATE-----/g)!.length).toBeGreaterThanOrEqual(2);
  });
});

describe('revoking what the CA already revoked', () => {
  it('goes by the ACME type alreadyRevoked: REVOKED, renewal off', async () => {
    const { id } = await request('revoked-out-of-band');
    const issued = await waitForCertificate(t.url, t.token, id, ['ISSUED'], 'serial certificatePem');
    // Out of band: the same ACME account, from another client, revokes it first.
    const account = await t.app.ctx.db.getRepository(AcmeAccountRow).findOneByOrFail({ organizationId: t.organizationId });
    const other = new acme.Client({ directoryUrl: proxy.directoryUrl, accountKey: t.app.ctx.box.open(account.accountKey, `acme-account:${account.id}`), accountUrl: account.accountUrl! });
    await other.revokeCertificate(issued.certificatePem as string, { reason: 1 });
    const pebble = JSON.parse((await pebbleManagement(`/cert-status-by-serial/${issued.serial}`)).body);
    expect(pebble.Status).toBe('Revoked');

    const { revokeCertificate } = await gqlOk(t.url, t.token, `mutation($id: ID!) { revokeCertificate(id: $id) { status autoRenew nextRenewalAt } }`, { id });
    expect(revokeCertificate).toEqual({ status: 'REVOKED', autoRenew: false, nextRenewalAt: null });
    expect((await events(id)).at(-1)!.message).toMatch(/already revoked/);
  });

  it('still refuses with ACME_ERROR when the CA refuses for another reason, changing nothing', async () => {
    const { id } = await request('revoke-refused');
    await waitForCertificate(t.url, t.token, id, ['ISSUED']);
    proxy.inject({ method: 'POST', path: /^\/revoke-cert/, times: 1, status: 403, type: 'unauthorized', detail: 'not authorized to revoke' });
    const res = await gql(t.url, t.token, `mutation($id: ID!) { revokeCertificate(id: $id) { status } }`, { id });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'ACME_ERROR' } });
    expect(res.errors?.[0].message).toMatch(/not authorized to revoke/);
    expect((await certificate(id)).status).toBe('ISSUED');
  });
});

describe('a CA that cannot be reached', () => {
  it('says what failed at the first failure, at once, retries on certplane\'s schedule, then gives up with the reason', async () => {
    const dead = await startTestApp({
      env: { CERTPLANE_ACME_DIRECTORY: 'https://acme.invalid/directory', CERTPLANE_RETRY_BASE_MS: '500', CERTPLANE_MAX_ORDER_ATTEMPTS: '3' },
    });
    try {
      await gqlOk(dead.url, dead.token, 'mutation { createApp(name: "ca") { id } }');
      const started = Date.now();
      const { id } = await request('unreachable', dead);
      const first = await waitUntil(async () => {
        const { certificate } = await gqlOk(dead.url, dead.token, `query($id: ID!) { certificate(id: $id) { ${CERT} } }`, { id });
        return certificate.statusReason && certificate;
      }, 5000, 'the first failure to be explained');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(first.status).toBe('PENDING');
      expect(first.statusReason).toMatch(/cannot reach the ACME directory https:\/\/acme\.invalid\/directory: (ENOTFOUND|EAI_AGAIN)/);
      expect(first.nextAttemptAt).not.toBeNull();
      const failed = await waitForCertificate(dead.url, dead.token, id, ['FAILED'], '', 15_000);
      expect(failed.statusReason).toMatch(/gave up after 3 attempts: cannot reach the ACME directory/);
      const row = await dead.app.ctx.db.getRepository(CertificateRow).findOneByOrFail({ id });
      expect(row.failedAttempts).toBe(1);
    } finally {
      await dead.stop();
    }
  });
});
