import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMirror, buildProviderDir } from '../scripts/build-provider.js';
import { findTerraform, terraformWorkspace, type TerraformWorkspace } from '../provider/testing/terraform-cli.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';

/**
 * certplane_zone, certplane_app and data "certplane_zone" with the real Terraform CLI against a running
 * control plane with a platform domain (default domains) whose zones are required (CERTPLANE_REQUIRE_ZONES),
 * and its PowerDNS: apply, a clean second plan, the verification record in state, wait_for_verification
 * failing with the zone's message (an update keeps the zone, a create leaves it tainted: untainted, it keeps
 * its value) and then, with the TXT records there, ending VERIFIED; a domain in the app
 * by id; the app renamed in place with its default domain, the domain kept; import by name; a zone that
 * domains still need kept by destroy (CONFLICT); destroy, the app deleted.
 */
const PLATFORM_DOMAIN = `apps-${randomBytes(3).toString('hex')}.test`;
let t: TestApp;
let tf: TerraformWorkspace;
let tmp: string;

interface Options {
  app?: string;
  wait?: boolean;
  /** timeouts { create, update } of the zones. */
  timeout?: string;
  /** A second zone, shop.<zone>, that waits for verification from its creation. */
  sub?: boolean;
  domain?: boolean;
}

function config({ app = 'shop', wait = false, timeout, sub = false, domain = false }: Options = {}) {
  const timeouts = timeout ? `timeouts {\n    create = "${timeout}"\n    update = "${timeout}"\n  }` : '';
  return `
terraform {
  required_providers {
    certplane = { source = "certplane/certplane" }
  }
}

provider "certplane" {}

resource "certplane_app" "shop" {
  name = "${app}"
}

resource "certplane_zone" "main" {
  name                  = "${t.zone}"
  wait_for_verification = ${wait}
  ${timeouts}
}

${
  sub
    ? `resource "certplane_zone" "shop" {
  name                  = "shop.${t.zone}"
  wait_for_verification = true
  ${timeouts}
}`
    : ''
}

data "certplane_zone" "main" {
  name = upper(certplane_zone.main.name)
}

${
  domain
    ? `resource "certplane_domain" "www" {
  app                 = certplane_app.shop.id
  common_name         = "www.\${certplane_zone.main.name}"
  letsencrypt_enabled = false
  # With zones required, the domain needs the verified zone: created after it, removed before it.
  depends_on = [certplane_zone.main]
}`
    : ''
}

output "verification_record" {
  value = {
    name  = certplane_zone.main.verification_record_name
    type  = certplane_zone.main.verification_record_type
    value = certplane_zone.main.verification_record_value
  }
}
`;
}

const planExit = async () => tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
const oneLine = (s: string) => s.replace(/\s+/g, ' ');
const ZONE_FIELDS = 'id name status verifiedBy verificationRecord { name type value }';
const apiZones = async () => (await gqlOk(t.url, t.token, `{ zones(first: 100) { nodes { ${ZONE_FIELDS} } } }`)).zones.nodes as Array<Record<string, any>>;
const apiApps = async () => (await gqlOk(t.url, t.token, '{ apps { id name defaultDomain { hostname } } }')).apps as Array<Record<string, any>>;
const apiDomains = async () => (await gqlOk(t.url, t.token, '{ domains(first: 100) { nodes { id hostname kind app { id name } } } }')).domains.nodes as Array<Record<string, any>>;

beforeAll(async () => {
  findTerraform();
  tmp = await mkdtemp(path.join(tmpdir(), 'certplane-tf-zones-'));
  const bundle = path.join(tmp, 'provider');
  await buildProviderDir(bundle);
  const mirror = path.join(tmp, 'mirror');
  await buildMirror(mirror, bundle);
  t = await startTestApp({ env: { CERTPLANE_REQUIRE_ZONES: 'true', CERTPLANE_PLATFORM_DOMAIN: PLATFORM_DOMAIN } });
  const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "terraform", scopes: ["read", "write"]) { token } }');
  tf = await terraformWorkspace({ dir: path.join(tmp, 'work'), mirror, env: { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: createApiToken.token } });
});
afterAll(async () => {
  await t?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('terraform with certplane_zone and certplane_app', () => {
  it('applies an app and a pending zone, its verification record in state as the API shows it', async () => {
    await tf.writeConfig(config());
    await tf.run(['init', '-no-color', '-input=false']);
    const plan = await tf.run(['plan', '-no-color']);
    // The record's name and type are known before the zone exists; its value is not.
    expect(plan.stdout).toMatch(new RegExp(`verification_record_name\\s+= "_certplane-zone\\.${t.zone}"`));
    expect(plan.stdout).toMatch(/verification_record_type\s+= "TXT"/);
    expect(plan.stdout).toMatch(/verification_record_value\s+= \(known after apply\)/);
    expect(plan.stdout).toMatch(/Plan: 2 to add, 0 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);

    const r = await tf.resources();
    const [zone] = await apiZones();
    expect(r['certplane_zone.main']).toEqual({
      id: zone.id,
      name: t.zone,
      wait_for_verification: false,
      status: 'PENDING_VERIFICATION',
      status_message: expect.stringContaining(zone.verificationRecord.value),
      verification_record_name: `_certplane-zone.${t.zone}`,
      verification_record_type: 'TXT',
      verification_record_value: zone.verificationRecord.value,
      nameservers: [],
      verified_at: null,
      verified_by: null,
      timeouts: null,
    });
    expect(zone.verificationRecord.value).toMatch(/^certplane-zone-/);
    // The data source finds it by name, in any spelling.
    expect(r['data.certplane_zone.main']).toMatchObject({ id: zone.id, name: t.zone.toUpperCase(), verification_record_value: zone.verificationRecord.value });
    const app = (await apiApps()).find((a) => a.name === 'shop')!;
    expect(app.defaultDomain).toEqual({ hostname: `shop.${PLATFORM_DOMAIN}` });
    expect(r['certplane_app.shop']).toEqual({ id: app.id, name: 'shop', default_domain: `shop.${PLATFORM_DOMAIN}` });
    const out = JSON.parse((await tf.run(['output', '-json'])).stdout);
    expect(out.verification_record.value).toEqual(zone.verificationRecord);
  });

  it('plans no changes the second time', async () => {
    const plan = await planExit();
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
  });

  it("fails wait_for_verification with the zone's status message while the TXT record is missing: an update keeps the zone, a create leaves it tainted", async () => {
    const before = (await tf.resources())['certplane_zone.main'];
    await tf.writeConfig(config({ wait: true, timeout: '2s', sub: true }));
    const plan = await planExit();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/certplane_zone\.main will be updated in-place/);
    expect(plan.stdout).toMatch(/status\s+= "PENDING_VERIFICATION" -> \(known after apply\)/);
    expect(plan.stdout).toMatch(/Plan: 1 to add, 1 to change, 0 to destroy/);
    const apply = await tf.run(['apply', '-no-color', '-auto-approve'], { allowFail: true });
    expect(apply.code).not.toBe(0);
    const err = oneLine(apply.stderr);
    expect(err).toContain(`Error: Zone not verified`);
    expect(err).toContain(`The zone ${t.zone} is still PENDING_VERIFICATION (it was not verified within 2 s)`);
    expect(err).toContain(`create the TXT record _certplane-zone.${t.zone} with the value "${before.verification_record_value}"`);
    expect(err).toContain(`The zone shop.${t.zone} is still PENDING_VERIFICATION (it was not verified within 2 s)`);
    expect(err).toContain('to keep this zone and its value, run terraform untaint on it');
    // The update that failed: the same zone, not tainted. The create that failed: tracked, tainted.
    const after = await tf.resources();
    expect(after['certplane_zone.main']).toMatchObject({ id: before.id, status: 'PENDING_VERIFICATION', verification_record_value: before.verification_record_value });
    expect((await tf.run(['state', 'show', '-no-color', 'certplane_zone.main'])).stdout).not.toMatch(/tainted/);
    expect(after['certplane_zone.shop']).toMatchObject({ name: `shop.${t.zone}`, status: 'PENDING_VERIFICATION', wait_for_verification: true });
    expect((await tf.run(['state', 'show', '-no-color', 'certplane_zone.shop'])).stdout).toMatch(/tainted/);
  });

  it('waits until the zones are VERIFIED once their TXT records are there (the untainted one kept), then plans clean', async () => {
    const before = await tf.resources();
    await tf.run(['untaint', '-no-color', 'certplane_zone.shop']);
    for (const z of ['main', 'shop']) {
      const { verification_record_name, verification_record_value } = before[`certplane_zone.${z}`];
      await t.dns.setRecord(verification_record_name, 'TXT', [`"${verification_record_value}"`]);
    }
    await tf.writeConfig(config({ wait: true, sub: true }));
    const plan = await planExit();
    expect(plan.stdout).toMatch(/Plan: 0 to add, 2 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const after = await tf.resources();
    for (const z of ['main', 'shop']) {
      const { id, verification_record_value } = before[`certplane_zone.${z}`];
      const zone = after[`certplane_zone.${z}`];
      expect(zone).toMatchObject({ id, verification_record_value, status: 'VERIFIED', verified_by: 'TXT', wait_for_verification: true });
      expect(Date.parse(zone.verified_at)).toBeGreaterThan(Date.now() - 60_000);
      expect((await apiZones()).find((a) => a.id === id)).toMatchObject({ status: 'VERIFIED', verifiedBy: 'TXT' });
    }
    const again = await planExit();
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);
  });

  it("adds a domain to the app by the app's id, under the verified zone", async () => {
    await tf.writeConfig(config({ wait: true, sub: true, domain: true }));
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const r = await tf.resources();
    expect(r['certplane_domain.www']).toMatchObject({ app: r['certplane_app.shop'].id, common_name: `www.${t.zone}` });
    expect((await planExit()).code).toBe(0);
  });

  it('renames the app in place, its default domain with it, keeping the domain that refers to it by id', async () => {
    const before = await tf.resources();
    await tf.writeConfig(config({ app: 'storefront', wait: true, sub: true, domain: true }));
    const plan = await planExit();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/certplane_app\.shop will be updated in-place/);
    expect(plan.stdout).toMatch(/~ name\s+= "shop" -> "storefront"/);
    expect(plan.stdout).toContain(`~ default_domain = "shop.${PLATFORM_DOMAIN}" -> "storefront.${PLATFORM_DOMAIN}"`);
    expect(plan.stdout).not.toMatch(/forces replacement|must be replaced/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const after = await tf.resources();
    const app = before['certplane_app.shop'];
    expect(after['certplane_app.shop']).toEqual({ id: app.id, name: 'storefront', default_domain: `storefront.${PLATFORM_DOMAIN}` });
    expect((await apiApps()).find((a) => a.id === app.id)).toMatchObject({ name: 'storefront', defaultDomain: { hostname: `storefront.${PLATFORM_DOMAIN}` } });
    const { id, app: appRef, common_name } = before['certplane_domain.www'];
    expect(after['certplane_domain.www']).toMatchObject({ id, app: appRef, common_name });
    expect((await apiDomains()).find((d) => d.id === before['certplane_domain.www'].id)).toMatchObject({ app: { id: app.id, name: 'storefront' } });
    const again = await planExit();
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);
  });

  it('imports the zone and the app by name into a clean plan', async () => {
    const before = await tf.resources();
    await tf.run(['state', 'rm', 'certplane_zone.main', 'certplane_app.shop']);
    const missing = await tf.run(['import', '-no-color', 'certplane_zone.main', `nowhere.${t.zone}`], { allowFail: true });
    expect(missing.code).not.toBe(0);
    expect(oneLine(missing.stderr)).toContain('Cannot import certplane_zone');
    await tf.run(['import', '-no-color', 'certplane_zone.main', `${t.zone.toUpperCase()}.`]);
    await tf.run(['import', '-no-color', 'certplane_app.shop', 'storefront']);
    const after = await tf.resources();
    expect(after['certplane_zone.main']).toMatchObject({ id: before['certplane_zone.main'].id, name: t.zone, status: 'VERIFIED', wait_for_verification: false });
    expect(after['certplane_app.shop']).toEqual(before['certplane_app.shop']);
    // wait_for_verification is Terraform's own setting: set back in place, with nothing to wait for.
    const plan = await planExit();
    expect(plan.stdout).toMatch(/~ wait_for_verification\s+= false -> true/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await planExit()).code).toBe(0);
  });

  it('keeps a zone that domains still need on destroy (CONFLICT), then destroys everything', async () => {
    const { createApp } = await gqlOk(t.url, t.token, 'mutation { createApp(name: "other") { id } }');
    const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "other", hostname: $h, letsencryptEnabled: false }) { id } }', {
      h: `api.${t.zone}`,
    });
    const zoneId = (await tf.resources())['certplane_zone.main'].id;
    const destroy = await tf.run(['destroy', '-no-color', '-auto-approve'], { allowFail: true });
    expect(destroy.code).not.toBe(0);
    expect(oneLine(destroy.stderr)).toContain(
      `Error: Cannot delete zone ${t.zone} the zone ${t.zone} holds 1 domain(s) of this organization (api.${t.zone}), and zones are required: remove them first (CONFLICT).`,
    );
    expect((await apiZones()).map((z) => z.id)).toEqual([zoneId]);
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { removeDomain(id: $id) }', { id: addDomain.id });
    await tf.run(['destroy', '-no-color', '-auto-approve']);
    expect(await tf.resources()).toEqual({});
    expect(await apiZones()).toEqual([]);
    expect((await gql(t.url, t.token, 'query($id: ID!) { zone(id: $id) { id } }', { id: zoneId })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // deleteApp took the app and its default domain; the app made outside Terraform stays.
    expect((await apiApps()).map((a) => a.id)).toEqual([createApp.id]);
    expect((await apiDomains()).map((d) => d.hostname)).toEqual([`other.${PLATFORM_DOMAIN}`]);
  });
});

describe('examples/terraform with create_app and import_zone', () => {
  it('plans the app and the zone, the domains referring to the app by id, and the verification record output', async () => {
    const dir = path.join(tmp, 'example');
    await mkdir(dir, { recursive: true });
    await copyFile('examples/terraform/main.tf', path.join(dir, 'main.tf'));
    const ex = await terraformWorkspace({
      dir,
      mirror: path.join(tmp, 'mirror'),
      env: { ...tf.env, TF_CLI_CONFIG_FILE: path.join(dir, '.terraformrc'), HOME: dir, TF_VAR_zone: `example.${t.zone}`, TF_VAR_app: 'example', TF_VAR_create_app: 'true', TF_VAR_import_zone: 'true' },
    });
    await ex.run(['init', '-no-color', '-input=false']);
    const plan = await ex.run(['plan', '-no-color', '-out=plan.bin']);
    expect(plan.stdout).toMatch(/Plan: 5 to add, 0 to change, 0 to destroy/);
    const planned = JSON.parse((await ex.run(['show', '-json', 'plan.bin'])).stdout);
    const values = Object.fromEntries(planned.planned_values.root_module.resources.map((r: any) => [r.address, r.values]));
    expect(values['certplane_app.shop[0]']).toMatchObject({ name: 'example' });
    expect(values['certplane_zone.main[0]']).toMatchObject({ name: `example.${t.zone}`, wait_for_verification: false, verification_record_name: `_certplane-zone.example.${t.zone}` });
    // The domains' app is the new app's id, known once it exists.
    const change = (address: string) => planned.resource_changes.find((r: any) => r.address === address).change;
    for (const d of ['certplane_domain.www', 'certplane_domain.shop']) expect(change(d).after_unknown.app).toBe(true);
    expect(Object.keys(planned.planned_values.outputs)).toContain('zone_verification_record');
  });
});
