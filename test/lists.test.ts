import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { compactOrganizationCounts } from '../server/src/db/organization-counts.js';
import { createDataSource } from '../server/src/db/data-source.js';
import { listCertificates } from '../server/src/certificates/certificate-service.js';
import type { AppContext } from '../server/src/context.js';

/**
 * Lists read only the columns a query selects, and the unfiltered totalCount comes from delta rows kept
 * by triggers (migration add-organization-counts). Both must agree with the rows themselves.
 * API role only: requested certificates stay PENDING, which is all a list needs.
 */
let t: TestApp;
let other: { organizationId: string; token: string };

const add = 'mutation($app: String!, $h: String!) { addDomain(input: { app: $app, hostname: $h, letsencryptEnabled: false }) { id } }';
const request = 'mutation($d: ID!, $sans: [String!]) { requestCertificate(input: { domain: $d, sans: $sans, keyType: ECDSA_P256 }) { id } }';

async function addWithCertificate(token: string, app: string, host: string): Promise<{ domain: string; certificate: string }> {
  const domain = (await gqlOk(t.url, token, add, { app, h: host })).addDomain.id;
  const certificate = (await gqlOk(t.url, token, request, { d: domain, sans: [`www.${host}`] })).requestCertificate.id;
  return { domain, certificate };
}

/** totalCount of both lists, unfiltered, as the API answers it. */
async function totals(token: string): Promise<{ domains: number; certificates: number }> {
  const r = await gqlOk(t.url, token, '{ domains(first: 1) { totalCount } certificates(first: 1) { totalCount } }');
  return { domains: r.domains.totalCount, certificates: r.certificates.totalCount };
}

/** The same numbers counted from the rows. */
async function counted(organizationId: string): Promise<{ domains: number; certificates: number }> {
  const [r] = await t.app.ctx.db.query(
    `select (select count(*) from domains where organization_id = $1)::int as domains, (select count(*) from certificates where organization_id = $1)::int as certificates`,
    [organizationId],
  );
  return r;
}

beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
  other = await t.newOrganization('other');
  for (const token of [t.token, other.token]) await gqlOk(t.url, token, 'mutation { createApp(name: "web") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

describe('totalCount of the unfiltered lists', () => {
  it('follows every insert and delete, per organization, without counting', async () => {
    expect(await totals(t.token)).toEqual({ domains: 0, certificates: 0 });
    const mine = [];
    for (let i = 0; i < 4; i++) mine.push(await addWithCertificate(t.token, 'web', `count${i}.${t.zone}`));
    await addWithCertificate(other.token, 'web', `theirs.${t.zone}`);
    expect(await totals(t.token)).toEqual({ domains: 4, certificates: 4 });
    expect(await totals(other.token)).toEqual({ domains: 1, certificates: 1 });

    await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteCertificate(id: $id) }', { id: mine[0].certificate });
    expect(await totals(t.token)).toEqual({ domains: 4, certificates: 3 });
    // Removing a domain removes its certificate too (a cascade inside Postgres).
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { removeDomain(id: $id) }', { id: mine[1].domain });
    expect(await totals(t.token)).toEqual({ domains: 3, certificates: 2 });
    expect(await totals(t.token)).toEqual(await counted(t.organizationId));
    expect(await totals(other.token)).toEqual(await counted(other.organizationId));
  });

  it('counts a many-row statement once per organization, and starts again from zero after a truncate', async () => {
    const db = t.app.ctx.db;
    const [{ id: appId }] = await db.query(`select id from apps where organization_id = $1`, [t.organizationId]);
    await db.query(
      `insert into domains (organization_id, app_id, hostname, is_wildcard, letsencrypt_enabled, canonical, status, dns_check_count)
       select $1, $2, 'bulk' || g || '.' || $3, false, false, false, 'PENDING_DNS', 0 from generate_series(1, 250) g`,
      [t.organizationId, appId, t.zone],
    );
    await db.query(`delete from domains where organization_id = $1 and hostname like 'bulk1%'`, [t.organizationId]);
    expect(await totals(t.token)).toEqual(await counted(t.organizationId));
    expect((await totals(t.token)).domains).toBeGreaterThan(100);

    const a = await addWithCertificate(other.token, 'web', `before-truncate.${t.zone}`);
    expect(a.certificate).toBeTruthy();
    await db.query('truncate certificates cascade');
    expect(await totals(t.token)).toEqual(await counted(t.organizationId));
    expect((await totals(other.token)).certificates).toBe(0);
    const b = await addWithCertificate(other.token, 'web', `after-truncate.${t.zone}`);
    expect(b.certificate).toBeTruthy();
    expect(await totals(other.token)).toEqual(await counted(other.organizationId));
  });

  it('keeps the same numbers when the worker folds the delta rows into one per organization', async () => {
    const db = t.app.ctx.db;
    const rowsOf = async (org: string) => Number((await db.query('select count(*) n from organization_counts where organization_id = $1', [org]))[0].n);
    expect(await rowsOf(t.organizationId)).toBeGreaterThan(1);
    const before = [await totals(t.token), await totals(other.token)];
    // Two at once, as two worker processes may: neither loses nor doubles a delta.
    await Promise.all([compactOrganizationCounts(db), compactOrganizationCounts(db), addWithCertificate(t.token, 'web', `during-compaction.${t.zone}`)]);
    expect(await rowsOf(other.organizationId)).toBe(1);
    expect([await totals(t.token), await totals(other.token)]).toEqual([{ domains: before[0].domains + 1, certificates: before[0].certificates + 1 }, before[1]]);
    expect(await totals(t.token)).toEqual(await counted(t.organizationId));
  });

  it("goes with its organization: deleting one leaves no counter behind and the others' intact", async () => {
    const gone = await t.newOrganization('short-lived');
    await gqlOk(t.url, gone.token, 'mutation { createApp(name: "web") { id } }');
    await addWithCertificate(gone.token, 'web', `short.${t.zone}`);
    await t.app.ctx.db.query('delete from organizations where id = $1', [gone.organizationId]);
    const rows = await t.app.ctx.db.query('select 1 from organization_counts where organization_id = $1', [gone.organizationId]);
    expect(rows).toHaveLength(0);
    expect(await totals(other.token)).toEqual(await counted(other.organizationId));
  });

  it('is exact for filtered lists too (counted)', async () => {
    const c = await addWithCertificate(t.token, 'web', `filtered.${t.zone}`);
    const r = await gqlOk(
      t.url,
      t.token,
      'query($d: ID!) { byDomain: certificates(domain: $d) { totalCount } byStatus: certificates(status: PENDING) { totalCount } byName: certificates(hostname: "FILTERED.") { totalCount } }',
      { d: c.domain },
    );
    const [{ pending }] = await t.app.ctx.db.query(`select count(*)::int as pending from certificates where organization_id = $1 and status = 'PENDING'`, [t.organizationId]);
    expect(r).toEqual({ byDomain: { totalCount: 1 }, byStatus: { totalCount: pending }, byName: { totalCount: 1 } });
  });
});

describe('a list reads the columns its query selects', () => {
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) await addWithCertificate(t.token, 'web', `shown${i}.${t.zone}`);
  });
  const ALL = `id hostname sans isWildcard keyType autoRenew status statusReason issuedAt expiresAt nextRenewalAt issuer serial fingerprint
    certificatePem failedAttempts revokedAt revocationReason createdAt updatedAt domain { id hostname }`;

  it('answers every field as certificate(id) does, however the query is written', async () => {
    const { certificates } = await gqlOk(t.url, t.token, `{ certificates(first: 100) { nodes { ${ALL} } } }`);
    expect(certificates.nodes.length).toBeGreaterThan(0);
    for (const node of certificates.nodes) {
      const { certificate } = await gqlOk(t.url, t.token, `query($id: ID!) { certificate(id: $id) { ${ALL} } }`, { id: node.id });
      expect(node).toEqual(certificate);
    }
    const shapes = [
      `{ certificates(first: 100) { edges { node { ...F } } } } fragment F on Certificate { ${ALL} }`,
      `{ certificates(first: 100) { edges { node { ... on Certificate { ${ALL} } } } } }`,
      `{ certificates(first: 100) { ...Conn } } fragment Conn on CertificateConnection { edges { node { ${ALL} } } }`,
      `{ certificates(first: 100) { edges { n: node { ${ALL.replace('hostname', 'name: hostname')} } } } }`,
    ];
    for (const doc of shapes) {
      const r = await gqlOk(t.url, t.token, doc);
      const nodes = r.certificates.edges.map((e: Record<string, Record<string, unknown>>) => e.node ?? e.n).map((n: Record<string, unknown>) => {
        if ('name' in n) {
          const { name, ...rest } = n;
          return { ...rest, hostname: name };
        }
        return n;
      });
      expect(nodes.map((n: Record<string, unknown>) => JSON.stringify(n, Object.keys(n).sort()))).toEqual(
        certificates.nodes.map((n: Record<string, unknown>) => JSON.stringify(n, Object.keys(n).sort())),
      );
    }
  });

  it('hands out per-edge cursors that continue right after their node', async () => {
    const all = (await gqlOk(t.url, t.token, '{ certificates(first: 100) { edges { cursor node { id } } } }')).certificates.edges;
    expect(all.length).toBeGreaterThan(2);
    const next = await gqlOk(t.url, t.token, 'query($a: String) { certificates(first: 1, after: $a) { nodes { id } } }', { a: all[0].cursor });
    expect(next.certificates.nodes[0].id).toBe(all[1].node.id);
    const res = await gql(t.url, t.token, '{ certificates(first: 1) { nodes { id privateKeyPem } } }');
    expect(res.data?.certificates.nodes[0].privateKeyPem).toBeNull(); // PENDING: no key yet, and the field resolves from the id alone
  });
});

describe('prepared list queries', () => {
  it('prepares unfiltered and id/status-filtered pages of the usual sizes once per connection, never a hostname pattern or an unusual size', async () => {
    // One connection, so the statements it prepared are the ones pg_prepared_statements shows.
    const db = createDataSource(t.env.DATABASE_URL, 1);
    await db.initialize();
    try {
      const ctx = { db } as unknown as AppContext;
      const prepared = async () => (await db.query(`select statement from pg_prepared_statements`)) as Array<{ statement: string }>;
      expect(await prepared()).toEqual([]);
      const first = await listCertificates(ctx, t.organizationId, { first: 10 }, new Set(['id']));
      const again = await listCertificates(ctx, t.organizationId, { first: 10, after: first.cursor(0) }, new Set(['id']));
      expect(again.nodes[0].id).toBe(first.nodes[1].id);
      const statements = (await prepared()).map((p) => p.statement);
      // The page with and without a cursor: two statements, each prepared once and run since.
      expect(statements).toHaveLength(2);
      expect(statements.every((s) => /from certificates c where c\.organization_id = \$1/.test(s))).toBe(true);
      await listCertificates(ctx, t.organizationId, { first: 10 }, new Set(['id']));
      expect(await prepared()).toHaveLength(2);
      // Every size is a text of its own (the limit is in it): an unusual one is planned per call instead.
      expect((await listCertificates(ctx, t.organizationId, { first: 7 }, new Set(['id']))).nodes.length).toBeGreaterThan(0);
      expect(await prepared()).toHaveLength(2);
      const byHost = await listCertificates(ctx, t.organizationId, { first: 10, hostname: 'count' }, new Set(['id', 'hostname']));
      expect(byHost.nodes.every((n) => n.hostname.includes('count'))).toBe(true);
      expect((await prepared()).some((p) => /ilike/.test(p.statement))).toBe(false);
    } finally {
      await db.destroy();
    }
  });
});
