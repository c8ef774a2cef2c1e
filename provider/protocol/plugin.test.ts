import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProviderDir } from '../../scripts/build-provider.js';
import { gqlOk } from '../../test/helpers/graphql.js';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { providerSchema } from '../config.js';
import { domainDataSource } from '../data-sources/domain.js';
import { domainResource } from '../resources/domain.js';
import { startPlugin, type PluginProcess } from '../testing/plugin-client.js';
import { dv, fromDv } from '../testing/values.js';
import { encode, Ext } from './msgpack-codec.js';
import { Unknown } from './values.js';

let exe: string;
let t: TestApp;
let p: PluginProcess;
let bundle: string;
const D = domainResource.schema;

beforeAll(async () => {
  bundle = await mkdtemp(path.join(tmpdir(), 'certplane-provider-'));
  exe = await buildProviderDir(bundle);
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
  p = await startPlugin(exe, { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: t.token });
});
afterAll(async () => {
  p?.kill();
  await t?.stop();
  if (bundle) await rm(bundle, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(exe, args, { env: { PATH: process.env.PATH!, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/TF_REATTACH_PROVIDERS='.+'/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    setTimeout(() => child.kill(), 5000);
  });

describe('the provider executable, started as Terraform starts it', () => {
  it('tells a person who runs it by hand what it is, on stderr, and prints nothing on stdout', async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/This binary is a plugin/);
  });

  it('prints one handshake line with the negotiated protocol 6, a loopback address and its certificate, then nothing else', async () => {
    expect(p.parts.slice(0, 3)).toEqual(['1', '6', 'tcp']);
    expect(p.parts[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    const port = Number(p.parts[3].split(':')[1]);
    expect(port).toBeGreaterThanOrEqual(10000);
    expect(port).toBeLessThanOrEqual(25000);
    expect(p.parts[4]).toBe('grpc');
    expect(p.parts[5]).not.toMatch(/=$/); // base64 without padding, as go-plugin reads it
    expect(p.serverCert.checkHost('localhost')).toBe('localhost');
    expect((await p.health()).status).toBe(1);
    expect(p.stdoutAfterHandshake()).toBe('');
  });

  it('refuses connections without the client certificate Terraform passed (mutual TLS)', async () => {
    const insecure = p.rawClient('grpc.health.v1.Health', false);
    await expect(
      new Promise((resolve, reject) => insecure.Check({ service: 'plugin' }, { deadline: Date.now() + 3000 }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r)))),
    ).rejects.toThrow();
    insecure.close();
  });

  it('refuses a client that offers only protocol 5', async () => {
    const r = await run([], { TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_PROTOCOL_VERSIONS: '5' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/protocol 6/);
  });

  it('serves the schema: versions, force-new and sensitive attributes, timeouts block', async () => {
    const s = await p.call('GetProviderSchema');
    expect(s.diagnostics).toEqual([]);
    expect(s.server_capabilities.plan_destroy).toBe(true);
    const attr = (schema: any, name: string) => schema.block.attributes.find((a: any) => a.name === name);
    expect(attr(s.provider, 'token').sensitive).toBe(true);
    const domain = s.resource_schemas.certplane_domain;
    expect(domain.version).toBe(1);
    expect(attr(domain, 'common_name')).toMatchObject({ required: true });
    expect(JSON.parse(attr(domain, 'dns_requirements').type.toString())[0]).toBe('object');
    const cert = s.resource_schemas.certplane_certificate;
    expect(attr(cert, 'private_key_pem')).toMatchObject({ computed: true, sensitive: true });
    expect(cert.block.block_types[0]).toMatchObject({ type_name: 'timeouts', nesting: 1 });
    expect(Object.keys(s.resource_schemas).sort()).toEqual(['certplane_app', 'certplane_certificate', 'certplane_custom_certificate', 'certplane_domain', 'certplane_zone']);
    expect(Object.keys(s.data_source_schemas).sort()).toEqual(['certplane_certificate', 'certplane_domain', 'certplane_domain_check', 'certplane_zone']);
  });

  it('validates known values, pointing at the attribute, and accepts refined unknowns', async () => {
    const bad = await p.call('ValidateResourceConfig', {
      type_name: 'certplane_certificate',
      config: { msgpack: encode({ domain: 'x', sans: null, key_type: 'DSA', auto_renew: null, revoke_on_destroy: null, id: null, timeouts: null } as never) },
    });
    expect(bad.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Invalid key type', attribute: { steps: [{ attribute_name: 'key_type' }] } });
    // common_name = "www.${var.zone}" while var.zone is unknown: Terraform 1.11 sends extension 12 with the prefix.
    const refined = new Ext(12, encode({ 1: false, 2: 'www.' } as never));
    const config = { id: null, common_name: refined, app: new Ext(0, Buffer.from([0])), letsencrypt_enabled: null, canonical: null, status: null, status_message: null, letsencrypt_status: null, dns_requirements: null };
    const ok = await p.call('ValidateResourceConfig', { type_name: 'certplane_domain', config: { msgpack: encode(config as never) } });
    expect(ok.diagnostics).toEqual([]);
    const plan = await p.call('PlanResourceChange', { type_name: 'certplane_domain', prior_state: dv(D, null), proposed_new_state: { msgpack: encode(config as never) }, config: { msgpack: encode(config as never) } });
    const planned = fromDv(D, plan.planned_state);
    expect(planned.common_name).toBeInstanceOf(Unknown);
    expect(planned.id).toBeInstanceOf(Unknown);
    expect(planned.letsencrypt_enabled).toBe(true);
  });
});

describe('certplane_domain through the protocol', () => {
  const host = () => `www.${t.zone}`;
  const config = (over: Record<string, unknown> = {}) => ({ id: null, common_name: host(), app: 'shop', letsencrypt_enabled: false, canonical: null, status: null, status_message: null, letsencrypt_status: null, dns_requirements: null, ...over });
  const plan = async (prior: any, cfg: any) => {
    const proposed = cfg === null ? null : prior ? { ...prior, ...Object.fromEntries(Object.entries(cfg).filter(([, v]) => v !== null)) } : cfg;
    const r = await p.call('PlanResourceChange', { type_name: 'certplane_domain', prior_state: dv(D, prior), proposed_new_state: dv(D, proposed), config: dv(D, cfg) });
    expect(r.diagnostics).toEqual([]);
    return { planned: fromDv(D, r.planned_state), replace: r.requires_replace.map((x: any) => x.steps[0].attribute_name) };
  };
  const apply = async (prior: any, planned: any, cfg: any) => {
    const r = await p.call('ApplyResourceChange', { type_name: 'certplane_domain', prior_state: dv(D, prior), planned_state: dv(D, planned), config: dv(D, cfg) });
    return { state: fromDv(D, r.new_state), diagnostics: r.diagnostics };
  };
  const read = async (state: any) => fromDv(D, (await p.call('ReadResource', { type_name: 'certplane_domain', current_state: dv(D, state) })).new_state);
  let state: any;

  it('configures from CERTPLANE_ENDPOINT / CERTPLANE_TOKEN', async () => {
    const r = await p.call('ConfigureProvider', { terraform_version: '1.11.4', config: dv(providerSchema, { endpoint: null, token: null }) });
    expect(r.diagnostics).toEqual([]);
  });

  it('plans a create with computed attributes unknown, applies it and reads it back unchanged', async () => {
    const cfg = config({ common_name: host().toUpperCase() });
    const { planned } = await plan(null, cfg);
    expect(planned.id).toBeInstanceOf(Unknown);
    expect(planned.canonical).toBe(false);
    const r = await apply(null, planned, cfg);
    expect(r.diagnostics).toEqual([]);
    state = r.state;
    expect(state).toMatchObject({ common_name: host().toUpperCase(), app: 'shop', letsencrypt_enabled: false, status: 'PENDING_DNS' });
    expect(state.dns_requirements).toMatchObject({ targets: ['127.0.0.1'], acme_challenge_record: `_acme-challenge.${host()}` });
    // The DNS check runs meanwhile and may reword status_message; everything else reads back as applied.
    const fresh = await read(state);
    expect({ ...fresh, status_message: null }).toEqual({ ...state, status_message: null });
    state = fresh;
    // A second plan of the same configuration changes nothing.
    const again = await plan(state, cfg);
    expect(again.planned).toEqual(state);
    expect(again.replace).toEqual([]);
  });

  it('plans an in-place update with status unknown, and a replacement for common_name', async () => {
    const cfg = config({ common_name: state.common_name, letsencrypt_enabled: true });
    const upd = await plan(state, cfg);
    expect(upd.replace).toEqual([]);
    expect(upd.planned.status).toBeInstanceOf(Unknown);
    const r = await apply(state, upd.planned, cfg);
    expect(r.diagnostics).toEqual([]);
    expect(r.state.letsencrypt_enabled).toBe(true);
    state = r.state;
    expect((await plan(state, config({ common_name: `api.${t.zone}`, letsencrypt_enabled: true }))).replace).toEqual(['common_name']);
  });

  it('reports API errors on the attribute they concern', async () => {
    const cfg = config({ common_name: host() });
    const { planned } = await plan(null, cfg);
    const r = await apply(null, planned, cfg);
    expect(r.state).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ severity: 1, attribute: { steps: [{ attribute_name: 'common_name' }] } });
    expect(r.diagnostics[0].detail).toMatch(/CONFLICT/);
  });

  it('imports by app:common_name, matching the hostname exactly (not a name that contains it) and checking the app', async () => {
    // old.www.<zone> contains www.<zone>: a substring search would find both.
    await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h, letsencryptEnabled: false }) { id } }', { h: `old.${host()}` });
    const r = await p.call('ImportResourceState', { type_name: 'certplane_domain', id: `shop:${host()}` });
    expect(r.diagnostics).toEqual([]);
    const imported = fromDv(D, r.imported_resources[0].state);
    expect(imported).toMatchObject({ id: state.id, app: 'shop', common_name: host(), letsencrypt_enabled: true });
    // Another spelling (case, a trailing dot) finds the same domain, and the state holds the API's
    // spelling: a configuration spelled either way then plans no replacement (at most an in-place update).
    const spelled = await p.call('ImportResourceState', { type_name: 'certplane_domain', id: `shop:${host().toUpperCase()}.` });
    expect(fromDv(D, spelled.imported_resources[0].state)).toMatchObject({ id: state.id, common_name: host() });
    const missing = await p.call('ImportResourceState', { type_name: 'certplane_domain', id: `shop:ww.${t.zone}` });
    expect(missing.diagnostics[0].summary).toMatch(/Cannot import/);
    expect(missing.diagnostics[0].detail).toMatch(/not found.*app:common_name/);
    const otherApp = await p.call('ImportResourceState', { type_name: 'certplane_domain', id: `blog:${host()}` });
    expect(otherApp.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Cannot import certplane_domain' });
    expect(otherApp.diagnostics[0].detail).toBe(`The domain ${host()} belongs to app shop, not blog. Use the import id shop:${host()}.`);
  });

  it('reads the data source by exact common_name, keeping its spelling, and checks app', async () => {
    const DS = domainDataSource.schema;
    const ds = async (cfg: Record<string, unknown>) => {
      const r = await p.call('ReadDataSource', { type_name: 'certplane_domain', config: dv(DS, { ...Object.fromEntries(Object.keys(DS.block.attributes).map((k) => [k, null])), ...cfg } as never) });
      return { state: fromDv(DS, r.state), diagnostics: r.diagnostics };
    };
    const exact = await ds({ common_name: host(), app: 'shop' });
    expect(exact.diagnostics).toEqual([]);
    expect(exact.state).toMatchObject({ id: state.id, common_name: host(), app: 'shop', letsencrypt_enabled: true });
    const decoy = await ds({ common_name: `OLD.${host()}.` });
    expect(decoy.state).toMatchObject({ common_name: `OLD.${host()}.`, app: 'shop', letsencrypt_enabled: false });
    expect(decoy.state.id).not.toBe(state.id);
    const missing = await ds({ common_name: `ww.${t.zone}` });
    expect(missing.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Domain not found', attribute: { steps: [{ attribute_name: 'common_name' }] } });
    const otherApp = await ds({ common_name: host(), app: 'blog' });
    expect(otherApp.diagnostics[0]).toMatchObject({ summary: 'Domain not found', detail: `The domain ${host()} belongs to app shop, not blog.`, attribute: { steps: [{ attribute_name: 'app' }] } });
  });

  it('upgrades state written by schema version 0', async () => {
    const v0 = { id: state.id, hostname: host(), app: 'shop', letsencrypt_enabled: true, canonical: false, status: 'PENDING_DNS' };
    const r = await p.call('UpgradeResourceState', { type_name: 'certplane_domain', version: 0, raw_state: { json: Buffer.from(JSON.stringify(v0)) } });
    expect(r.diagnostics).toEqual([]);
    expect(fromDv(D, r.upgraded_state)).toMatchObject({ id: state.id, common_name: host(), dns_requirements: null });
  });

  it('reads a domain deleted outside Terraform as gone, and destroys idempotently', async () => {
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { removeDomain(id: $id) }', { id: state.id });
    expect(await read(state)).toBeNull();
    const { planned } = await plan(state, null);
    expect(planned).toBeNull();
    expect((await apply(state, null, null)).diagnostics).toEqual([]);
  });

});

describe('shutdown', () => {
  it('exits when Terraform calls GRPCController.Shutdown', async () => {
    await p.shutdown();
    expect(await p.exited).toBe(0);
  });
});

describe('when Terraform goes away', () => {
  it('exits once the process that started it is gone', async () => {
    const env = { PATH: process.env.PATH!, TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_PROTOCOL_VERSIONS: '6' };
    // A shell stands in for Terraform: it starts the provider, waits for its handshake, and dies.
    const sh = spawn('sh', ['-c', `"${exe}" > "$0" & echo $!; sleep 1`, path.join(tmpdir(), `handshake-${process.pid}`)], { env });
    const pid = Number(await new Promise<string>((resolve) => sh.stdout.once('data', (d) => resolve(String(d).trim()))));
    await new Promise((r) => sh.on('exit', r));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const end = Date.now() + 8000;
    while (alive() && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(alive()).toBe(false);
  });
});

describe('--debug', () => {
  it('prints a TF_REATTACH_PROVIDERS value for a provider serving without TLS', async () => {
    const r = await run(['--debug']);
    const m = /TF_REATTACH_PROVIDERS='(.+)'/.exec(r.stdout);
    expect(m).not.toBeNull();
    const reattach = JSON.parse(m![1])['registry.terraform.io/certplane/certplane'];
    expect(reattach).toMatchObject({ Protocol: 'grpc', ProtocolVersion: 6, Test: true, Addr: { Network: 'tcp' } });
  });
});

