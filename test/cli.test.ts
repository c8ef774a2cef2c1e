import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../server/src/db/embedded-postgres.js';
import { ensureBuilt, ROOT } from './helpers/build.js';
import { importedPackages, runCli, startCli, type CliRun } from './helpers/cli.js';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { BLOCKED_SUFFIX } from './helpers/pebble.js';
import { waitUntil } from './helpers/wait.js';

/**
 * The `certplane` command line run as a user runs it (node bin/certplane.js, compiled JS) against a
 * control plane issuing from the suite's Pebble through its PowerDNS: login, apps, domains,
 * certificates from request to delete, watch, events, --json and the exit codes.
 */
let t: TestApp;
const tmp = path.resolve(process.env.CERTPLANE_TEST_TMP ?? path.join(ROOT, '.test-tmp'), `cli-${process.pid}`);
const configHome = path.join(tmp, 'config');
/** Environment of every run: the login file under tmp, no CERTPLANE_* variables. */
const env = { XDG_CONFIG_HOME: configHome };

beforeAll(async () => {
  await ensureBuilt();
  t = await startTestApp();
  await mkdir(tmp, { recursive: true });
}, 300_000);
afterAll(async () => {
  await t?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[], extra: Record<string, string> = {}, input?: string) => runCli(args, { ...env, ...extra }, input);

/** A run that must succeed; returns its stdout. */
async function ok(args: string[], extra: Record<string, string> = {}): Promise<string> {
  const run = await cli(args, extra);
  expect(run.code, `certplane ${args.join(' ')}\n${run.stderr}${run.stdout}`).toBe(0);
  return run.stdout;
}

/** A --json run that must succeed; returns its parsed stdout. */
const okJson = async <T = any>(args: string[], extra: Record<string, string> = {}): Promise<T> => JSON.parse(await ok([...args, '--json'], extra)) as T;

const expectApiError = (run: CliRun, code: string, message: RegExp) => {
  expect(run.code, run.stderr + run.stdout).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).toContain(`(${code})`);
};

const pemBlocks = (pem: string) => pem.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g) ?? [];

describe('certplane login', () => {
  it('checks the token against the API and saves endpoint and token with mode 0600', async () => {
    const out = await ok(['login', '--endpoint', t.url, '--token', t.token]);
    expect(out).toMatch(/^logged in to http:\/\/127\.0\.0\.1:\d+ as organization test-org \(/);
    const file = path.join(configHome, 'certplane', 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ endpoint: t.url, token: t.token });
  });

  it('reads the token from stdin, and refuses a bad one without saving it', async () => {
    const run = await cli(['login', '--endpoint', t.url, '--json'], {}, `${t.token}\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ endpoint: t.url, organization: { id: t.organizationId, name: 'test-org' } });
    expectApiError(await cli(['login', '--endpoint', t.url, '--token', `cpt_${'A'.repeat(43)}`]), 'UNAUTHENTICATED', /^certplane: invalid or revoked token/);
    expect(JSON.parse(await readFile(path.join(configHome, 'certplane', 'config.json'), 'utf8')).token).toBe(t.token);
  });

  it('lets CERTPLANE_ENDPOINT and CERTPLANE_TOKEN win over the saved login; a server that cannot be reached is one line, exit 1', async () => {
    const port = await freePort();
    const run = await cli(['apps', 'list'], { CERTPLANE_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`certplane: cannot reach certplane at http://127.0.0.1:${port}/graphql: ECONNREFUSED\n`);
    expectApiError(await cli(['apps', 'list'], { CERTPLANE_TOKEN: `cpt_${'B'.repeat(43)}` }), 'UNAUTHENTICATED', /invalid or revoked token/);
    // Given as the /graphql URL, the endpoint works too.
    expect(await okJson(['apps', 'list'], { CERTPLANE_ENDPOINT: `${t.url}/graphql` })).toEqual([]);
  });
});

describe('apps, domains and certificates', () => {
  const www = () => `www.${t.zone}`;
  const api = () => `api.${t.zone}`;
  let wwwId: string;
  let apiId: string;
  let certId: string;

  it('apps create and list', async () => {
    const app = await okJson(['apps', 'create', 'shop']);
    expect(app).toMatchObject({ name: 'shop', id: expect.any(String) });
    const table = (await ok(['apps', 'list'])).split('\n');
    expect(table[0]).toMatch(/^ID\s+NAME\s+DEFAULT_DOMAIN\s+CREATED_AT$/);
    expect(table[1]).toMatch(new RegExp(`^${app.id}\\s+shop\\s+-\\s+\\d{4}-`));
    expect((await okJson(['apps', 'list'])).map((a: { name: string }) => a.name)).toEqual(['shop']);
  });

  it('domains add, with and without --no-letsencrypt, and show until IN_USE', async () => {
    await t.dns.setRecord(www(), 'A', ['127.0.0.1']);
    await t.dns.setRecord(api(), 'A', ['127.0.0.1']);
    const readable = await ok(['domains', 'add', www(), '--app', 'shop']);
    expect(readable).toMatch(new RegExp(`^hostname\\s+${www().replace(/\./g, '\\.')}$`, 'm'));
    expect(readable).toMatch(/^status\s+PENDING_DNS$/m);
    expect(readable).toMatch(/^letsencryptEnabled\s+true$/m);
    const added = await okJson(['domains', 'add', api(), '--app', 'shop', '--no-letsencrypt']);
    expect(added).toMatchObject({ hostname: api(), letsencryptEnabled: false, letsencryptStatus: 'DISABLED' });
    apiId = added.id;
    const domain = await waitUntil(async () => {
      const d = await okJson(['domains', 'show', www()]);
      return d.status === 'IN_USE' && d.letsencryptStatus === 'ISSUED' && d;
    }, 45_000, `${www()} to be IN_USE`);
    wwwId = domain.id;
    expect(domain.certificates).toHaveLength(1);
    // Without Let's Encrypt a domain is IN_USE as soon as DNS points here, with no certificate.
    const noLe = await waitUntil(async () => {
      const d = await okJson(['domains', 'show', apiId]);
      return d.status === 'IN_USE' && d;
    }, 30_000, `${api()} to be IN_USE`);
    expect(noLe.certificates).toEqual([]);
  }, 90_000);

  it('domains list and check', async () => {
    const lines = (await ok(['domains', 'list', '--app', 'shop'])).trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+HOSTNAME\s+APP\s+STATUS\s+LETSENCRYPT_STATUS\s+PRIMARY_CERTIFICATE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(1, 4)).sort()).toEqual([
      [api(), 'shop', 'IN_USE'],
      [www(), 'shop', 'IN_USE'],
    ]);
    expect((await okJson(['domains', 'list', '--hostname', 'api.'])).map((d: { id: string }) => d.id)).toEqual([apiId]);
    const check = await okJson(['domains', 'check', www()]);
    expect(check).toMatchObject({ dnsConfigured: true, validationErrors: [], domain: { id: wwwId, status: 'IN_USE' } });
    expect(check.records.a).toEqual(['127.0.0.1']);
    expect(await ok(['domains', 'check', wwwId])).toMatch(/^dnsConfigured\s+true$/m);
  });

  it('certs request --wait streams the status changes until ISSUED, exit 0', async () => {
    const run = await cli(['certs', 'request', api()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^status\s+PENDING$/m);
    certId = /^id\s+(\S+)$/m.exec(run.stdout)![1]!;
    // Waits on a certificate of its own (ECDSA beside the RSA one just requested).
    const waited = await cli(['certs', 'request', apiId, '--key-type', 'ECDSA_P256', '--san', api(), '--wait']);
    expect(waited.code, waited.stderr + waited.stdout).toBe(0);
    const statuses = waited.stdout.split('\n\n')[0]!.split('\n').map((l) => l.split(/\s{2,}/)[3]);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses.at(-1)).toBe('ISSUED');
    expect(statuses).toEqual([...new Set(statuses)]);
    expect(waited.stdout).toMatch(/^keyType\s+ECDSA_P256$/m);
    // With --json: the final certificate only, as one document.
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { deleteCertificate(id: $id) }', { id: certId });
    const json = await okJson(['certs', 'request', api(), '--wait']);
    expect(json).toMatchObject({ hostname: api(), status: 'ISSUED', keyType: 'RSA_2048', orderInFlight: false });
    certId = json.id;
  }, 90_000);

  it('certs request --wait ends FAILED with exit 1 when the CA refuses the name', async () => {
    const zone = `z${randomBytes(4).toString('hex')}.${BLOCKED_SUFFIX}`;
    await t.dns.createZone(zone);
    await t.dns.setRecord(`www.${zone}`, 'A', ['127.0.0.1']);
    await ok(['domains', 'add', `www.${zone}`, '--app', 'shop', '--no-letsencrypt']);
    const run = await cli(['certs', 'request', `www.${zone}`, '--wait']);
    expect(run.code, run.stderr + run.stdout).toBe(1);
    const lines = run.stdout.split('\n\n')[0]!.split('\n');
    expect(lines[0]!.split(/\s{2,}/)[3]).toBe('PENDING');
    expect(lines.at(-1)).toMatch(/\s{2}FAILED\s{2}the CA refused the order for .*forbidden by policy/);
    expect(run.stdout).toMatch(/^status\s+FAILED$/m);
    await ok(['domains', 'remove', `www.${zone}`]);
  }, 60_000);

  it('certs list and show', async () => {
    const lines = (await ok(['certs', 'list', '--domain', api()])).trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+HOSTNAME\s+SANS\s+STATUS\s+SOURCE\s+KEY_TYPE\s+EXPIRES_AT$/);
    expect(lines).toHaveLength(3);
    const all = await okJson<Array<{ id: string; status: string; hostname: string }>>(['certs', 'list']);
    expect(all.filter((c) => c.status === 'ISSUED').map((c) => c.hostname).sort()).toEqual([api(), api(), www()]);
    expect((await okJson(['certs', 'list', '--status', 'ISSUED', '--hostname', 'www.'])).length).toBe(1);
    const shown = await ok(['certs', 'show', certId]);
    expect(shown).toMatch(new RegExp(`^id\\s+${certId}$`, 'm'));
    expect(shown).toMatch(/^status\s+ISSUED$/m);
    expect(shown).toMatch(/^issuer\s+Pebble Intermediate CA/m);
    expect(await okJson(['certs', 'show', certId])).toMatchObject({ id: certId, status: 'ISSUED', domain: { id: apiId } });
  });

  it('certs download writes the API PEMs; the key (mode 0600) only with the certificates:read_private_key scope', async () => {
    const out = path.join(tmp, 'download');
    const noKey = await cli(['certs', 'download', certId, '--out', out]);
    expect(noKey.code, noKey.stderr).toBe(0);
    expect(noKey.stderr).toMatch(/^certplane: private key not written: reading private keys needs a token with the certificates:read_private_key scope \(FORBIDDEN\)\n$/);
    await expect(stat(path.join(out, 'privkey.pem'))).rejects.toThrow(/ENOENT/);

    const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "tls", scopes: ["read", "certificates:read_private_key"]) { token } }');
    const { certificate } = await gqlOk(t.url, createApiToken.token, 'query($id: ID!) { certificate(id: $id) { certificatePem privateKeyPem } }', { id: certId });
    const written = await okJson(['certs', 'download', certId, '--out', out], { CERTPLANE_TOKEN: createApiToken.token });
    expect(written.privateKeyError).toBeNull();
    const chain = pemBlocks(certificate.certificatePem);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(pemBlocks(await readFile(path.join(out, 'cert.pem'), 'utf8'))).toEqual([chain[0]]);
    expect(pemBlocks(await readFile(path.join(out, 'chain.pem'), 'utf8'))).toEqual(chain.slice(1));
    expect(pemBlocks(await readFile(path.join(out, 'fullchain.pem'), 'utf8'))).toEqual(chain);
    expect((await readFile(path.join(out, 'privkey.pem'), 'utf8')).trim()).toBe(certificate.privateKeyPem.trim());
    expect((await stat(path.join(out, 'privkey.pem'))).mode & 0o777).toBe(0o600);
  });

  it('certs watch sees a renewal start and end; certs renew', async () => {
    const watch = startCli(['certs', 'watch', '--json'], env);
    try {
      await watch.waitFor((_, err) => err.includes('watching every certificate'));
      await new Promise((r) => setTimeout(r, 300)); // the server registers the subscription after the ack
      const renewed = await okJson(['certs', 'renew', certId]);
      expect(renewed).toMatchObject({ id: certId, status: 'ISSUED', orderInFlight: true });
      const events = () => watch.stdout().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; status: string; orderInFlight: boolean });
      await watch.waitFor(() => events().some((e) => e.id === certId && e.status === 'ISSUED' && !e.orderInFlight), 45_000);
      // The renewal's start (ISSUED, orderInFlight) comes first, unless it was published before the server
      // registered the subscription (graphql-ws acknowledges the connection, not the subscription).
      const seen = events().filter((e) => e.id === certId);
      expect(seen.at(-1)).toMatchObject({ status: 'ISSUED', orderInFlight: false });
      if (seen.length > 1) expect(seen[0]).toMatchObject({ status: 'ISSUED', orderInFlight: true });
      expect(await ok(['certs', 'show', certId])).toMatch(/^orderInFlight\s+false$/m);
    } finally {
      watch.child.kill('SIGINT');
    }
    expect(await watch.exited).toBe(0);
  }, 90_000);

  it('certs watch with a token the server refuses: its reason in one line, exit 1', async () => {
    const run = await cli(['certs', 'watch'], { CERTPLANE_TOKEN: `cpt_${'C'.repeat(43)}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('certplane: invalid or revoked token (websocket closed 4403)\n');
  });

  it('events: a certificate log by certificate id, a domain log by hostname or domain id', async () => {
    const lines = (await ok(['events', certId])).trim().split('\n');
    expect(lines[0]).toMatch(/^CREATED_AT\s+TYPE\s+STATUS\s+MESSAGE$/);
    const types = (await okJson<Array<{ type: string }>>(['events', certId])).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['requested', 'issued', 'renewal_started', 'renewed']));
    const byHostname = await okJson<Array<{ type: string }>>(['events', www()]);
    expect(byHostname.map((e) => e.type)).toContain('dns_verified');
    expect(await okJson(['events', wwwId])).toEqual(byHostname);
    expect((await ok(['events', www()])).split('\n')[0]).toMatch(/^CREATED_AT\s+TYPE\s+MESSAGE$/);
    expectApiError(await cli(['events', '00000000-0000-4000-8000-000000000000']), 'NOT_FOUND', /^certplane: no certificate or domain 00000000-0000-4000-8000-000000000000 /);
  });

  it('certs revoke and delete; then the certificate is NOT_FOUND, exit 1 with the message and code', async () => {
    const revoked = await okJson(['certs', 'revoke', certId, '--reason', 'KEY_COMPROMISE']);
    expect(revoked).toMatchObject({ id: certId, status: 'REVOKED', revocationReason: 'KEY_COMPROMISE' });
    expect(await okJson(['certs', 'delete', certId])).toEqual({ id: certId, deleted: true });
    expectApiError(await cli(['certs', 'show', certId]), 'NOT_FOUND', new RegExp(`^certplane: Certificate ${certId} not found`));
    const json = await cli(['certs', 'show', certId, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({ error: { message: expect.stringMatching(/not found/), code: 'NOT_FOUND' } });
    expectApiError(await cli(['certs', 'renew', certId]), 'NOT_FOUND', /not found/);
  });

  it('domains remove, then show is NOT_FOUND', async () => {
    expect(await ok(['domains', 'remove', api()])).toBe(`removed domain ${api()} (${apiId})\n`);
    expectApiError(await cli(['domains', 'show', apiId]), 'NOT_FOUND', /not found/);
    expectApiError(await cli(['domains', 'remove', api()]), 'NOT_FOUND', /not found/);
  });
});

describe('usage errors', () => {
  it('exit 2 with commander\'s message: unknown command, missing option or argument, a value not allowed', async () => {
    for (const args of [['bogus'], ['domains', 'add', 'x.example.com'], ['certs', 'show'], ['certs', 'revoke', 'x', '--reason', 'NOPE'], ['apps']]) {
      const run = await cli(args);
      expect(run.code, `certplane ${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
    }
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: certplane /);
  });

  it('says to run npm run build when the CLI is not built', async () => {
    // bin/certplane.js is plain JS: it finds dist/cli/main.js beside it or says what to do.
    const { spawnSync } = await import('node:child_process');
    const { cpSync } = await import('node:fs');
    const fake = path.join(tmp, 'unbuilt');
    cpSync(path.join(ROOT, 'bin'), path.join(fake, 'bin'), { recursive: true });
    const run = spawnSync(process.execPath, [path.join(fake, 'bin/certplane.js'), '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`certplane: the command line is not built: run \`npm run build\` in ${fake}/\n`);
  });
});

describe('start-up', () => {
  it('--help imports commander and no other package; graphql-ws, ws (and graphql, which graphql-ws imports) by the commands that subscribe', async () => {
    expect(await importedPackages(['--help'], path.join(tmp, 'trace'))).toEqual(['commander']);
    expect(await importedPackages(['certs', 'list', '--help'], path.join(tmp, 'trace'))).toEqual(['commander']);
    const port = await freePort();
    const unreachable = { CERTPLANE_ENDPOINT: `http://127.0.0.1:${port}`, CERTPLANE_TOKEN: t.token };
    expect(await importedPackages(['certs', 'watch'], path.join(tmp, 'trace'), unreachable)).toEqual(['commander', 'graphql', 'graphql-ws', 'ws']);
    const watch = await cli(['certs', 'watch'], unreachable);
    expect(watch.code).toBe(1);
    expect(watch.stderr).toBe(`certplane: cannot reach certplane at ws://127.0.0.1:${port}/graphql: ECONNREFUSED\n`);
  });
});
