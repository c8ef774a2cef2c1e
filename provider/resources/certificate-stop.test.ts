import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from '../../test/helpers/graphql.js';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { CertplaneClient } from '../client.js';
import { Diagnostics, ProviderError } from '../framework/diagnostics.js';
import { certificateResource } from './certificate.js';

/**
 * Terraform stopping the provider (Ctrl-C) while apply waits for issuance: the certificate must stay in
 * state (tainted), or the next apply meets a certificate it does not know (CONFLICT). The order here
 * waits for TXT records by hand (the installation has no DNS provider), as a new user's first one does.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { CERTPLANE_DNS_PROVIDER: 'none' } });
  await gqlOk(t.url, t.token, 'mutation { createApp(name: "stop") { id } }');
});
afterAll(async () => {
  await t?.stop();
});

describe('certplane_certificate stopped while apply waits', () => {
  it('ends with the certificate in the error state (tainted, still tracked), not lost', async () => {
    const host = `stop.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "stop", hostname: $h, letsencryptEnabled: false }) { id } }', { h: host });
    const abort = new AbortController();
    const client = new CertplaneClient({ endpoint: t.url, token: t.token });
    const ctx = { client: () => client, diags: new Diagnostics(), signal: abort.signal };
    const planned = { domain: addDomain.id, sans: [], key_type: 'ECDSA_P256', auto_renew: true, timeouts: null, revoke_on_destroy: false };
    setTimeout(() => abort.abort(), 1500);
    const err = await certificateResource.create!(planned as never, ctx as never).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    const state = (err as ProviderError).state as Record<string, unknown>;
    expect(state).toMatchObject({ domain: addDomain.id, status: 'VALIDATING' });
    expect((err as ProviderError).detail).toMatch(/kept in state as tainted/);
    const { certificate } = await gqlOk(t.url, t.token, 'query($id: ID!) { certificate(id: $id) { id } }', { id: state.id });
    expect(certificate.id).toBe(state.id);
  }, 30_000);
});
