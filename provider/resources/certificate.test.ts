import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProviderDir } from '../../scripts/build-provider.js';
import { gqlOk } from '../../test/helpers/graphql.js';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { BLOCKED_SUFFIX } from '../../test/helpers/pebble.js';
import { providerSchema } from '../config.js';
import { startPlugin, type PluginProcess } from '../testing/plugin-client.js';
import { dv, fromDv } from '../testing/values.js';
import { certificateResource } from './certificate.js';

/** certplane_certificate driven through the built provider executable, against a control plane with Pebble and PowerDNS. */
let t: TestApp;
let p: PluginProcess;
let bundle: string;

beforeAll(async () => {
  bundle = await mkdtemp(path.join(tmpdir(), 'certplane-provider-'));
  const exe = await buildProviderDir(bundle);
  t = await startTestApp();
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
  // The suite's admin token: everything but certificates:read_private_key.
  p = await startPlugin(exe, { CERTPLANE_ENDPOINT: t.url, CERTPLANE_TOKEN: t.token });
  await p.call('ConfigureProvider', { terraform_version: '1.11.4', config: dv(providerSchema, { endpoint: null, token: null }) });
});
afterAll(async () => {
  await p?.shutdown();
  p?.kill();
  await t?.stop();
  if (bundle) await rm(bundle, { recursive: true, force: true });
});

describe('certplane_certificate through the protocol', () => {
  const C = certificateResource.schema;
  const cfg = (domain: string, create: string | null = null) => ({
    ...Object.fromEntries(Object.keys(C.block.attributes).map((k) => [k, null])),
    domain,
    timeouts: create ? { create } : null,
  });
  const plan = async (prior: any, config: any) => {
    const proposed = prior ? { ...prior, ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null)) } : config;
    const r = await p.call('PlanResourceChange', { type_name: 'certplane_certificate', prior_state: dv(C, prior), proposed_new_state: dv(C, proposed), config: dv(C, config) });
    return { planned: fromDv(C, r.planned_state), replace: r.requires_replace.map((x: any) => x.steps[0].attribute_name) };
  };
  const apply = async (prior: any, planned: any, config: any) => {
    const r = await p.call('ApplyResourceChange', { type_name: 'certplane_certificate', prior_state: dv(C, prior), planned_state: dv(C, planned), config: dv(C, config) });
    return { state: fromDv(C, r.new_state), diagnostics: r.diagnostics };
  };
  const domainIn = async (host: string) => {
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host });
    return addDomain.id as string;
  };

  it('fails apply with the CA\'s reason when the certificate goes FAILED, keeping the object so Terraform taints it', async () => {
    const zone = `z${Date.now().toString(36)}.${BLOCKED_SUFFIX}`;
    await t.dns.createZone(zone);
    const config = cfg(await domainIn(`www.${zone}`));
    const { planned } = await plan(null, config);
    expect(planned).toMatchObject({ key_type: 'RSA_2048', auto_renew: true, revoke_on_destroy: false, sans: [] });
    const r = await apply(null, planned, config);
    expect(r.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Certificate FAILED' });
    expect(r.diagnostics[0].detail).toMatch(/forbidden by policy/);
    expect(r.state).toMatchObject({ status: 'FAILED', revoke_on_destroy: false });
    expect(r.state.id).toMatch(/^[0-9a-f-]{36}$/);
    // Even untainted, a FAILED certificate is replaced by the next plan.
    expect((await plan(r.state, config)).replace).toEqual(['status']);
    expect((await apply(r.state, null, null)).diagnostics).toEqual([]);
  });

  it('changes auto_renew in place with updateCertificate: no replacement, same certificate, no new order, then a clean plan', async () => {
    const config = cfg(await domainIn(`renew.${t.zone}`), '2m');
    const created = await plan(null, config);
    let r = await apply(null, created.planned, config);
    // The suite's token lacks certificates:read_private_key: a warning, no error.
    expect(r.diagnostics.map((d: { summary: string }) => d.summary)).toEqual(['private_key_pem is not readable']);
    expect(r.state).toMatchObject({ status: 'ISSUED', auto_renew: true });
    const state = r.state;
    const off = { ...config, auto_renew: false };
    const upd = await plan(state, off);
    expect(upd.replace).toEqual([]);
    // Only auto_renew differs: status, expires_at, certificate_pem and the rest stay known.
    expect(upd.planned).toEqual({ ...state, auto_renew: false });
    r = await apply(state, upd.planned, off);
    expect(r.diagnostics).toEqual([]);
    expect(r.state).toEqual({ ...state, auto_renew: false });
    const q = 'query($id: ID!) { certificate(id: $id) { autoRenew status } certificateEvents(id: $id, first: 100) { nodes { type } } }';
    const api = await gqlOk(t.url, t.token, q, { id: state.id });
    expect(api.certificate).toEqual({ autoRenew: false, status: 'ISSUED' });
    expect(api.certificateEvents.nodes.filter((e: { type: string }) => e.type === 'order_created')).toHaveLength(1);
    const read = fromDv(C, (await p.call('ReadResource', { type_name: 'certplane_certificate', current_state: dv(C, r.state) })).new_state);
    expect(read).toEqual(r.state);
    const again = await plan(read, off);
    expect(again.replace).toEqual([]);
    expect(again.planned).toEqual(read);
    expect((await apply(read, null, null)).diagnostics).toEqual([]);
  });

  it('gives up at timeouts.create with the object in state, then reads it once issued, without its key for a token lacking the scope', async () => {
    const config = cfg(await domainIn(`cert.${t.zone}`), '1ms');
    const { planned } = await plan(null, config);
    const r = await apply(null, planned, config);
    expect(r.diagnostics[0]).toMatchObject({ summary: 'Timed out waiting for the certificate', attribute: { steps: [{ attribute_name: 'timeouts' }, { attribute_name: 'create' }] } });
    expect(['PENDING', 'VALIDATING']).toContain(r.state.status);
    let state = r.state;
    for (const end = Date.now() + 30_000; state.status !== 'ISSUED' && Date.now() < end; ) {
      await new Promise((res) => setTimeout(res, 300));
      const read = await p.call('ReadResource', { type_name: 'certplane_certificate', current_state: dv(C, state) });
      state = fromDv(C, read.new_state);
    }
    expect(state).toMatchObject({ status: 'ISSUED', timeouts: { create: '1ms' }, private_key_pem: null });
    expect(state.certificate_pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const again = await plan(state, config);
    expect(again.replace).toEqual([]);
    expect(again.planned).toEqual(state);
    const imported = await p.call('ImportResourceState', { type_name: 'certplane_certificate', id: state.id });
    expect(fromDv(C, imported.imported_resources[0].state)).toMatchObject({ id: state.id, status: 'ISSUED', revoke_on_destroy: false, timeouts: null });
    expect((await apply(state, null, null)).diagnostics).toEqual([]);
    const gone = await p.call('ReadResource', { type_name: 'certplane_certificate', current_state: dv(C, state) });
    expect(fromDv(C, gone.new_state)).toBeNull();
  });
});

