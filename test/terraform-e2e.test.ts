import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMirror, buildProviderDir } from '../scripts/build-provider.js';
import { findTerraform, terraformWorkspace, type TerraformWorkspace } from '../provider/testing/terraform-cli.js';
import { gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { verifyIssued } from './helpers/verify.js';

/**
 * The real Terraform CLI against a running control plane (Pebble, PowerDNS): init from a filesystem
 * mirror, plan, apply until a certificate is issued, a clean second plan, an in-place auto_renew change,
 * drift, import and a data source by exact hostname, replacement and destroy.
 */
let t: TestApp;
let tf: TerraformWorkspace;
let tmp: string;
let mirror: string;
let terraformToken: string;
// decoy's hostname contains api's: lookups of api by hostname must not find it.
const hosts = () => ({ www: `www.${t.zone}`, api: `api.${t.zone}`, api2: `api2.${t.zone}`, decoy: `www.api.${t.zone}` });

function config(apiHost: string, autoRenew = true) {
  const h = hosts();
  return `
terraform {
  required_providers {
    certplane = { source = "certplane/certplane" }
  }
}

provider "certplane" {}

resource "certplane_domain" "www" {
  app                 = "shop"
  common_name         = "${h.www}"
  letsencrypt_enabled = false
  canonical           = true
}

resource "certplane_certificate" "www" {
  domain   = certplane_domain.www.id
  sans     = ["${h.www}"]
  key_type = "ECDSA_P256"
  ${autoRenew ? '' : 'auto_renew = false'}
  timeouts {
    create = "2m"
  }
}

resource "certplane_domain" "api" {
  app         = "shop"
  common_name = "${apiHost}"
}

resource "certplane_domain" "decoy" {
  app                 = "shop"
  common_name         = "${h.decoy}"
  letsencrypt_enabled = false
}

data "certplane_certificate" "www" {
  id = certplane_certificate.www.id
}

data "certplane_domain" "api" {
  common_name = certplane_domain.api.common_name
  app         = "shop"
}

output "api_status" {
  value = data.certplane_domain.api.status
}

output "www_expires_at" {
  value = data.certplane_certificate.www.expires_at
}
`;
}

beforeAll(async () => {
  findTerraform(); // fails loudly when Terraform is missing
  tmp = await mkdtemp(path.join(tmpdir(), 'certplane-tf-'));
  const bundle = path.join(tmp, 'provider');
  await buildProviderDir(bundle);
  mirror = path.join(tmp, 'mirror');
  await buildMirror(mirror, bundle);
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
  const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "terraform", scopes: ["read", "write", "certificates:read_private_key"]) { token } }');
  await t.dns.setRecord(hosts().www, 'A', ['127.0.0.1']);
  terraformToken = createApiToken.token;
  tf = await terraformWorkspace({ dir: path.join(tmp, 'work'), mirror, env: { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: terraformToken } });
});
afterAll(async () => {
  await t?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true }); // state, mirror, provider bundle
});

const domainIds = async () =>
  (await gqlOk(t.url, t.token, '{ domains(first: 100) { edges { node { id hostname } } } }')).domains.edges.map((e: any) => e.node) as Array<{ id: string; hostname: string }>;

describe('terraform with the certplane provider', () => {
  it('initialises offline from a filesystem mirror and plans the creation', async () => {
    await tf.writeConfig(config(hosts().api));
    const init = await tf.run(['init', '-no-color', '-input=false']);
    expect(init.stdout).toMatch(/Installed certplane\/certplane v0\.1\.0/);
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/Plan: 4 to add, 0 to change, 0 to destroy/);
    expect(plan.stdout).toMatch(/private_key_pem\s+= \(sensitive value\)/);
    // Terraform's view of the schema is the committed provider/schema.json CDKTF is generated from.
    const schema = JSON.parse((await tf.run(['providers', 'schema', '-json'])).stdout);
    expect(schema).toEqual(JSON.parse(await readFile('provider/schema.json', 'utf8')));
  });

  it('applies until the certificate is issued, with a verifiable chain and key in state', async () => {
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const r = await tf.resources();
    const cert = r['certplane_certificate.www'];
    expect(cert).toMatchObject({ status: 'ISSUED', hostname: hosts().www, key_type: 'ECDSA_P256', revoke_on_destroy: false });
    await verifyIssued(cert.certificate_pem, [hosts().www], cert.private_key_pem);
    expect(r['certplane_domain.www']).toMatchObject({ canonical: true, letsencrypt_enabled: false });
    expect(r['certplane_domain.api']).toMatchObject({ status: 'PENDING_DNS', letsencrypt_enabled: true });
    expect(r['certplane_domain.api'].dns_requirements.acme_challenge_record).toBe(`_acme-challenge.${hosts().api}`);
    expect(r['data.certplane_certificate.www'].expires_at).toBe(cert.expires_at);
    // The data source looks api up by its exact hostname, not the decoy whose hostname contains it.
    expect(r['data.certplane_domain.api']).toMatchObject({ id: r['certplane_domain.api'].id, common_name: hosts().api, app: 'shop' });
  });

  it('plans no changes the second time', async () => {
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
  });

  it('changes auto_renew in place: an update of the same certificate, not a replacement, then a clean plan', async () => {
    const before = (await tf.resources())['certplane_certificate.www'];
    await tf.writeConfig(config(hosts().api, false));
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/certplane_certificate\.www will be updated in-place/);
    expect(plan.stdout).toMatch(/~ auto_renew\s+= true -> false/);
    // The certificate's own attributes all stay known (only the data source reading it waits for apply).
    const block = plan.stdout.slice(plan.stdout.indexOf('# certplane_certificate.www will be updated in-place'));
    expect(block.slice(0, block.indexOf('\n    }\n'))).not.toMatch(/known after apply/);
    expect(plan.stdout).not.toMatch(/forces replacement|must be replaced/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const after = (await tf.resources())['certplane_certificate.www'];
    expect(after).toEqual({ ...before, auto_renew: false });
    const { certificate } = await gqlOk(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { autoRenew status } }', { id: before.id });
    expect(certificate).toEqual({ autoRenew: false, status: 'ISSUED' });
    const again = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);
  });

  it('shows a setting changed outside Terraform as drift and sets it back', async () => {
    const www = (await domainIds()).find((d) => d.hostname === hosts().www)!;
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { updateDomain(id: $id, input: { canonical: false }) { id } }', { id: www.id });
    // A refresh-only plan reports every change made outside Terraform...
    const refresh = await tf.run(['plan', '-refresh-only', '-no-color'], { allowFail: true });
    expect(refresh.stdout).toMatch(/certplane_domain\.www has changed/);
    expect(refresh.stdout).toMatch(/~ canonical\s+= true -> false/);
    // ...and a normal plan sets it back.
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/~ canonical\s+= false -> true/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
  });

  it('shows a domain deleted outside Terraform as drift and creates it again', async () => {
    const api = (await domainIds()).find((d) => d.hostname === hosts().api)!;
    await gqlOk(t.url, t.token, 'mutation($id: ID!) { removeDomain(id: $id) }', { id: api.id });
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/certplane_domain\.api has been deleted/);
    expect(plan.stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await domainIds()).map((d) => d.hostname)).toContain(hosts().api);
  });

  it('imports a domain by app:common_name, the exact hostname, into a clean plan', async () => {
    const id = (await tf.resources())['certplane_domain.api'].id;
    await tf.run(['state', 'rm', 'certplane_domain.api']);
    const wrongApp = await tf.run(['import', '-no-color', 'certplane_domain.api', `blog:${hosts().api}`], { allowFail: true });
    expect(wrongApp.code).not.toBe(0);
    expect(wrongApp.stderr.replace(/\s+/g, ' ')).toContain(`The domain ${hosts().api} belongs to app shop, not blog. Use the import id shop:${hosts().api}.`);
    // Spelled in upper case with a trailing dot: the same hostname, which never forces a replacement.
    const imp = await tf.run(['import', '-no-color', 'certplane_domain.api', `shop:${hosts().api.toUpperCase()}.`]);
    expect(imp.stdout).toMatch(/Import successful/);
    // The decoy (www.api.<zone>) contains the hostname; the import took api itself, in the API's spelling.
    expect((await tf.resources())['certplane_domain.api']).toMatchObject({ id, common_name: hosts().api });
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
  });

  it('changes only the spelling of common_name in place, never replacing the domain', async () => {
    const id = (await tf.resources())['certplane_domain.api'].id;
    await tf.writeConfig(config(`${hosts().api.toUpperCase()}.`, false));
    const plan = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.code).toBe(2);
    expect(plan.stdout).not.toMatch(/forces replacement|must be replaced/);
    expect(plan.stdout).toMatch(/certplane_domain\.api will be updated in-place/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await tf.resources())['certplane_domain.api'].id).toBe(id);
    expect((await domainIds()).map((d) => d.id)).toContain(id);
    const again = await tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(again.code).toBe(0);
    await tf.writeConfig(config(hosts().api, false));
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await tf.resources())['certplane_domain.api']).toMatchObject({ id, common_name: hosts().api });
  });

  it('replaces a domain whose common_name changes', async () => {
    const before = (await tf.resources())['certplane_domain.api'].id;
    await tf.writeConfig(config(hosts().api2, false));
    const plan = await tf.run(['plan', '-no-color'], { allowFail: true });
    expect(plan.stdout).toMatch(/common_name\s+= "api\..+" -> "api2\..+" # forces replacement/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const after = (await tf.resources())['certplane_domain.api'];
    expect(after.id).not.toBe(before);
    expect(after.common_name).toBe(hosts().api2);
  });

  it('destroys everything', async () => {
    await tf.run(['destroy', '-no-color', '-auto-approve']);
    expect(await domainIds()).toEqual([]);
    const { certificates } = await gqlOk(t.url, t.token, '{ certificates(first: 10) { totalCount } }');
    expect(certificates.totalCount).toBe(0);
  });
});

describe('the examples/cdktf synth output', () => {
  it('applies with terraform until its certificate is issued, plans clean, and destroys', async () => {
    const out = path.join(tmp, 'cdktf');
    await new Promise<void>((resolve, reject) =>
      execFile(
        path.resolve('node_modules/.bin/tsx'),
        [path.resolve('examples/cdktf/main.ts')],
        { cwd: tmp, env: { ...process.env, CDKTF_OUTDIR: out, CERTPLANE_APP: 'shop', CERTPLANE_ZONE: t.zone, CHECKPOINT_DISABLE: '1' } },
        (err, _stdout, stderr) => (err ? reject(new Error(`synth failed: ${stderr}`)) : resolve()),
      ),
    );
    const stack = await terraformWorkspace({ dir: path.join(out, 'stacks/certplane'), mirror, env: { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: terraformToken } });
    await stack.run(['init', '-no-color', '-input=false']);
    await stack.run(['apply', '-no-color', '-auto-approve']);
    const outputs = JSON.parse((await stack.run(['output', '-json'])).stdout);
    expect(outputs.certificate_status.value).toBe('ISSUED');
    expect(outputs.shop_dns_targets.value).toEqual(['127.0.0.1']);
    expect(outputs.shop_acme_challenge_record.value).toBe(`_acme-challenge.shop.${t.zone}`);
    const plan = await stack.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.code).toBe(0);
    await stack.run(['destroy', '-no-color', '-auto-approve']);
    expect(await domainIds()).toEqual([]);
  });
});

describe('examples/terraform', () => {
  /**
   * The example as a reader runs it, from an empty state: init from the filesystem mirror, apply, a clean
   * plan; once certplane has issued shop's automatic certificate, read_shop_certificate = true reads it;
   * destroy. In a zone of its own (TF_VAR_zone), whose records point at the platform so DNS checks pass.
   */
  let ex: TerraformWorkspace;
  let zone: string;
  const readShop = ['-var', 'read_shop_certificate=true'];

  beforeAll(async () => {
    zone = `example-${t.zone}`;
    await t.dns.createZone(zone);
    await t.dns.setRecord(`www.${zone}`, 'A', ['127.0.0.1']);
    await t.dns.setRecord(`shop.${zone}`, 'A', ['127.0.0.1']);
    const dir = path.join(tmp, 'example');
    await mkdir(dir, { recursive: true });
    await copyFile('examples/terraform/main.tf', path.join(dir, 'main.tf'));
    ex = await terraformWorkspace({ dir, mirror, env: { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: terraformToken, TF_VAR_zone: zone } });
  });

  it('initialises from the filesystem mirror, applies from an empty state to an issued certificate, and plans clean', async () => {
    const init = await ex.run(['init', '-no-color', '-input=false']);
    expect(init.stdout).toMatch(/Installed certplane\/certplane v0\.1\.0/);
    await ex.run(['apply', '-no-color', '-auto-approve']);
    const r = await ex.resources();
    expect(r['certplane_domain.www']).toMatchObject({ app: 'shop', common_name: `www.${zone}`, canonical: true, letsencrypt_enabled: false });
    expect(r['certplane_domain.shop']).toMatchObject({ app: 'shop', common_name: `shop.${zone}`, letsencrypt_enabled: true });
    expect(r['certplane_certificate.www']).toMatchObject({ status: 'ISSUED', domain: r['certplane_domain.www'].id, revoke_on_destroy: true });
    const out = JSON.parse((await ex.run(['output', '-json'])).stdout);
    await verifyIssued(out.www_certificate_pem.value, [`www.${zone}`], out.www_private_key_pem.value);
    expect(out.www_certificate_expires_at.value).toBe(r['certplane_certificate.www'].expires_at);
    expect(out.dns_records.value).toEqual({
      [`www.${zone}`]: [{ name: `www.${zone}`, type: 'A', values: ['127.0.0.1'] }],
      [`shop.${zone}`]: [{ name: `shop.${zone}`, type: 'A', values: ['127.0.0.1'] }],
    });
    expect(out.shop_acme_challenge_record.value).toBe(`_acme-challenge.shop.${zone}`);
    // null until read_shop_certificate is on, and Terraform leaves null outputs out.
    expect(out).not.toHaveProperty('shop_certificate_pem');
    expect(out).not.toHaveProperty('shop_certificate_expires_at');
    const plan = await ex.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
  }, 300_000);

  it("reads shop's automatic certificate once it is issued, plans clean, and destroys", async () => {
    const shopId = (await ex.resources())['certplane_domain.shop'].id;
    // certplane issues shop's certificate in the background (its DNS points at the platform).
    await expect
      .poll(async () => (await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { letsencryptStatus } }', { id: shopId })).domain.letsencryptStatus, {
        timeout: 120_000,
        interval: 500,
      })
      .toBe('ISSUED');
    // What the example tells the reader to look for before switching read_shop_certificate on.
    const refresh = await ex.run(['plan', '-refresh-only', '-no-color']);
    expect(refresh.stdout).toMatch(/letsencrypt_status\s+= "\w+" -> "ISSUED"/);
    await ex.run(['apply', '-no-color', '-auto-approve', ...readShop]);
    const cert = (await ex.resources())['data.certplane_certificate.shop[0]'];
    expect(cert).toMatchObject({ domain: shopId, status: 'ISSUED', hostname: `shop.${zone}` });
    const out = JSON.parse((await ex.run(['output', '-json'])).stdout);
    expect(out.shop_certificate_expires_at.value).toBe(cert.expires_at);
    await verifyIssued(out.shop_certificate_pem.value, [`shop.${zone}`]);
    const plan = await ex.run(['plan', '-no-color', '-detailed-exitcode', ...readShop], { allowFail: true });
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
    await ex.run(['destroy', '-no-color', '-auto-approve', ...readShop]);
    expect(await ex.resources()).toEqual({});
    expect((await domainIds()).filter((d) => d.hostname.endsWith(`.${zone}`))).toEqual([]);
    const { certificates } = await gqlOk(t.url, t.token, '{ certificates(first: 100) { edges { node { hostname } } } }');
    expect(certificates.edges.filter((e: any) => e.node.hostname.endsWith(`.${zone}`))).toEqual([]);
  }, 300_000);
});
