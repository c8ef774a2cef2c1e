import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * The operator part of the API (organizations, plans, first tokens) and the plans' gates (CertaDNS's
 * table): every organization here is made through the operator API, as a platform would.
 */

let t: TestApp;
let op: string;
beforeAll(async () => {
  // CertaDNS's table, with a plan of two certificates for the race for the last slot.
  const plans = [
    { name: 'free', maxCertificates: 0, api: false, wildcard: false, autoRenew: false, manualRenewal: false },
    { name: 'plus', maxCertificates: 5, api: true, wildcard: false, autoRenew: false, manualRenewal: true },
    { name: 'duo', maxCertificates: 2, api: true, wildcard: false, autoRenew: true, manualRenewal: true },
    { name: 'pro', maxCertificates: 25, api: true, wildcard: false, autoRenew: true, manualRenewal: true },
    { name: 'elite', maxCertificates: 100, api: true, wildcard: true, autoRenew: true, manualRenewal: true },
  ];
  t = await startTestApp({ env: { CERTPLANE_PLANS: JSON.stringify(plans) } });
  op = await t.operatorToken();
});
afterAll(async () => {
  await t?.stop();
});

const CREATE = `mutation($n: String!, $p: String) { createOrganization(name: $n, plan: $p) { organization { id name plan } token { token scopes } } }`;
async function organization(name: string, plan?: string) {
  const { createOrganization } = await gqlOk(t.url, op, CREATE, { n: name, p: plan });
  return { id: createOrganization.organization.id as string, token: createOrganization.token.token as string, org: createOrganization.organization };
}
const reason = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions;

async function domainFor(token: string, host: string) {
  await gqlOk(t.url, token, 'mutation { createApp(name: "web") { id } }').catch(() => undefined);
  await t.dns.setRecord(host, 'A', ['127.0.0.1']);
  return (await gqlOk(t.url, token, 'mutation($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host })).addDomain.id as string;
}
const request = (token: string, domain: string, extra = '') => gql(t.url, token, `mutation($d: ID!) { requestCertificate(input: { domain: $d ${extra} }) { id } }`, { d: domain });

describe('the operator part of the API', () => {
  it('creates, lists, renames, suspends, resumes and deletes organizations; organization tokens cannot reach it', async () => {
    const acme = await organization('acme', 'pro');
    expect(acme.org).toMatchObject({ name: 'acme', plan: 'pro' });
    expect((await gqlOk(t.url, acme.token, '{ organization { name plan } }')).organization).toEqual({ name: 'acme', plan: 'pro' });

    const { organizations } = await gqlOk(t.url, op, '{ organizations { id name plan suspendedAt usage { domains certificates } } }');
    expect(organizations.find((o: { id: string }) => o.id === acme.id)).toMatchObject({ name: 'acme', suspendedAt: null, usage: { domains: 0, certificates: 0 } });

    for (const q of ['{ organizations { id } }', `mutation { deleteOrganization(id: "${acme.id}") }`, `mutation { createOrganization(name: "x") { token { token } } }`]) {
      expect(reason(await gql(t.url, acme.token, q))).toMatchObject({ code: 'FORBIDDEN' });
      expect(reason(await gql(t.url, t.token, q))).toMatchObject({ code: 'FORBIDDEN' });
    }
    // The operator reaches no organization's data.
    expect(reason(await gql(t.url, op, '{ certificates { totalCount } }'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(reason(await gql(t.url, op, '{ organization { id } }'))).toMatchObject({ code: 'FORBIDDEN' });

    await gqlOk(t.url, op, `mutation($id: ID!) { renameOrganization(id: $id, name: "acme inc") { name } }`, { id: acme.id });
    // Every API process hears of it (Postgres NOTIFY) within moments, and reads the organization's tokens again.
    await gqlOk(t.url, op, `mutation($id: ID!) { suspendOrganization(id: $id) { suspendedAt } }`, { id: acme.id });
    const suspended = await waitUntil(async () => {
      const r = reason(await gql(t.url, acme.token, '{ organization { name } }'));
      return r?.reason === 'ORGANIZATION_SUSPENDED' && r;
    }, 5000, 'the suspension to apply');
    expect(suspended).toMatchObject({ code: 'FORBIDDEN' });
    await gqlOk(t.url, op, `mutation($id: ID!) { resumeOrganization(id: $id) { suspendedAt } }`, { id: acme.id });
    await waitUntil(async () => !(await gql(t.url, acme.token, '{ organization { name } }')).errors, 5000, 'the organization to resume');
    expect((await gqlOk(t.url, acme.token, '{ organization { name } }')).organization.name).toBe('acme inc');

    const { createOrganizationToken } = await gqlOk(t.url, op, `mutation($id: ID!) { createOrganizationToken(id: $id, name: "spare", scopes: ["read"]) { token scopes } }`, { id: acme.id });
    expect((await gqlOk(t.url, createOrganizationToken.token, '{ apps { id } }')).apps).toEqual([]);

    await gqlOk(t.url, op, `mutation($id: ID!) { deleteOrganization(id: $id) }`, { id: acme.id });
    await waitUntil(async () => reason(await gql(t.url, acme.token, '{ organization { name } }'))?.code === 'UNAUTHENTICATED', 5000, 'its tokens to stop');
    expect(reason(await gql(t.url, op, `mutation($id: ID!) { deleteOrganization(id: $id) }`, { id: acme.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a second organization of the same name with CONFLICT', async () => {
    await organization('twice');
    expect(reason(await gql(t.url, op, CREATE, { n: 'twice' }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an unknown plan with BAD_USER_INPUT naming the plans, and lists the table', async () => {
    expect(reason(await gql(t.url, op, CREATE, { n: 'x', p: 'platinum' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plan' });
    const { plans } = await gqlOk(t.url, op, '{ plans { name maxCertificates api wildcard autoRenew } }');
    expect(plans.map((p: { name: string }) => p.name)).toEqual(['free', 'plus', 'duo', 'pro', 'elite', 'unlimited']);
    expect(plans[0]).toEqual({ name: 'free', maxCertificates: 0, api: false, wildcard: false, autoRenew: false });
  });

  it("keeps organizations made through it apart: queries, mutations and subscriptions", async () => {
    const a = await organization('iso-a', 'elite');
    const b = await organization('iso-b', 'elite');
    const d = await domainFor(a.token, `iso.${t.zone}`);
    const spies = [await subscribe(t.url, b.token, 'subscription { domainStatusChanged { id } }'), await subscribe(t.url, b.token, 'subscription { certificateStatusChanged { id } }')];
    expect(reason(await gql(t.url, b.token, 'query($id: ID!) { domain(id: $id) { id } }', { id: d }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(reason(await request(b.token, d, 'autoRenew: false'))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await gqlOk(t.url, b.token, '{ domains { totalCount } certificates { totalCount } }'))).toEqual({ domains: { totalCount: 0 }, certificates: { totalCount: 0 } });
    const { requestCertificate } = await gqlOk(t.url, a.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }', { d });
    await waitForCertificate(t.url, a.token, requestCertificate.id, ['ISSUED']);
    await new Promise((r) => setTimeout(r, 300));
    for (const spy of spies) {
      expect(spy.events).toEqual([]);
      spy.close();
    }
  });
});

describe('plans', () => {
  it('gives a free organization no API (PLAN_REQUIRED, naming the plan that has it)', async () => {
    const free = await organization('free-one', 'free');
    expect(reason(await gql(t.url, free.token, '{ apps { id } }'))).toEqual({ code: 'FORBIDDEN', reason: 'PLAN_REQUIRED', requiredPlan: 'plus' });
  });

  it('refuses wildcards and automatic renewal outside plans that have them, and shows the limits card', async () => {
    const plus = await organization('plus-one', 'plus');
    const d = await domainFor(plus.token, `plus.${t.zone}`);
    expect(reason(await request(plus.token, d))).toMatchObject({ code: 'FORBIDDEN', reason: 'AUTO_RENEW_NOT_IN_PLAN', requiredPlan: 'duo' });
    expect(reason(await request(plus.token, d, `autoRenew: false, sans: ["*.plus.${t.zone}"]`))).toMatchObject({ reason: 'WILDCARD_NOT_IN_PLAN', requiredPlan: 'elite' });
    // Its automatic certificate renews itself: turning Let's Encrypt on is refused the same way, and changes nothing.
    const on = await gql(t.url, plus.token, 'mutation($d: ID!) { updateDomain(id: $d, input: { letsencryptEnabled: true }) { letsencryptEnabled } }', { d });
    expect(reason(on)).toMatchObject({ code: 'FORBIDDEN', reason: 'AUTO_RENEW_NOT_IN_PLAN' });
    expect(on.errors![0].message).toMatch(/autoRenew: false \(requestCertificate\)/);
    expect((await gqlOk(t.url, plus.token, 'query($d: ID!) { domain(id: $d) { letsencryptEnabled } }', { d })).domain.letsencryptEnabled).toBe(false);
    await gqlOk(t.url, plus.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d, autoRenew: false }) { id } }', { d });
    const { certificates } = await gqlOk(t.url, plus.token, '{ certificates { limits { plan max current wildcardEnabled autoRenewEnabled apiEnabled manualRenewalEnabled } } }');
    expect(certificates.limits).toEqual({ plan: 'plus', max: 5, current: 1, wildcardEnabled: false, autoRenewEnabled: false, apiEnabled: true, manualRenewalEnabled: true });
  });

  it('lets exactly one of two requests for the last slot through, from two API processes (LIMIT_REACHED with max and current)', async () => {
    const duo = await organization('duo-one', 'duo');
    const other = await startTestApp({ role: 'api', databaseUrl: t.app.databaseUrl, env: { CERTPLANE_PLANS: t.env.CERTPLANE_PLANS } });
    try {
      const [d1, d2, d3] = [await domainFor(duo.token, `d1.${t.zone}`), await domainFor(duo.token, `d2.${t.zone}`), await domainFor(duo.token, `d3.${t.zone}`)];
      expect((await request(duo.token, d1)).errors).toBeUndefined();
      const race = await Promise.all([
        gql(t.url, duo.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }', { d: d2 }),
        gql(other.url, duo.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id } }', { d: d3 }),
      ]);
      expect(race.filter((r) => r.data?.requestCertificate)).toHaveLength(1);
      const refused = race.find((r) => r.errors);
      expect(reason(refused!)).toMatchObject({ code: 'FORBIDDEN', reason: 'LIMIT_REACHED', max: 2, current: 2, requiredPlan: 'pro' });
      expect(refused!.errors![0].message).toMatch(/holds at most 2 certificates and 2 are active/);
      const [{ n }] = await t.app.ctx.db.query(`select count(*)::int n from certificates where organization_id = $1`, [duo.id]);
      expect(n).toBe(2);
    } finally {
      await other.stop();
    }
  });

  it('deletes nothing on a downgrade: over the quota nothing more is added, and automatic renewal goes off with events', async () => {
    const pro = await organization('pro-one', 'pro');
    const d = await domainFor(pro.token, `pro.${t.zone}`);
    const { requestCertificate } = await gqlOk(t.url, pro.token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d }) { id autoRenew } }', { d });
    expect(requestCertificate.autoRenew).toBe(true);
    await gqlOk(t.url, op, `mutation($id: ID!) { setOrganizationPlan(id: $id, plan: "free") { plan } }`, { id: pro.id });
    const [row] = await t.app.ctx.db.query(`select auto_renew from certificates where id = $1`, [requestCertificate.id]);
    expect(row.auto_renew).toBe(false);
    const [{ n }] = await t.app.ctx.db.query(`select count(*)::int n from certificate_events where certificate_id = $1 and type = 'settings_changed'`, [requestCertificate.id]);
    expect(n).toBe(1);
    // The free plan has no API at all now; the certificate is still there.
    expect(reason(await gql(t.url, pro.token, '{ certificates { totalCount } }'))).toMatchObject({ reason: 'PLAN_REQUIRED' });
    await gqlOk(t.url, op, `mutation($id: ID!) { setOrganizationPlan(id: $id, plan: "plus") { plan } }`, { id: pro.id });
    expect((await gqlOk(t.url, pro.token, '{ certificates { totalCount } }')).certificates.totalCount).toBe(1);
  });
});
