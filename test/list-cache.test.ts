import { MIGRATIONS } from '../server/src/db/data-source.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { ListCache, listCacheStats } from '../server/src/db/list-cache.js';
import { compactOrganizationCounts } from '../server/src/db/organization-counts.js';

/**
 * List pages served again from memory (server/src/db/list-cache.ts) must never be older than a change
 * committed before the request, whoever made it: the API, another process (a second connection here,
 * as the worker is), plain SQL, in any commit order. API role, in this process, so the cache's
 * counters are this test's to read.
 */
let t: TestApp;
let other: { organizationId: string; token: string };
let sql: pg.Client;

const PAGE = '{ certificates(first: 50) { totalCount nodes { id hostname status autoRenew } } domains(first: 50) { totalCount nodes { id hostname } } }';
type Page = { certificates: { totalCount: number; nodes: Array<{ id: string; hostname: string; status: string; autoRenew: boolean }> }; domains: { totalCount: number; nodes: Array<{ id: string; hostname: string }> } };

/** The page as the API answers it, with what the cache did for its two lists. */
async function read(token = t.token): Promise<{ page: Page; hits: number; reads: number }> {
  const before = { ...listCacheStats };
  const page = (await gqlOk(t.url, token, PAGE)) as Page;
  const hits = listCacheStats.hits - before.hits;
  return { page, hits, reads: listCacheStats.misses - before.misses + listCacheStats.stale - before.stale };
}

/** The same lists straight from the tables. */
async function fromTables(org: string): Promise<Page> {
  const certs = (await sql.query(`select id, hostname, status, auto_renew as "autoRenew" from certificates where organization_id = $1 order by created_at, id limit 50`, [org])).rows;
  const domains = (await sql.query(`select id, hostname from domains where organization_id = $1 order by created_at, id limit 50`, [org])).rows;
  const n = async (table: string) => Number((await sql.query(`select count(*) from ${table} where organization_id = $1`, [org])).rows[0].count);
  return { certificates: { totalCount: await n('certificates'), nodes: certs }, domains: { totalCount: await n('domains'), nodes: domains } };
}

async function addWithCertificate(token: string, host: string): Promise<{ domain: string; certificate: string }> {
  const domain = (await gqlOk(t.url, token, 'mutation($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host })).addDomain.id;
  const certificate = (await gqlOk(t.url, token, 'mutation($d: ID!) { requestCertificate(input: { domain: $d, keyType: ECDSA_P256 }) { id } }', { d: domain })).requestCertificate.id;
  return { domain, certificate };
}

beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
  other = await t.newOrganization('other');
  for (const token of [t.token, other.token]) await gqlOk(t.url, token, 'mutation { createApp(name: "web") { id } }');
  for (let i = 0; i < 3; i++) await addWithCertificate(t.token, `cached${i}.${t.zone}`);
  await addWithCertificate(other.token, `theirs.${t.zone}`);
  sql = new pg.Client({ connectionString: t.env.DATABASE_URL });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await t?.stop();
});

describe('list pages served from memory', () => {
  it('serves a page again while nothing changed, and reads it again after every kind of change', async () => {
    const first = await read();
    expect(first.page).toEqual(await fromTables(t.organizationId));
    const again = await read();
    expect(again.hits).toBe(2);
    expect(again.page).toEqual(first.page);

    const changes: Array<[string, () => Promise<unknown>]> = [
      ['an API mutation', () => gqlOk(t.url, t.token, 'mutation($id: ID!) { updateCertificate(id: $id, input: { autoRenew: false }) { id } }', { id: first.page.certificates.nodes[0].id })],
      ['an UPDATE from another connection', () => sql.query(`update certificates set status = 'FAILED' where id = $1`, [first.page.certificates.nodes[1].id])],
      ['an INSERT', () => addWithCertificate(t.token, `later.${t.zone}`)],
      ['a DELETE', () => sql.query(`delete from certificates where id = $1`, [first.page.certificates.nodes[2].id])],
      ['an UPDATE of a domain', () => sql.query(`update domains set hostname = 'renamed.' || hostname where id = $1`, [first.page.domains.nodes[0].id])],
    ];
    for (const [what, change] of changes) {
      await change();
      const after = await read();
      expect(after.reads, what).toBe(2);
      expect(after.page, what).toEqual(await fromTables(t.organizationId));
      expect((await read()).hits, `${what}, read once more`).toBe(2);
    }
  });

  it('is never older than a change committed before the request, in whatever order transactions commit', async () => {
    const [x, y] = (await read()).page.certificates.nodes;
    const a = new pg.Client({ connectionString: t.env.DATABASE_URL });
    const b = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await a.connect();
    await b.connect();
    try {
      // A changes a row first but commits last; B commits in between and a read keeps B's page.
      await a.query('begin');
      await a.query(`update certificates set status = 'REVOKED' where id = $1`, [x.id]);
      await b.query('begin');
      await b.query(`update certificates set status = 'EXPIRED' where id = $1`, [y.id]);
      await b.query('commit');
      const between = await read();
      expect(between.page.certificates.nodes.find((n) => n.id === y.id)?.status).toBe('EXPIRED');
      expect(between.page.certificates.nodes.find((n) => n.id === x.id)?.status).not.toBe('REVOKED');
      await a.query('commit');
      const after = await read();
      expect(after.page.certificates.nodes.find((n) => n.id === x.id)?.status).toBe('REVOKED');
      expect(after.page).toEqual(await fromTables(t.organizationId));
      // A transaction that rolls back changes nothing.
      await a.query('begin');
      await a.query(`update certificates set status = 'ISSUED' where id = $1`, [x.id]);
      await a.query('rollback');
      expect((await read()).hits).toBe(2);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("keeps organizations apart: one's changes leave the other's pages in memory, and no page crosses over", async () => {
    await read();
    await read(other.token);
    await addWithCertificate(other.token, `theirs-too.${t.zone}`);
    const mine = await read();
    expect(mine.hits).toBe(2);
    expect(mine.page).toEqual(await fromTables(t.organizationId));
    const theirs = await read(other.token);
    expect(theirs.reads).toBe(2);
    expect(theirs.page).toEqual(await fromTables(other.organizationId));
    expect(theirs.page.certificates.nodes.some((n) => mine.page.certificates.nodes.some((m) => m.id === n.id))).toBe(false);
  });

  it('keeps its version across the worker folding the counter rows, and a truncate still reads again', async () => {
    await read();
    await compactOrganizationCounts(t.app.ctx.db);
    expect((await read()).hits).toBe(2);
    await sql.query('truncate certificates cascade');
    const after = await read();
    expect(after.reads).toBe(2);
    expect(after.page.certificates).toEqual({ totalCount: 0, nodes: [] });
    expect(after.page).toEqual(await fromTables(t.organizationId));
  });
});

describe('pages served from memory through field resolvers', () => {
  it('answers fields resolved from a kept row as from a fresh one', async () => {
    await addWithCertificate(t.token, `resolved.${t.zone}`);
    const doc = `{ domains(first: 50) { nodes { id app { name } letsencryptStatus dnsRequirements { acmeChallengeRecord } certificate { id status } } }
      certificates(first: 50) { edges { cursor node { id domain { hostname } } } } }`;
    const before = { ...listCacheStats };
    const fresh = await gqlOk(t.url, t.token, doc);
    const kept = await gqlOk(t.url, t.token, doc);
    expect(listCacheStats.hits - before.hits).toBe(2);
    expect(kept).toEqual(fresh);
    expect(fresh.domains.nodes.length).toBeGreaterThan(0);
  });
});

describe('ListCache', () => {
  it('holds at most its rows, dropping the least recently used page first, and freezes what it holds', () => {
    const cache = new ListCache(5);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));
    cache.set('a', '1', rows(2));
    cache.set('b', '1', rows(2));
    cache.get('a');
    cache.set('c', '1', rows(2));
    expect([cache.get('a') !== undefined, cache.get('b') !== undefined, cache.get('c') !== undefined]).toEqual([true, false, true]);
    expect(cache.rows).toBe(4);
    cache.set('big', '1', rows(6));
    expect(cache.get('big')).toBeUndefined();
    cache.set('a', '2', rows(1));
    expect(cache.rows).toBe(3);
    expect(cache.get('a')?.version).toBe('2');
    expect(Object.isFrozen(cache.get('a')!.rows[0])).toBe(true);
  });
});

describe('migration add-organization-changes', () => {
  it('reverts to counters without changes and applies again, the counts kept by the same triggers', async () => {
    const db = t.app.ctx.db;
    const column = async () => (await sql.query(`select 1 from information_schema.columns where table_name = 'organization_counts' and column_name = 'changes'`)).rowCount;
    const version = async () => Number((await sql.query(`select coalesce(sum(changes), 0) v from organization_counts where organization_id = $1`, [t.organizationId])).rows[0].v);
    expect(await column()).toBe(1);
    // Undo the migrations after it, then it.
    const after = MIGRATIONS.length - 1 - MIGRATIONS.findIndex((m) => m.name === 'AddOrganizationChanges1764400000000');
    for (let i = 0; i < after; i++) await db.undoLastMigration({ transaction: 'all' });
    expect(await column()).toBe(1);
    await db.undoLastMigration({ transaction: 'all' });
    expect(await column()).toBe(0);
    // The server reads versions, so it waits; the counters go on without them.
    const count = async () => Number((await sql.query(`select coalesce(sum(domains), 0) n from organization_counts where organization_id = $1`, [t.organizationId])).rows[0].n);
    const n = await count();
    await sql.query(
      `insert into domains (organization_id, app_id, hostname, is_wildcard, letsencrypt_enabled, canonical, status, dns_check_count)
       select organization_id, id, 'reverted.' || $2, false, false, false, 'PENDING_DNS', 0 from apps where organization_id = $1`,
      [t.organizationId, t.zone],
    );
    expect(await count()).toBe(n + 1);
    await db.runMigrations({ transaction: 'all' });
    expect(await column()).toBe(1);
    const before = await version();
    await sql.query(`update domains set status = status where organization_id = $1`, [t.organizationId]);
    await addWithCertificate(t.token, `reapplied.${t.zone}`);
    expect(await version()).toBe(before + 3); // the update, the domain insert, the certificate insert
    expect((await read()).page).toEqual(await fromTables(t.organizationId));
  });
});
