import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';
import { waitUntil } from './helpers/wait.js';
import { createDnsClient } from '../server/src/dns/dns-client.js';
import { inject } from 'vitest';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const DOMAIN_FIELDS = 'id hostname status statusMessage letsencryptStatus certificate { id status }';

describe('a domain from addDomain to IN_USE', () => {
  it('checks DNS, issues a certificate that verifies against the CA root, and streams every status', async () => {
    const host = `www.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
    const domainSub = await subscribe<{ domainStatusChanged: { hostname: string; status: string } }>(
      t.url,
      t.token,
      'subscription { domainStatusChanged { hostname status } }',
    );
    const certSub = await subscribe<{ certificateStatusChanged: { id: string; status: string } }>(
      t.url,
      t.token,
      'subscription { certificateStatusChanged { id status } }',
    );

    const added = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h }) { ${DOMAIN_FIELDS} } }`, {
      h: host.toUpperCase() + '.',
    });
    expect(added.addDomain).toMatchObject({ hostname: host, status: 'PENDING_DNS', letsencryptStatus: 'PENDING_DNS', certificate: null });

    await domainSub.waitFor((e) => e.domainStatusChanged.status === 'IN_USE', 45_000);
    expect(domainSub.events.map((e) => e.domainStatusChanged.status)).toEqual(['PENDING_DNS', 'CREATING', 'IN_USE']);
    await certSub.waitFor((e) => e.certificateStatusChanged.status === 'ISSUED');
    expect(certSub.events.map((e) => e.certificateStatusChanged.status)).toEqual(['PENDING', 'VALIDATING', 'ISSUED']);
    domainSub.close();
    certSub.close();

    const { domain } = await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { ${DOMAIN_FIELDS} } }`, { id: added.addDomain.id });
    expect(domain).toMatchObject({ status: 'IN_USE', letsencryptStatus: 'ISSUED' });

    const keyToken = (
      await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "tls-terminator", scopes: ["read", "certificates:read_private_key"]) { token } }')
    ).createApiToken.token;
    const { certificate } = await gqlOk(
      t.url,
      keyToken,
      `query($id: ID!) { certificate(id: $id) { status hostname sans keyType issuer serial fingerprint issuedAt notBefore expiresAt nextRenewalAt certificatePem privateKeyPem } }`,
      { id: domain.certificate.id },
    );
    expect(certificate).toMatchObject({ status: 'ISSUED', hostname: host, sans: [], keyType: 'RSA_2048' });
    const leaf = await verifyIssued(certificate.certificatePem, [host], certificate.privateKeyPem);
    expect(certificate.serial).toBe(leaf.serialNumber.toLowerCase());
    expect(certificate.fingerprint).toBe(leaf.fingerprint256);
    expect(new Date(certificate.expiresAt).getTime()).toBe(new Date(leaf.validTo).getTime());
    expect(new Date(certificate.notBefore).getTime()).toBe(new Date(leaf.validFrom).getTime());
    const issued = new Date(leaf.validFrom).getTime();
    const expires = new Date(leaf.validTo).getTime();
    expect(new Date(certificate.nextRenewalAt).getTime()).toBeCloseTo(expires - (expires - issued) / 3, -4);

    // The challenge record is gone from the zone once validated.
    const dns = createDnsClient({ servers: [inject('pdns').dnsAddress] });
    await waitUntil(async () => (await dns.query(`_acme-challenge.${host}`, 'TXT')).answers.length === 0, 10_000, 'TXT removal');

    const { certificateEvents } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type status message } } }`, {
      id: domain.certificate.id,
    });
    // Record removal runs as its own job, concurrently with the last steps.
    const types = certificateEvents.nodes.map((e: { type: string }) => e.type).filter((t: string) => t !== 'record_removed');
    expect(types).toEqual(['requested', 'order_created', 'record_published', 'record_visible', 'challenge_accepted', 'finalized', 'issued']);
    const all: Array<{ type: string; status: string }> = await waitUntil(async () => {
      const r = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type status } } }`, { id: domain.certificate.id });
      return r.certificateEvents.nodes.some((e: { type: string }) => e.type === 'record_removed') && (r.certificateEvents.nodes as Array<{ type: string; status: string }>);
    }, 10_000, 'record_removed event');
    // Each event carries the status the certificate had when it was written: none after 'issued' says VALIDATING.
    const issuedAt = all.findIndex((e) => e.type === 'issued');
    expect(all.slice(issuedAt).map((e) => e.status)).toEqual(all.slice(issuedAt).map(() => 'ISSUED'));
  });

  it('does not show the private key without the certificates:read_private_key scope', async () => {
    const { certificates } = await gqlOk(t.url, t.token, '{ certificates(first: 1) { edges { node { id } } } }');
    const id = certificates.edges[0].node.id;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: JSON.stringify({ query: `{ certificate(id: "${id}") { privateKeyPem } }` }),
    }).then((r) => r.json() as Promise<{ errors: Array<{ message: string; extensions: { code: string } }> }>);
    expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.errors[0].message).toMatch(/certificates:read_private_key/);
  });

  // The CSR's subject is checked in server/src/acme/order-sync.test.ts (csrSubject): Pebble writes its
  // own CN and does not refuse long ones, as Let's Encrypt does (badCSR).
  it('issues for a 75-byte hostname, the name in the SANs', async () => {
    const pad = 75 - (50 + 2 + t.zone.length);
    const host = `${'w'.repeat(50)}.${'x'.repeat(pad)}.${t.zone}`;
    expect(host).toHaveLength(75);
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h }) { id } }`, { h: host });
    const cert = await waitUntil(async () => {
      const { domain } = await gqlOk(t.url, t.token, `query($id: ID!) { domain(id: $id) { certificate { status statusReason certificatePem } } }`, { id: addDomain.id });
      if (domain.certificate?.status === 'FAILED') throw new Error(domain.certificate.statusReason);
      return domain.certificate?.status === 'ISSUED' && domain.certificate;
    }, 30_000, 'the long name to be issued');
    await verifyIssued(cert.certificatePem, [host]);
  });
});
