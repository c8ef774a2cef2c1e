import { randomBytes, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';
import { createRenewalScanTask } from '../server/src/jobs/tasks/renewal-scan.js';
import { createExpirySweepTask } from '../server/src/jobs/tasks/expiry-sweep.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "renew") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

const CERT = 'id status statusReason serial nextRenewalAt expiresAt certificatePem failedAttempts nextAttemptAt rateLimitedUntil';
const H = 3600_000;

const scanAt = (ms: number) => createRenewalScanTask({ ...t.app.ctx, now: () => new Date(ms) })({}, {} as never);
const sweepAt = (ms: number) => createExpirySweepTask({ ...t.app.ctx, now: () => new Date(ms) })({}, {} as never);
const certificate = async (id: string) => (await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { ${CERT} } }`, { id })).certificate;
const domainOf = async (id: string) => (await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { status statusMessage } }`, { id })).domain;
const eventTypes = async (id: string): Promise<string[]> =>
  (await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type } } }`, { id })).certificateEvents.nodes.map((e: { type: string }) => e.type);
const publicKeyOf = (pem: string) => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

/** A domain of its own zone (so a test can break that zone's DNS), with an issued certificate. */
async function issuedCertificate(label: string, zone = t.zone): Promise<{ domainId: string; cert: Record<string, any>; host: string }> {
  const host = `${label}.${zone}`;
  await t.dns.setRecord(host, 'A', ['127.0.0.1']);
  const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "renew", hostname: $h, letsencryptEnabled: true }) { id } }`, { h: host });
  const cert = await waitUntil(async () => {
    const { domain } = await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { certificate { ${CERT} } } }`, { id: addDomain.id });
    return domain.certificate?.status === 'ISSUED' && domain.certificate;
  }, 30_000, 'first issuance');
  await waitUntil(async () => (await domainOf(addDomain.id)).status === 'IN_USE', 10_000, 'domain IN_USE');
  return { domainId: addDomain.id, cert, host };
}

/** A CNAME loop at the host's challenge name: its records can then not be published, and orders fail for good. */
async function breakChallengeName(host: string, zone: string): Promise<() => Promise<void>> {
  await t.dns.setRecord(`_acme-challenge.${host}`, 'CNAME', [`loop.${zone}.`]);
  await t.dns.setRecord(`loop.${zone}`, 'CNAME', [`_acme-challenge.${host}.`]);
  return async () => {
    await t.dns.deleteRecord(`_acme-challenge.${host}`, 'CNAME');
    await t.dns.deleteRecord(`loop.${zone}`, 'CNAME');
  };
}

describe('renewal', () => {
  it('renews once a third of the lifetime remains with a new key, serving the old certificate until the new one takes over, and tells subscribers both', async () => {
    const { cert: first, host } = await issuedCertificate('renew');
    // Just before the renewal time nothing happens.
    await scanAt(new Date(first.nextRenewalAt).getTime() - 60_000);
    expect(await eventTypes(first.id)).not.toContain('renewal_started');

    const sub = await subscribe<{ certificateStatusChanged: { status: string; serial: string } }>(
      t.url,
      t.token,
      `subscription($id: ID) { certificateStatusChanged(id: $id) { status serial } }`,
      { id: first.id },
    );
    await scanAt(new Date(first.nextRenewalAt).getTime() + 1000);
    expect((await certificate(first.id)).status).toBe('ISSUED');

    const renewed = await waitUntil(async () => {
      const c = await certificate(first.id);
      return c.serial !== first.serial && c;
    }, 30_000, 'renewed certificate');
    await sub.waitFor((e) => e.certificateStatusChanged.serial === renewed.serial, 5000);
    sub.close();
    expect(renewed).toMatchObject({ status: 'ISSUED', failedAttempts: 0, nextAttemptAt: null });
    await verifyIssued(renewed.certificatePem, [host]);
    // Every issuance and renewal uses a new private key.
    expect(publicKeyOf(renewed.certificatePem)).not.toBe(publicKeyOf(first.certificatePem));
    expect(renewed.nextRenewalAt).not.toBeNull(); // set again from the new certificate (Pebble's times are to the second)
    expect(new Date(renewed.nextRenewalAt).getTime()).toBeGreaterThanOrEqual(new Date(first.nextRenewalAt).getTime());
    // It never left ISSUED, and subscribers heard the renewal start (old serial) and the takeover (new serial).
    const seen = sub.events.map((e) => e.certificateStatusChanged);
    expect(seen.every((e) => e.status === 'ISSUED')).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)!.serial).toBe(renewed.serial);
    const types = await eventTypes(first.id);
    expect(types.filter((x) => x === 'renewal_started')).toHaveLength(1);
    expect(types.filter((x) => x === 'issued')).toHaveLength(1);
    expect(types.filter((x) => x === 'renewed')).toHaveLength(1);
    expect(types.filter((x) => x === 'order_created')).toHaveLength(2);
  });

  it('keeps serving a certificate whose renewals fail, counting failures across rounds and backing off 1 h, 2 h, 4 h; a success resets the count', async () => {
    const zone = `zr${randomBytes(4).toString('hex')}.test`;
    await t.dns.createZone(zone);
    const { cert: first, domainId, host } = await issuedCertificate('www', zone);
    const fix = await breakChallengeName(host, zone); // challenge records can no longer be published: each renewal fails for good
    let due = new Date(first.nextRenewalAt).getTime() + 1000;
    for (const [n, wait] of [[1, H], [2, 2 * H], [3, 4 * H]] as const) {
      await scanAt(due);
      const failed = await waitUntil(async () => {
        const c = await certificate(first.id);
        return c.failedAttempts === n && c.nextRenewalAt && c;
      }, 45_000, `renewal failure ${n}`);
      expect(failed).toMatchObject({ status: 'ISSUED', serial: first.serial });
      expect(failed.statusReason).toMatch(/CNAME loop/);
      // The next attempt waits the backoff from the failure (the worker's clock is the real one).
      const next = new Date(failed.nextRenewalAt).getTime();
      expect(next - Date.now()).toBeGreaterThan(wait - 60_000);
      expect(next - Date.now()).toBeLessThanOrEqual(wait);
      expect(failed.nextAttemptAt).toBe(failed.nextRenewalAt);
      const domain = await domainOf(domainId);
      expect(domain.status).toBe('IN_USE');
      expect(domain.statusMessage).toContain(`${n} renewal attempt(s) failed`);
      // Before the next attempt is due the scan leaves it alone.
      await scanAt(next - 1000);
      expect((await certificate(first.id)).failedAttempts).toBe(n);
      due = next + 1000;
    }
    await fix(); // fixed: the next round renews
    await scanAt(due);
    const renewed = await waitUntil(async () => {
      const c = await certificate(first.id);
      return c.serial !== first.serial && c;
    }, 30_000, 'renewal after the fix');
    expect(renewed).toMatchObject({ status: 'ISSUED', failedAttempts: 0, statusReason: null });
    expect((await domainOf(domainId)).statusMessage).toBeNull();
  }, 180_000);

  it('marks a certificate past its notAfter EXPIRED, the domain needing action, and renewCertificate issues it again', async () => {
    const { cert, domainId } = await issuedCertificate('expire');
    const sub = await subscribe<{ certificateStatusChanged: { status: string } }>(t.url, t.token, `subscription($id: ID) { certificateStatusChanged(id: $id) { status } }`, { id: cert.id });
    await sweepAt(new Date(cert.expiresAt).getTime() - 1000);
    expect((await certificate(cert.id)).status).toBe('ISSUED');
    await sweepAt(new Date(cert.expiresAt).getTime() + 1000);
    await sub.waitFor((e) => e.certificateStatusChanged.status === 'EXPIRED', 5000);
    sub.close();
    expect(await certificate(cert.id)).toMatchObject({ status: 'EXPIRED', nextRenewalAt: null });
    const domain = await domainOf(domainId);
    expect(domain.status).toBe('ACTION_REQUIRED');
    expect(domain.statusMessage).toMatch(/expired/);
    expect(await eventTypes(cert.id)).toContain('expired');

    const { renewCertificate } = await gqlOk(t.url, t.token, `mutation($id: ID!) { renewCertificate(id: $id) { id status } }`, { id: cert.id });
    expect(renewCertificate).toEqual({ id: cert.id, status: 'PENDING' });
    const again = await waitForCertificate(t.url, t.token, cert.id, ['ISSUED'], 'serial');
    expect(again.serial).not.toBe(cert.serial);
    await waitUntil(async () => (await domainOf(domainId)).status === 'IN_USE', 10_000, 'domain back IN_USE');
  });

  it('renews on request now (CONFLICT while that order runs), resetting nextRenewalAt with a new key', async () => {
    const { cert, domainId } = await issuedCertificate('now');
    const renew = (id: string) => gql(t.url, t.token, `mutation($id: ID!) { renewCertificate(id: $id) { id status nextRenewalAt orderInFlight } }`, { id });
    const first = await renew(cert.id);
    expect(first.errors).toBeUndefined();
    expect(first.data!.renewCertificate).toMatchObject({ status: 'ISSUED', nextRenewalAt: null, orderInFlight: true });
    const second = await renew(cert.id);
    const inFlight = (await certificate(cert.id)).serial === cert.serial;
    if (inFlight) {
      expect(second.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(second.errors?.[0].message).toMatch(/order in flight/);
    }
    const renewed = await waitUntil(async () => {
      const c = await certificate(cert.id);
      return c.serial !== cert.serial && c.nextRenewalAt && c;
    }, 30_000, 'renewed now');
    expect(publicKeyOf(renewed.certificatePem)).not.toBe(publicKeyOf(cert.certificatePem));
    expect(await eventTypes(cert.id)).toContain('renewed');
    // Listed, the same field reads the order step the list leaves out.
    const { certificates } = await gqlOk(t.url, t.token, `query($d: ID!) { certificates(domain: $d) { nodes { id orderInFlight } } }`, { d: domainId });
    expect(certificates.nodes).toEqual([{ id: cert.id, orderInFlight: false }]);
  });

  it('retries a FAILED certificate in place once its cause is fixed, and refuses unknown ids and other organizations', async () => {
    const zone = `zf${randomBytes(4).toString('hex')}.test`;
    const host = `www.${zone}`;
    await t.dns.createZone(zone);
    // A CNAME loop at the challenge name: the order fails.
    const fix = await breakChallengeName(host, zone);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "renew", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: host });
    const { requestCertificate } = await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }`, { d: addDomain.id });
    const failed = await waitForCertificate(t.url, t.token, requestCertificate.id, ['FAILED'], 'failedAttempts');
    expect(failed.failedAttempts).toBe(1);
    await fix();
    // It was ordered from a CA configured then (say Let's Encrypt staging); the new order goes to the one configured now.
    await t.app.ctx.db.query(`update certificates set directory_url = 'https://acme-staging.invalid/directory' where id = $1`, [failed.id]);
    const { renewCertificate } = await gqlOk(t.url, t.token, `mutation($id: ID!) { renewCertificate(id: $id) { status statusReason } }`, { id: failed.id });
    expect(renewCertificate).toEqual({ status: 'PENDING', statusReason: null });
    await waitForCertificate(t.url, t.token, failed.id, ['ISSUED']);
    expect(await eventTypes(failed.id)).toEqual(expect.arrayContaining(['failed', 'retry_requested', 'issued']));
    const [{ directory_url }] = await t.app.ctx.db.query(`select directory_url from certificates where id = $1`, [failed.id]);
    expect(directory_url).toBe(t.app.ctx.config.acme.directoryUrl);

    const other = await t.newOrganization('other-renewer');
    const foreign = await gql(t.url, other.token, `mutation($id: ID!) { renewCertificate(id: $id) { id } }`, { id: failed.id });
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const bogus = await gql(t.url, t.token, `mutation { renewCertificate(id: "nope") { id } }`);
    expect(bogus.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses to renew a revoked certificate with CONFLICT', async () => {
    const { cert } = await issuedCertificate('revoked');
    await gqlOk(t.url, t.token, `mutation($id: ID!) { revokeCertificate(id: $id) { status } }`, { id: cert.id });
    const res = await gql(t.url, t.token, `mutation($id: ID!) { renewCertificate(id: $id) { id } }`, { id: cert.id });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(res.errors?.[0].message).toMatch(/REVOKED/);
  });
});
