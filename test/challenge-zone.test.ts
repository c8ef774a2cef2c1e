import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDnsClient } from '../server/src/dns/dns-client.js';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { pdnsApi } from './helpers/pdns.js';
import { startPebble, type PebbleHandle } from './helpers/pebble.js';
import { startRecursor, type RecursorHandle } from './helpers/recursor.js';
import { verifyIssued } from './helpers/verify.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * certplane's own challenge zone, as Let's Encrypt meets it: the platform's parent zone (in PowerDNS)
 * delegates `acme.<parent>` to certplane by NS with glue; a Pebble of this file's own validates through
 * a real recursor (pdns_recursor) that follows the customer's `_acme-challenge` CNAME and the delegation
 * to certplane's server on <ns address>:53. certplane has no DNS provider at all.
 */

let tmp: string;
let recursor: RecursorHandle;
let pebble: PebbleHandle;
let t: TestApp;
/** The challenge zone's nameserver address: a loopback address of this file's own, port 53 free there. */
const nsAddress = `127.0.53.${randomInt(2, 250)}`;
const parent = `platform-${randomBytes(3).toString('hex')}.test`;
const challengeZone = `acme.${parent}`;

beforeAll(async () => {
  const pdns = inject('pdns');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'certplane-challenge-zone-'));
  // What the platform's operator sets up once: the parent zone delegating the challenge zone, with glue.
  await pdnsApi(pdns.apiUrl, pdns.apiKey).createZone(parent, [
    { name: challengeZone, type: 'NS', content: `ns1.${challengeZone}.` },
    { name: `ns1.${challengeZone}`, type: 'A', content: nsAddress },
  ]);
  recursor = await startRecursor({ dir: path.join(tmp, 'recursor'), forwardZones: { test: pdns.dnsAddress } });
  pebble = await startPebble({ dir: path.join(tmp, 'pebble'), dnsServer: recursor.address });
  t = await startTestApp({
    env: {
      CERTPLANE_ACME_DIRECTORY: pebble.directoryUrl,
      CERTPLANE_ACME_CA_CERTS: pebble.tlsCaPath,
      CERTPLANE_DNS_PROVIDER: 'none',
      CERTPLANE_DNS_RESOLVERS: recursor.address,
      CERTPLANE_CHALLENGE_ZONE: challengeZone,
      // Port 53 for the recursor following the delegation; PowerDNS's port for certplane's own check,
      // which asks every authoritative server at CERTPLANE_DNS_AUTHORITATIVE_PORT.
      CERTPLANE_CHALLENGE_DNS_LISTEN: `${nsAddress}:53,${nsAddress}:${pdns.dnsPort}`,
      CERTPLANE_CHALLENGE_DNS_NS: `ns1.${challengeZone}=${nsAddress}`,
    },
  });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "cz") { id } }');
});
afterAll(async () => {
  await t?.stop();
  await pebble?.stop();
  await recursor?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const direct = () => createDnsClient({ servers: [`${nsAddress}:53`], timeoutMs: 1000 });
const throughRecursor = () => createDnsClient({ servers: [recursor.address], timeoutMs: 2000 });

/** Samples the TXT values certplane's server answers at `name` (every 20 ms) until stopped; returns the most seen at once. */
function sampleTxt(name: string) {
  let most = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await direct().query(name, 'TXT', `${nsAddress}:53`).catch(() => null);
      most = Math.max(most, res?.answers.filter((a) => a.type === 'TXT').length ?? 0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => ((running = false), await loop, most);
}

describe('the challenge zone served by certplane', () => {
  it('issues a wildcard + apex certificate through a CNAME to the domain\'s target, renews it with no DNS change, and removes the values', async () => {
    const base = `shop.${t.zone}`;
    await t.dns.setRecord(base, 'A', ['127.0.0.1']);
    await t.dns.setRecord(`*.${base}`, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(
      t.url,
      t.token,
      `mutation($h: String!) { addDomain(input: { app: "cz", hostname: $h, letsencryptEnabled: false }) { id dnsRequirements { acmeChallenge { name target } } } }`,
      { h: `*.${base}` },
    );
    const { name, target } = addDomain.dnsRequirements.acmeChallenge;
    expect(name).toBe(`_acme-challenge.${base}`);
    expect(target).toMatch(new RegExp(`^[0-9a-f]{20}\\.${challengeZone.replace(/\./g, '\\.')}$`));
    // What the customer adds, once.
    await t.dns.setRecord(name, 'CNAME', [`${target}.`]);
    // The zone is reachable from the internet's side: SOA and NS through the recursor, by delegation.
    const soa = await throughRecursor().query(challengeZone, 'SOA');
    expect(soa.answers.map((r) => r.data)).toEqual([`ns1.${challengeZone} hostmaster.${challengeZone} 1 3600 600 604800 1`]);

    const most = sampleTxt(target);
    const { requestCertificate } = await gqlOk(
      t.url,
      t.token,
      `mutation($d: ID!, $sans: [String!]) { requestCertificate(input: { domain: $d, sans: $sans, keyType: ECDSA_P256 }) { id } }`,
      { d: addDomain.id, sans: [base] },
    );
    const first = await waitForCertificate(t.url, t.token, requestCertificate.id, ['ISSUED'], 'serial certificatePem');
    const root = await pebble.rootPem();
    await verifyIssued(first.certificatePem as string, [`*.${base}`, base], undefined, root);
    // Both authorizations' values (the wildcard's and the apex's) were answered at the one target at once.
    expect(await most()).toBe(2);
    const published = await events(first.id, 'record_published');
    expect(published[0]).toBe(`TXT records published: ${target} (CNAME from ${name}), ${target} (CNAME from ${name})`);
    await valuesGone(target);

    // A renewal: new values at the same target, nothing asked of the customer. Renewals come weeks
    // later; here at least the TXT answers' TTL (1 s) after the last ones, which the recursor may keep.
    await new Promise((r) => setTimeout(r, 1200));
    await gqlOk(t.url, t.token, `mutation($id: ID!) { renewCertificate(id: $id) { id } }`, { id: first.id });
    const renewed = await waitUntil(async () => {
      const { certificate } = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { status statusReason serial certificatePem } }`, { id: first.id });
      if (certificate.status === 'FAILED') throw new Error(`renewal failed: ${certificate.statusReason}`);
      return certificate.serial !== first.serial && certificate;
    }, 45_000, 'the renewed certificate');
    await verifyIssued(renewed.certificatePem, [`*.${base}`, base], undefined, root);
    expect(await events(first.id, 'record_published')).toHaveLength(2);
    // The customer's DNS is as they left it.
    expect((await throughRecursor().query(name, 'CNAME')).answers.map((r) => r.data)).toEqual([target]);
    await valuesGone(target);
  });
});

async function events(certificateId: string, type: string): Promise<string[]> {
  const { certificateEvents } = await gqlOk(t.url, t.token, `query($id: ID!) { certificateEvents(id: $id, first: 100) { nodes { type message } } }`, { id: certificateId });
  return certificateEvents.nodes.filter((e: { type: string }) => e.type === type).map((e: { message: string }) => e.message);
}

/** The order's values are removed: no rows, and certplane's server answers NXDOMAIN at the target. */
async function valuesGone(target: string) {
  await waitUntil(async () => (await t.app.ctx.db.query(`select count(*)::int as n from challenge_zone_records`))[0].n === 0, 15_000, 'the challenge rows removed');
  await waitUntil(async () => (await direct().query(target, 'TXT', `${nsAddress}:53`)).rcode === 'NXDOMAIN', 2000, 'NXDOMAIN at the target');
}
