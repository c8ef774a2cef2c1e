import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../server/src/auth/tokens.js';
import { bootstrapFirstOrganization } from '../server/src/bootstrap.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../server/src/db/embedded-postgres.js';
import { ensureBuilt, ROOT } from './helpers/build.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

/**
 * A token that is well-formed but unknown or revoked is told so, and a lost admin token is recovered on
 * the server's machine with `npm run token -- create`, against the database the server uses:
 * DATABASE_URL, or the embedded data dir (its Postgres running under a certplane, or not running).
 */
let t: TestApp;
const tmp = path.resolve(process.env.CERTPLANE_TEST_TMP ?? path.join(ROOT, '.test-tmp'), `token-cli-${process.pid}`);

beforeAll(async () => {
  await ensureBuilt();
  t = await startTestApp({ role: 'api' });
  await mkdir(tmp, { recursive: true });
}, 300_000);
afterAll(async () => {
  await t?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const messageOf = async (token: string | null) => {
  const res = await gql(t.url, token ?? '', '{ organization { id } }');
  return { code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message };
};

describe('an unknown or revoked token', () => {
  it('is answered "invalid or revoked token" (UNAUTHENTICATED), a missing token still "send an API token"', async () => {
    expect(await messageOf(`cpt_${'A'.repeat(43)}`)).toEqual({ code: 'UNAUTHENTICATED', message: 'invalid or revoked token' });
    const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "doomed", scopes: ["read"]) { id token } }');
    expect(await messageOf(createApiToken.token)).toEqual({ code: undefined, message: undefined });
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id: createApiToken.id });
    // The API forgets it on hearing the revocation (LISTEN/NOTIFY), within milliseconds.
    await waitUntil(async () => (await messageOf(createApiToken.token)).code, 5_000, 'the revoked token to be refused');
    expect(await messageOf(createApiToken.token)).toEqual({ code: 'UNAUTHENTICATED', message: 'invalid or revoked token' });
    expect(await messageOf(null)).toEqual({ code: 'UNAUTHENTICATED', message: 'send an API token: Authorization: Bearer <token>' });
    expect(await messageOf('not-a-token')).toEqual({ code: 'UNAUTHENTICATED', message: 'send an API token: Authorization: Bearer <token>' });
  });
});

/** `npm run token -- <args>` with `env` over a clean environment. */
async function tokenCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base)) if (k === 'DATABASE_URL' || k === 'NODE_OPTIONS' || k.startsWith('CERTPLANE_')) delete base[k];
  const child = spawn('npm', ['run', '--silent', 'token', '--', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

/** The token a successful run printed, checked to be printed once, with the playground headers as JSON. */
function printedToken(run: { code: number | null; stdout: string; stderr: string }): string {
  expect(run.code, run.stderr + run.stdout).toBe(0);
  const tokens = run.stdout.match(/cpt_[A-Za-z0-9_-]+/g) ?? [];
  expect(new Set(tokens).size, run.stdout).toBe(1);
  const token = tokens[0]!;
  expect(run.stdout).toContain(`\n  ${token}\n`);
  expect(JSON.parse(/\n {2}(\{"Authorization".*\})\n/.exec(run.stdout)![1])).toEqual({ Authorization: `Bearer ${token}` });
  return token;
}

const tokensNamed = async (name: string) =>
  ((await gqlOk(t.url, t.token, '{ apiTokens { name scopes } }')).apiTokens as Array<{ name: string; scopes: string[] }>).filter((x) => x.name === name);

describe('npm run token -- create', () => {
  it('mints a token with DATABASE_URL and CERTPLANE_MASTER_KEY, as the server uses them, and prints it once', async () => {
    const run = await tokenCli(['create', '--name', 'rescue', '--scopes', 'admin,certificates:read_private_key'], t.env);
    const token = printedToken(run);
    expect(run.stdout).toMatch(/for organization "test-org"/);
    // It works against the running API at once, with the scopes asked for.
    expect((await gqlOk(t.url, token, '{ organization { id } }')).organization.id).toBe(t.organizationId);
    expect(await tokensNamed('rescue')).toEqual([{ name: 'rescue', scopes: ['admin', 'certificates:read_private_key'] }]);
  }, 120_000);

  it('refuses an unknown scope in one line, and creates nothing', async () => {
    const run = await tokenCli(['create', '--name', 'typo', '--scopes', 'admin,superuser'], t.env);
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toMatch(/cpt_/);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/unknown scope superuser; valid: admin, read, write, certificates:read_private_key/);
    expect(await tokensNamed('typo')).toEqual([]);
  }, 120_000);

  it('asks which organization when there are several, and takes one by name', async () => {
    const other = await t.newOrganization('neighbour');
    const ambiguous = await tokenCli(['create', '--name', 'which', '--scopes', 'read'], t.env);
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.stderr.trim().split('\n')).toHaveLength(1);
    expect(ambiguous.stderr).toMatch(/there are \d+ organizations: choose one with --organization <id or name>/);
    const token = printedToken(await tokenCli(['create', '--name', 'which', '--scopes', 'read', '--organization', 'neighbour'], t.env));
    expect((await gqlOk(t.url, token, '{ organization { id } }')).organization.id).toBe(other.organizationId);
  }, 120_000);

  describe('on the embedded data dir', () => {
    const dataDir = path.join(tmp, 'data');
    let pg: EmbeddedPostgresHandle | undefined;

    /** The data dir as `npm start` leaves it: a cluster with the certplane database and its first organization. */
    beforeAll(async () => {
      pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
      const db = await openDatabase(await pg.createDatabase('certplane'), 2);
      await bootstrapFirstOrganization(db);
      await db.destroy();
    }, 120_000);
    afterAll(async () => {
      await pg?.stop();
    });

    /** Looks `token` up in the data dir's database (its Postgres running). */
    async function lookUp(token: string) {
      const db = await openDatabase(pg!.serverUrl + 'certplane', 2, { migrate: false });
      try {
        return await authenticate(db, token);
      } finally {
        await db.destroy();
      }
    }

    it('mints through the Postgres of the certplane running on it', async () => {
      const token = printedToken(await tokenCli(['create', '--name', 'while-running', '--scopes', 'admin'], { CERTPLANE_DATA_DIR: dataDir }));
      expect((await lookUp(token))?.scopes).toEqual(['admin']);
    }, 120_000);

    it('mints with nothing running, starting and stopping the embedded Postgres itself', async () => {
      await pg!.stop();
      pg = undefined;
      const token = printedToken(await tokenCli(['create', '--name', 'while-stopped', '--scopes', 'read,write'], { CERTPLANE_DATA_DIR: dataDir }));
      pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
      expect((await lookUp(token))?.scopes).toEqual(['read', 'write']);
    }, 120_000);

    it('refuses a data dir with no cluster in one line (it never makes one)', async () => {
      const run = await tokenCli(['create', '--name', 'nowhere', '--scopes', 'admin'], { CERTPLANE_DATA_DIR: path.join(tmp, 'empty') });
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toEqual([
        `certplane token: no certplane database in ${path.join(tmp, 'empty', 'pg')}: run this where you run npm start (or set CERTPLANE_DATA_DIR to its data dir), or set DATABASE_URL and CERTPLANE_MASTER_KEY as for npm run api`,
      ]);
    }, 60_000);
  });
});
