import { X509Certificate } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMirror, buildProviderDir } from '../scripts/build-provider.js';
import { findTerraform, terraformWorkspace, type TerraformWorkspace } from '../provider/testing/terraform-cli.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { createTestCa, type TestCa, type TestCertificate } from './helpers/test-ca.js';

/**
 * certplane_custom_certificate, the domain's ownership record and primary certificate, and
 * data "certplane_domain_check" with the real Terraform CLI against a running control plane: apply, a
 * clean second plan, a newer certificate imported in place, drift, import by id, creating over an existing
 * custom certificate (a warning), removal and destroy; the example's custom certificate, planned.
 */
let t: TestApp;
let tf: TerraformWorkspace;
let tmp: string;
let mirror: string;
let terraformToken: string;
let ca: TestCa;
const hosts = () => ({ www: `www.${t.zone}`, nodns: `nodns.${t.zone}` });

function config(withCustom = true) {
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
}

${
  withCustom
    ? `resource "certplane_custom_certificate" "www" {
  domain_id       = certplane_domain.www.id
  certificate_pem = file("\${path.module}/chain.pem")
  private_key_pem = file("\${path.module}/key.pem")
}`
    : ''
}

# No DNS record at all for this one: the check says what to create.
resource "certplane_domain" "nodns" {
  app                 = "shop"
  common_name         = "${h.nodns}"
  letsencrypt_enabled = false
}

data "certplane_domain_check" "www" {
  domain_id = certplane_domain.www.id
}

data "certplane_domain_check" "nodns" {
  domain_id = certplane_domain.nodns.id
}
`;
}

/** The chain as a customer pastes it: root included, out of order, CRLF line endings. */
async function useCertificate(leaf: TestCertificate) {
  await writeFile(path.join(tf.dir, 'chain.pem'), `${ca.intermediate.pem}${leaf.pem}${ca.root.pem}`.replace(/\n/g, '\r\n'));
  await writeFile(path.join(tf.dir, 'key.pem'), leaf.keyPem);
}

const apiCertificate = async (id: string) =>
  gql(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { id source status serial fingerprint domain { id } } }', { id });
const apiDomain = async (id: string) =>
  (await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { status primaryCertificate { id } certificates { id source serial } } }', { id })).domain;
/** A leaf's serial as the API shows it: lower-case hex. */
const serialOf = (leaf: TestCertificate) => new X509Certificate(leaf.pem).serialNumber.toLowerCase();
const planExit = async () => tf.run(['plan', '-no-color', '-detailed-exitcode'], { allowFail: true });

let first: TestCertificate;
let newer: TestCertificate;

beforeAll(async () => {
  findTerraform();
  tmp = await mkdtemp(path.join(tmpdir(), 'certplane-tf-custom-'));
  const bundle = path.join(tmp, 'provider');
  await buildProviderDir(bundle);
  mirror = path.join(tmp, 'mirror');
  await buildMirror(mirror, bundle);
  t = await startTestApp();
  ca = createTestCa('Terraform Custom');
  first = ca.leaf([hosts().www], { days: 30 });
  newer = ca.leaf([hosts().www], { days: 90 });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
  await t.dns.setRecord(hosts().www, 'A', ['127.0.0.1']);
  const { createApiToken } = await gqlOk(t.url, t.token, 'mutation { createApiToken(name: "terraform", scopes: ["read", "write"]) { token } }');
  terraformToken = createApiToken.token;
  tf = await terraformWorkspace({ dir: path.join(tmp, 'work'), mirror, env: { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: terraformToken } });
});
afterAll(async () => {
  ca?.remove();
  await t?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('terraform with certplane_custom_certificate', () => {
  it('applies a domain and its custom certificate, keeping the configured PEM in state, and checks DNS', async () => {
    await tf.writeConfig(config());
    await useCertificate(first);
    await tf.run(['init', '-no-color', '-input=false']);
    const plan = await tf.run(['plan', '-no-color']);
    // The leaf's serial is known at plan time; the key is not shown.
    expect(plan.stdout).toMatch(new RegExp(`serial\\s+= "${serialOf(first)}"`));
    expect(plan.stdout).toMatch(/private_key_pem\s+= \(sensitive value\)/);
    expect(plan.stdout).toMatch(/Plan: 3 to add, 0 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);

    const r = await tf.resources();
    const cert = r['certplane_custom_certificate.www'];
    const www = r['certplane_domain.www'];
    expect(cert).toMatchObject({ domain_id: www.id, source: 'CUSTOM', serial: serialOf(first), key_type: 'ECDSA_P256', issuer: 'Terraform Custom Intermediate', sans: [] });
    expect(['ISSUED', 'PENDING_OWNERSHIP']).toContain(cert.status);
    // As configured (CRLF, root and all), not as the API re-encodes it.
    expect(cert.certificate_pem).toBe(`${ca.intermediate.pem}${first.pem}${ca.root.pem}`.replace(/\n/g, '\r\n'));
    expect(cert.private_key_pem).toBe(first.keyPem);
    const api = (await apiCertificate(cert.id)).data!.certificate;
    expect(api).toMatchObject({ source: 'CUSTOM', serial: serialOf(first), fingerprint: cert.fingerprint, domain: { id: www.id } });

    expect(www).toMatchObject({
      ownership_record_name: `_certplane-ownership.${hosts().www}`,
      acme_challenge_name: `_acme-challenge.${hosts().www}`,
      primary_certificate_id: null, // created before the certificate: known after a refresh
    });
    expect(www.ownership_app_value).toMatch(/\S/);
    expect(www.ownership_org_value).toMatch(/\S/);
    expect(www.dns_requirements.acme_challenge_record).toBe(www.acme_challenge_name);

    const nodns = r['data.certplane_domain_check.nodns'];
    expect(nodns).toMatchObject({ domain_id: r['certplane_domain.nodns'].id, dns_configured: false, ownership_txt_configured: false });
    expect(nodns.validation_errors.map((e: { code: string }) => e.code)).toContain('NxDomain');
    for (const e of nodns.validation_errors) expect(e.fix).toMatch(/\S/);
    expect(nodns.records.zone).toBe(t.zone);
    expect(r['data.certplane_domain_check.www']).toMatchObject({ dns_configured: true, records: { a: ['127.0.0.1'] } });
  });

  it('plans no changes the second time, and a refresh shows the certificate served as the domain\'s primary', async () => {
    const plan = await planExit();
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
    const cert = (await tf.resources())['certplane_custom_certificate.www'];
    // Served once the domain's DNS check saw www point at the platform.
    await expect.poll(async () => (await apiCertificate(cert.id)).data!.certificate.status, { timeout: 20_000, interval: 300 }).toBe('ISSUED');
    await tf.run(['apply', '-refresh-only', '-no-color', '-auto-approve']);
    const r = await tf.resources();
    expect(r['certplane_domain.www']).toMatchObject({ primary_certificate_id: cert.id, status: 'NOT_USED' });
    // What apply stored (serial, fingerprint, dates from the configured leaf) is what the API shows.
    expect(r['certplane_custom_certificate.www']).toEqual({ ...cert, status: 'ISSUED' });
  });

  it('imports a newer certificate in place: same id, the new serial at the API, then a clean plan', async () => {
    const before = (await tf.resources())['certplane_custom_certificate.www'];
    await useCertificate(newer);
    const plan = await planExit();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/certplane_custom_certificate\.www will be updated in-place/);
    expect(plan.stdout).toMatch(new RegExp(`~ serial\\s+= "${serialOf(first)}" -> "${serialOf(newer)}"`));
    expect(plan.stdout).not.toMatch(/forces replacement|must be replaced/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    const after = (await tf.resources())['certplane_custom_certificate.www'];
    expect(after).toMatchObject({ id: before.id, serial: serialOf(newer), status: 'ISSUED', private_key_pem: newer.keyPem });
    expect((await apiCertificate(before.id)).data!.certificate).toMatchObject({ id: before.id, serial: serialOf(newer), fingerprint: after.fingerprint });
    const again = await planExit();
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);
  });

  it('imports the configured certificate back when another one was imported outside Terraform', async () => {
    const { id, domain_id } = (await tf.resources())['certplane_custom_certificate.www'];
    await gqlOk(t.url, t.token, 'mutation($d: ID!, $c: String!, $k: String!) { importCustomCertificate(input: { domain: $d, certificateChainPem: $c, privateKeyPem: $k }) { id } }', {
      d: domain_id,
      c: first.pem,
      k: first.keyPem,
    });
    const plan = await planExit();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(new RegExp(`~ serial\\s+= "${serialOf(first)}" -> "${serialOf(newer)}"`));
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await apiCertificate(id)).data!.certificate.serial).toBe(serialOf(newer));
  });

  it('imports by certificate id; the next apply sends the configured key again and the plan is clean', async () => {
    const { id } = (await tf.resources())['certplane_custom_certificate.www'];
    await tf.run(['state', 'rm', 'certplane_custom_certificate.www']);
    const missing = await tf.run(['import', '-no-color', 'certplane_custom_certificate.www', '00000000-0000-4000-8000-000000000000'], { allowFail: true });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/Cannot import certificate/);
    await tf.run(['import', '-no-color', 'certplane_custom_certificate.www', id]);
    const imported = (await tf.resources())['certplane_custom_certificate.www'];
    expect(imported).toMatchObject({ id, serial: serialOf(newer), private_key_pem: null });
    const plan = await planExit();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await tf.resources())['certplane_custom_certificate.www']).toMatchObject({ id, serial: serialOf(newer), private_key_pem: newer.keyPem });
    expect((await planExit()).code).toBe(0);
  });

  it('warns when it creates over a custom certificate the domain already had, which it replaces in place', async () => {
    const { id } = (await tf.resources())['certplane_custom_certificate.www'];
    await tf.run(['state', 'rm', 'certplane_custom_certificate.www']);
    const apply = await tf.run(['apply', '-no-color', '-auto-approve']);
    expect(apply.stdout.replace(/\s+/g, ' ')).toMatch(/Warning: Replaced the domain's custom certificate .* \(id [0-9a-f-]+, serial [0-9a-f]+\)/);
    expect((await tf.resources())['certplane_custom_certificate.www']).toMatchObject({ id, serial: serialOf(newer) });
  });

  it('deletes the custom certificate when it leaves the configuration, then destroys the domains', async () => {
    const { id, domain_id } = (await tf.resources())['certplane_custom_certificate.www'];
    await tf.writeConfig(config(false));
    const plan = await planExit();
    expect(plan.stdout).toMatch(/certplane_custom_certificate\.www will be destroyed/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 0 to change, 1 to destroy/);
    await tf.run(['apply', '-no-color', '-auto-approve']);
    expect((await apiCertificate(id)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await apiDomain(domain_id)).toMatchObject({ primaryCertificate: null, certificates: [] });
    await tf.run(['destroy', '-no-color', '-auto-approve']);
    expect(await tf.resources()).toEqual({});
    const { domains } = await gqlOk(t.url, t.token, '{ domains(first: 10) { totalCount } }');
    expect(domains.totalCount).toBe(0);
  });
});

describe('examples/terraform', () => {
  it('plans a custom certificate for shop when shop_certificate_pem is set (test/terraform-e2e.test.ts applies it without)', async () => {
    const dir = path.join(tmp, 'example');
    await mkdir(dir, { recursive: true });
    await copyFile('examples/terraform/main.tf', path.join(dir, 'main.tf'));
    const shop = ca.leaf([`shop.${t.zone}`]);
    const ex = await terraformWorkspace({
      dir,
      mirror,
      env: { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: terraformToken, TF_VAR_zone: t.zone, TF_VAR_shop_certificate_pem: shop.pem + ca.intermediate.pem, TF_VAR_shop_private_key_pem: shop.keyPem },
    });
    await ex.run(['init', '-no-color', '-input=false']);
    const plan = await ex.run(['plan', '-no-color']);
    expect(plan.stdout).toMatch(/certplane_custom_certificate\.shop\[0\] will be created/);
    expect(plan.stdout).toMatch(new RegExp(`serial\\s+= "${serialOf(shop)}"`));
    expect(plan.stdout).toMatch(/private_key_pem\s+= \(sensitive value\)/);
    expect(plan.stdout).toMatch(/Plan: 4 to add, 0 to change, 0 to destroy/);
  });
});
