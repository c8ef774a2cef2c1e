import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "subs") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

type Event = { certificateStatusChanged: { status: string; privateKeyPem: string | null } | null };

describe('subscriptions sharing one execution per event', () => {
  it('still answer each subscriber by its own scopes: the key for a token that may read it, FORBIDDEN for one that may not', async () => {
    const token = async (scopes: string[]) =>
      (await gqlOk(t.url, t.token, `mutation($s: [String!]!) { createApiToken(name: "sub", scopes: $s) { token } }`, { s: scopes })).createApiToken.token as string;
    const withKey = await token(['read', 'certificates:read_private_key']);
    const readOnly = await token(['read']);
    const { addDomain } = await gqlOk(t.url, t.token, `mutation($h: String!) { addDomain(input: { app: "subs", hostname: $h, letsencryptEnabled: false }) { id } }`, { h: `keys.${t.zone}` });
    const q = 'subscription { certificateStatusChanged { status privateKeyPem } }';
    const [a1, a2, b1, b2] = await Promise.all([subscribe<Event>(t.url, withKey, q), subscribe<Event>(t.url, withKey, q), subscribe<Event>(t.url, readOnly, q), subscribe<Event>(t.url, readOnly, q)]);
    await gqlOk(t.url, t.token, `mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }`, { d: addDomain.id });
    const issued = (e: Event) => e.certificateStatusChanged?.status === 'ISSUED';
    for (const s of [a1, a2]) expect((await s.waitFor(issued)).certificateStatusChanged!.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
    for (const s of [b1, b2]) {
      await s.waitFor((e) => e.certificateStatusChanged === null || issued(e)).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(JSON.stringify(s.errors)).toMatch(/certificates:read_private_key/);
      expect(s.events.every((e) => !e.certificateStatusChanged?.privateKeyPem)).toBe(true);
    }
    for (const s of [a1, a2, b1, b2]) s.close();
  });
});
