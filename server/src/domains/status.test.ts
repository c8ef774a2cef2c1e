import { describe, expect, it } from 'vitest';
import { decideDomainStatus, type DomainFacts, type DomainStatus } from './status.js';
import { canTransition, type CertificateStatus } from '../certificates/status.js';

const t = (min: number) => new Date(Date.UTC(2026, 10, 29, 12, min));
const cert = (status: string, minute = 0, extra: Partial<DomainFacts['certificates'][number]> = {}) => ({
  status,
  statusReason: null,
  createdAt: t(minute),
  expiresAt: null,
  failedAttempts: 0,
  nextRenewalAt: null,
  ...extra,
});
const facts = (over: Partial<DomainFacts>): DomainFacts => ({ letsencryptEnabled: true, dnsVerifiedAt: t(0), dnsResult: null, certificates: [], ...over });

describe('decideDomainStatus', () => {
  it.each<[string, Partial<DomainFacts>, DomainStatus]>([
    ['a domain whose DNS was never seen pointing here is PENDING_DNS', { dnsVerifiedAt: null }, 'PENDING_DNS'],
    ['a domain pending DNS stays so even with an issued certificate requested by hand', { dnsVerifiedAt: null, certificates: [cert('ISSUED')] }, 'PENDING_DNS'],
    ['a pointing domain that wants a certificate and has none (deleted, or refused by the plan) needs action', {}, 'ACTION_REQUIRED'],
    ['a pointing domain that wants no certificate is IN_USE', { letsencryptEnabled: false }, 'IN_USE'],
    ['an order in flight makes it CREATING', { certificates: [cert('VALIDATING')] }, 'CREATING'],
    ['an issued certificate puts it IN_USE', { certificates: [cert('ISSUED')] }, 'IN_USE'],
    ['a failed certificate makes it need action', { certificates: [cert('FAILED')] }, 'ACTION_REQUIRED'],
    ['a new request moves a domain needing action back to creating', { certificates: [cert('FAILED', 0), cert('PENDING', 1)] }, 'CREATING'],
    ['a failed extra certificate leaves a domain in use alone when it wants no automatic one', { letsencryptEnabled: false, certificates: [cert('FAILED')] }, 'IN_USE'],
    ['an issued certificate still serves beside an older failed one', { certificates: [cert('FAILED', 0), cert('ISSUED', 1)] }, 'IN_USE'],
    ['an expired certificate makes it need action', { certificates: [cert('EXPIRED')] }, 'ACTION_REQUIRED'],
    ['a revoked certificate makes it need action', { certificates: [cert('REVOKED')] }, 'ACTION_REQUIRED'],
    ['a certificate whose renewals fail is still served: IN_USE', { certificates: [cert('ISSUED', 0, { failedAttempts: 3, statusReason: 'CA down' })] }, 'IN_USE'],
  ])('%s', (_name, over, expected) => {
    expect(decideDomainStatus(facts(over)).status).toBe(expected);
  });

  it('says what the DNS check found while pending', () => {
    expect(decideDomainStatus(facts({ dnsVerifiedAt: null, dnsResult: 'no A record' })).message).toBe('no A record');
  });

  it('says why action is required, and how to retry', () => {
    const d = decideDomainStatus(facts({ certificates: [cert('FAILED', 0, { statusReason: 'CAA forbids the CA' })] }));
    expect(d).toMatchObject({ reason: 'CertificateFailed' });
    expect(d.message).toContain('CAA forbids the CA');
    expect(d.message).toContain('renewCertificate');
  });

  it('names failing renewals on a domain in use', () => {
    const d = decideDomainStatus(facts({ certificates: [cert('ISSUED', 0, { failedAttempts: 2, statusReason: 'CA down', nextRenewalAt: t(30) })] }));
    expect(d).toMatchObject({ status: 'IN_USE', reason: 'CertificateRenewalFailing' });
    expect(d.message).toContain(t(30).toISOString());
  });
});

describe('custom certificates and the primary certificate', () => {
  const acme = (status: string, minute = 0, extra = {}) => ({ ...cert(status, minute, extra), source: 'ACME', id: `acme-${status}-${minute}`, issuedAt: t(minute) });
  const custom = (status: string, minute = 0) => ({ ...cert(status, minute), source: 'CUSTOM', id: `custom-${status}`, expiresAt: t(59) });

  it.each<[string, Partial<DomainFacts>, DomainStatus, string | null]>([
    ['a valid custom certificate serves before an issued ACME one: NOT_USED', { certificates: [acme('ISSUED'), custom('ISSUED', 1)] }, 'NOT_USED', 'custom-ISSUED'],
    ['a custom certificate serves alone when Let\'s Encrypt is off', { letsencryptEnabled: false, certificates: [custom('ISSUED')] }, 'NOT_USED', 'custom-ISSUED'],
    ['an expired custom certificate leaves the ACME one serving', { certificates: [acme('ISSUED'), custom('EXPIRED', 1)] }, 'IN_USE', 'acme-ISSUED-0'],
    ['a custom certificate waiting for ownership does not serve', { certificates: [acme('ISSUED'), custom('PENDING_OWNERSHIP', 1)] }, 'IN_USE', 'acme-ISSUED-0'],
    ['the newest issued ACME certificate serves when there are two key families', { certificates: [acme('ISSUED', 0), acme('ISSUED', 5)] }, 'IN_USE', 'acme-ISSUED-5'],
    ['an issued ACME certificate serves while the other family is still ordered', { certificates: [acme('ISSUED', 0), acme('PENDING', 5)] }, 'IN_USE', 'acme-ISSUED-0'],
    ['nothing serves while the only certificate is ordered', { certificates: [acme('VALIDATING')] }, 'CREATING', null],
    ['a held first order needs a person', { certificates: [acme('PENDING', 0, { orderHeld: true, statusReason: 'CAA forbids' })] }, 'ACTION_REQUIRED', null],
    ['a held renewal leaves the domain in use, saying so', { certificates: [acme('ISSUED', 0, { orderHeld: true, statusReason: 'CAA forbids' })] }, 'IN_USE', 'acme-ISSUED-0'],
    ['a custom certificate before DNS points here still waits for DNS', { dnsVerifiedAt: null, certificates: [custom('ISSUED')] }, 'PENDING_DNS', 'custom-ISSUED'],
  ])('%s', (_name, over, status, primary) => {
    const d = decideDomainStatus(facts(over));
    expect(d.status).toBe(status);
    expect(d.primaryCertificateId).toBe(primary);
  });

  it('says the ACME certificate stands by behind a custom one', () => {
    expect(decideDomainStatus(facts({ certificates: [acme('ISSUED'), custom('ISSUED', 1)] })).message).toMatch(/custom certificate until .*ACME certificate stands by/);
  });
});

describe('default domains (<app>.<platform domain>)', () => {
  const platform = (status: string) => ({ ...cert(status), id: 'platform', source: 'ACME' });
  it.each<[string, DomainFacts['platformCertificate'], string, string | null]>([
    ['a default domain is served by the issued platform certificate', platform('ISSUED'), 'PlatformCertificateServes', 'platform'],
    ['a default domain is in use before the platform certificate is issued, without one', platform('PENDING'), 'PlatformCertificateMissing', null],
    ['a default domain is in use without a platform certificate at all', null, 'PlatformCertificateMissing', null],
    ['an expired platform certificate no longer serves it', platform('EXPIRED'), 'PlatformCertificateMissing', null],
  ])('%s: IN_USE', (_name, platformCertificate, reason, primary) => {
    // Its own DNS facts and certificates do not count: the platform's DNS answers it.
    const d = decideDomainStatus(facts({ kind: 'DEFAULT', platformCertificate, dnsVerifiedAt: null, letsencryptEnabled: false, certificates: [cert('FAILED')] }));
    expect(d).toMatchObject({ status: 'IN_USE', reason, primaryCertificateId: primary });
  });

  it('says the same words for every default domain (one bulk write applies them), naming no hostname', () => {
    expect(decideDomainStatus(facts({ kind: 'DEFAULT', platformCertificate: null })).message).toMatch(/^routed, but no valid platform certificate serves it yet/);
    expect(decideDomainStatus(facts({ kind: 'DEFAULT', platformCertificate: platform('ISSUED') })).message).toBeNull();
  });

  it('decides the platform domain itself like a custom one (an imported certificate first)', () => {
    const d = decideDomainStatus(facts({ kind: 'PLATFORM', certificates: [{ ...cert('ISSUED'), id: 'acme', source: 'ACME' }, { ...cert('ISSUED', 1), id: 'imported', source: 'CUSTOM' }] }));
    expect(d.primaryCertificateId).toBe('imported');
  });
});

describe('canTransition', () => {
  it.each<[string, CertificateStatus, CertificateStatus, boolean]>([
    ['a pending certificate starts validating', 'PENDING', 'VALIDATING', true],
    ['a validating certificate is issued', 'VALIDATING', 'ISSUED', true],
    ['a pending or validating certificate can fail', 'VALIDATING', 'FAILED', true],
    ['an issued certificate is renewed in place', 'ISSUED', 'ISSUED', true],
    ['an issued certificate can be revoked', 'ISSUED', 'REVOKED', true],
    ['an issued certificate expires', 'ISSUED', 'EXPIRED', true],
    ['a failed certificate can be retried', 'FAILED', 'PENDING', true],
    ['an expired certificate can be renewed', 'EXPIRED', 'PENDING', true],
    ['an issued certificate cannot go back to validating', 'ISSUED', 'VALIDATING', false],
    ['a revoked certificate stays revoked', 'REVOKED', 'ISSUED', false],
    ['a revoked certificate cannot be retried', 'REVOKED', 'PENDING', false],
    ['a pending certificate cannot be issued without validation', 'PENDING', 'ISSUED', false],
    ['a pending certificate cannot be revoked (nothing was issued)', 'PENDING', 'REVOKED', false],
    ['a validating certificate does not go back to pending', 'VALIDATING', 'PENDING', false],
    ['a custom certificate becomes active once ownership is proven', 'PENDING_OWNERSHIP', 'ISSUED', true],
    ['an expired custom certificate is replaced by a newer one', 'EXPIRED', 'ISSUED', true],
    ['an ACME order never waits for ownership', 'PENDING', 'PENDING_OWNERSHIP', false],
  ])('%s', (_name, from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });
});
