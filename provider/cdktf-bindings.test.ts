import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot } from '../scripts/build-provider.js';
import { BINDINGS_DIR, SCHEMA_PATH, generateBindings, listFiles, schemaText } from '../scripts/provider-schema.js';

const exec = promisify(execFile);
const STALE = 'stale: run `npm run provider:schema` and commit provider/schema.json and provider/cdktf/';

describe('generated provider artefacts', () => {
  it('provider/schema.json is the current schema', async () => {
    expect(await readFile(path.join(repoRoot, SCHEMA_PATH), 'utf8'), STALE).toBe(schemaText());
  });

  it('provider/cdktf/ holds exactly what @cdktf/provider-generator makes of it', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'certplane-cdktf-'));
    onTestFinished(() => rm(fresh, { recursive: true, force: true }));
    const files = await generateBindings(fresh);
    expect(await listFiles(path.join(repoRoot, BINDINGS_DIR)), STALE).toEqual(files);
    for (const f of files) {
      expect(await readFile(path.join(repoRoot, BINDINGS_DIR, f), 'utf8'), `${f} ${STALE}`).toBe(await readFile(path.join(fresh, f), 'utf8'));
    }
  });
});

describe('examples/cdktf', () => {
  it('type-checks against the bindings', async () => {
    await exec(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(repoRoot, 'examples/cdktf/tsconfig.json')]);
  }, 60_000);

  it('synthesizes Terraform JSON declaring the domains, the certificate and the provider source', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'certplane-synth-'));
    onTestFinished(() => rm(out, { recursive: true, force: true }));
    await exec(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'examples/cdktf/main.ts')], {
      cwd: out,
      env: { ...process.env, CDKTF_OUTDIR: path.join(out, 'cdktf.out'), CERTPLANE_APP: 'web', CERTPLANE_ZONE: 'example.org', CHECKPOINT_DISABLE: '1' },
    });
    const tf = JSON.parse(await readFile(path.join(out, 'cdktf.out/stacks/certplane/cdk.tf.json'), 'utf8'));
    expect(tf.terraform.required_providers.certplane.source).toBe('registry.terraform.io/certplane/certplane');
    expect(tf.resource.certplane_domain.www).toMatchObject({ app: 'web', common_name: 'www.example.org', letsencrypt_enabled: false, canonical: true });
    expect(tf.resource.certplane_domain.shop).toMatchObject({ common_name: 'shop.example.org' });
    expect(tf.resource.certplane_certificate['www-certificate']).toMatchObject({
      domain: '${certplane_domain.www.id}',
      key_type: 'ECDSA_P256',
      timeouts: { create: '5m' },
    });
    expect(tf.data.certplane_domain['shop-lookup'].common_name).toBe('${certplane_domain.shop.common_name}');
    expect(Object.keys(tf.output).sort()).toEqual(['certificate_expires_at', 'certificate_status', 'shop_acme_challenge_record', 'shop_dns_targets']);
    expect(tf.resource.certplane_app).toBeUndefined();
  }, 60_000);

  it('declares the app with CERTPLANE_CREATE_APP=true, the domains referring to it by id', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'certplane-synth-'));
    onTestFinished(() => rm(out, { recursive: true, force: true }));
    await exec(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'examples/cdktf/main.ts')], {
      cwd: out,
      env: { ...process.env, CDKTF_OUTDIR: path.join(out, 'cdktf.out'), CERTPLANE_APP: 'web', CERTPLANE_CREATE_APP: 'true', CHECKPOINT_DISABLE: '1' },
    });
    const tf = JSON.parse(await readFile(path.join(out, 'cdktf.out/stacks/certplane/cdk.tf.json'), 'utf8'));
    expect(tf.resource.certplane_app.app).toMatchObject({ name: 'web' });
    for (const d of ['www', 'shop']) expect(tf.resource.certplane_domain[d].app).toBe('${certplane_app.app.id}');
  }, 60_000);
});
