import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  // Two API servers (own pools, own HTTP servers) on one database, no worker: certificates stay PENDING.
  a = await startTestApp({ role: 'api' });
  b = await startTestApp({ role: 'api', databaseUrl: a.app.databaseUrl });
  await gqlOk(a.url, a.token, 'mutation { createApp(name: "race") { id } }');
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('two requestCertificate calls for one domain at the same instant', () => {
  it('create exactly one certificate per domain and key family; the other caller gets CONFLICT', async () => {
    const domains: string[] = [];
    for (let i = 0; i < 15; i++) {
      const { addDomain } = await gqlOk(a.url, a.token, `mutation($h: String!) { addDomain(input: { app: "race", hostname: $h, letsencryptEnabled: false }) { id } }`, {
        h: `r${i}.${a.zone}`,
      });
      domains.push(addDomain.id);
    }
    const m = `mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id status } }`;
    const results = await Promise.all(domains.flatMap((d) => [gql(a.url, a.token, m, { d }), gql(b.url, a.token, m, { d })]));
    for (let i = 0; i < domains.length; i++) {
      const pair = [results[2 * i], results[2 * i + 1]];
      const ok = pair.filter((r) => r.data?.requestCertificate);
      const conflicts = pair.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
      expect(ok, JSON.stringify(pair)).toHaveLength(1);
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0].errors![0].message).toMatch(/already has an active ACME certificate of this key family/);
    }
    const [{ n }] = await a.app.ctx.db.query(`select count(*)::int n from certificates`);
    expect(n).toBe(domains.length);
    // Each certificate has exactly one order job queued.
    const [{ jobs }] = await a.app.ctx.db.query(`select count(*)::int jobs from graphile_worker.jobs where task_identifier = 'acme_order'`);
    expect(jobs).toBe(domains.length);
  });
});
