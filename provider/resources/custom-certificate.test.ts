import { afterAll, describe, expect, it } from 'vitest';
import { readCertificate } from '../../server/src/certificates/parse.js';
import { parseCustomCertificate } from '../../server/src/certificates/custom/parse-custom-certificate.js';
import { createTestCa } from '../../test/helpers/test-ca.js';
import { Diagnostics } from '../framework/diagnostics.js';
import { planResourceChange } from '../framework/plan.js';
import { Unknown, type TfObject } from '../protocol/values.js';
import { customCertificateResource as R } from './custom-certificate.js';
import { configuredLeaf } from './pem-chain.js';

/** certplane_custom_certificate's plans, from the configured PEM alone (no API): what a plan shows and when it imports. */
const ca = createTestCa('Plan Test');
afterAll(() => ca.remove());
const host = 'www.plan.test';
const first = ca.leaf([host], { days: 30 });
const newer = ca.leaf([host], { days: 90 });
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

const config = (certificate_pem: string, private_key_pem: string, domain_id = 'd1'): TfObject => ({
  ...Object.fromEntries(Object.keys(R.schema.block.attributes).map((k) => [k, null])),
  domain_id,
  certificate_pem,
  private_key_pem,
});
/** The state after applying `cfg` for `leaf`, with the API's values. */
const stateOf = (cfg: TfObject, leaf = first): TfObject => {
  const shown = readCertificate(leaf.pem);
  return {
    ...cfg,
    id: 'c1',
    source: 'CUSTOM',
    status: 'ISSUED',
    not_before: shown.notBefore.toISOString(),
    not_after: shown.notAfter.toISOString(),
    serial: shown.serial,
    fingerprint: shown.fingerprint,
    issuer: shown.issuer,
    key_type: 'ECDSA_P256',
    sans: [],
  };
};
const plan = (prior: TfObject | null, cfg: TfObject) => planResourceChange(R, prior, prior ? { ...prior, ...cfg, ...computedOf(prior) } : cfg, cfg);
const computedOf = (prior: TfObject) => Object.fromEntries(['id', 'source', 'status', 'not_before', 'not_after', 'serial', 'fingerprint', 'issuer', 'key_type', 'sans'].map((k) => [k, prior[k]]));

describe('the configured leaf', () => {
  it('is read in the formats the API shows (serial, fingerprint, validity), from a chain in any order with its root and CRLF', () => {
    const chain = crlf(`subject=${host}\n${ca.root.pem}${ca.intermediate.pem}${first.pem}`);
    const parsed = parseCustomCertificate({ hostname: host, certificateChainPem: chain, privateKeyPem: first.keyPem, now: new Date() });
    const shown = readCertificate(parsed.fullChainPem);
    expect(configuredLeaf(chain, first.keyPem)).toEqual({
      serial: shown.serial,
      fingerprint: shown.fingerprint,
      notBefore: parsed.notBefore.toISOString(),
      notAfter: shown.notAfter.toISOString(),
    });
  });

  it('is unknown for a key that matches no certificate of the chain', () => {
    expect(configuredLeaf(first.pem, newer.keyPem)).toBeNull();
    expect(configuredLeaf(first.pem, 'not a key')).toBeNull();
  });
});

describe('plans', () => {
  it('shows a new certificate with the serial, fingerprint and validity of its leaf; the rest is known after apply', () => {
    const { planned, requiresReplace } = plan(null, config(first.pem + ca.intermediate.pem, first.keyPem));
    const shown = readCertificate(first.pem);
    expect(requiresReplace).toEqual([]);
    expect(planned).toMatchObject({ source: 'CUSTOM', serial: shown.serial, fingerprint: shown.fingerprint, not_after: shown.notAfter.toISOString() });
    for (const a of ['id', 'status', 'issuer', 'key_type', 'sans']) expect(planned![a]).toBeInstanceOf(Unknown);
  });

  it('plans nothing when the configuration is unchanged and certplane serves its leaf', () => {
    const cfg = config(crlf(ca.root.pem + first.pem + ca.intermediate.pem), first.keyPem);
    const prior = stateOf(cfg);
    expect(plan(prior, cfg).planned).toEqual(prior);
  });

  it('imports a newer leaf in place: its serial and fingerprint in the plan, no replacement', () => {
    const prior = stateOf(config(first.pem, first.keyPem));
    const { planned, requiresReplace } = plan(prior, config(newer.pem + ca.intermediate.pem, newer.keyPem));
    const shown = readCertificate(newer.pem);
    expect(requiresReplace).toEqual([]);
    expect(planned).toMatchObject({ id: 'c1', source: 'CUSTOM', serial: shown.serial, fingerprint: shown.fingerprint, not_after: shown.notAfter.toISOString() });
    for (const a of ['status', 'issuer', 'key_type', 'sans']) expect(planned![a]).toBeInstanceOf(Unknown);
  });

  it('imports the same leaf again when only the chain is spelled another way, keeping its serial', () => {
    const prior = stateOf(config(first.pem + ca.intermediate.pem, first.keyPem));
    const { planned } = plan(prior, config(crlf(ca.intermediate.pem + first.pem), first.keyPem));
    expect(planned).toMatchObject({ serial: prior.serial, fingerprint: prior.fingerprint, issuer: prior.issuer });
    expect(planned!.status).toBeInstanceOf(Unknown);
  });

  it('imports the configured certificate back when another one was imported outside Terraform', () => {
    const cfg = config(first.pem, first.keyPem);
    const drifted = { ...stateOf(cfg, newer) };
    const { planned } = plan(drifted, cfg);
    expect(planned).toMatchObject({ serial: readCertificate(first.pem).serial, fingerprint: readCertificate(first.pem).fingerprint });
  });

  it('after terraform import (no key in state), imports the same leaf with the configured key', () => {
    const cfg = config(first.pem, first.keyPem);
    const imported: TfObject = { ...stateOf(cfg), certificate_pem: first.pem, private_key_pem: null };
    const { planned, requiresReplace } = plan(imported, cfg);
    expect(requiresReplace).toEqual([]);
    expect(planned).toMatchObject({ private_key_pem: first.keyPem, serial: imported.serial });
  });

  it('replaces the certificate for another domain', () => {
    const prior = stateOf(config(first.pem, first.keyPem));
    expect(plan(prior, config(first.pem, first.keyPem, 'd2')).requiresReplace).toEqual([['domain_id']]);
  });
});

describe('validation', () => {
  it.each([
    ['a chain without a certificate', config('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', first.keyPem), 'certificate_pem'],
    ['a key that is no PEM key', config(first.pem, first.pem), 'private_key_pem'],
  ])('points at the attribute for %s', (_name, cfg, attr) => {
    const diags = new Diagnostics();
    R.validate!(cfg, diags);
    expect(diags.items.map((d) => d.path)).toEqual([[attr]]);
  });
});
