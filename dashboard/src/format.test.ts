import { describe, expect, it } from 'vitest';
import { countdown, expiryLevel, friendlyMessage, keyTypeLabel, reasonLabel, relative, statusLabel } from './format';
import { splitPem } from './download';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const inDays = (d: number) => new Date(NOW + d * 86_400_000).toISOString();

describe('the expiry colour', () => {
  it.each([
    ['green with more than 30 days left', 30.01, 'ok'],
    ['amber at exactly 30 days', 30, 'soon'],
    ['amber within 30 days', 8, 'soon'],
    ['red at exactly 7 days', 7, 'urgent'],
    ['red within 7 days', 0.5, 'urgent'],
    ['red once expired', -3, 'urgent'],
  ] as const)('is %s', (_sentence, days, level) => {
    expect(expiryLevel(inDays(days), NOW)).toBe(level);
  });
});

describe('the countdown', () => {
  it.each([
    ['days and hours when more than a day is left', inDays(59.5), 'in 59 d 12 h'],
    ['hours and minutes within a day', inDays(0.25 + 1 / 1440), 'in 6 h 1 min'],
    ['how long ago once expired', inDays(-2), 'expired 2 d 0 h ago'],
  ])('says %s', (_sentence, at, text) => {
    expect(countdown(at, NOW)).toBe(text);
  });
});

describe('the PEM files of a certificate', () => {
  const block = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`;
  it('are the leaf, its intermediates, and the whole chain as the API gave it', () => {
    const full = block('LEAF') + block('INT1') + block('INT2');
    expect(splitPem(full)).toEqual({ certificate: block('LEAF'), chain: block('INT1') + block('INT2'), fullChain: full });
  });
  it('have an empty chain when the CA sent no intermediates', () => {
    expect(splitPem(block('LEAF')).chain).toBe('');
  });
});

it('names key types as people write them', () => {
  expect(['RSA_2048', 'ECDSA_P256', 'ECDSA_P384'].map(keyTypeLabel)).toEqual(['RSA 2048', 'ECDSA P-256', 'ECDSA P-384']);
});

describe('labels for people', () => {
  it.each([
    ['PENDING_DNS', 'Waiting for DNS'],
    ['ACTION_REQUIRED', 'Action required'],
    ['ISSUED', 'Issued'],
    ['SOMETHING_NEW', 'Something new'],
  ])('shows the status %s as "%s"', (raw, label) => {
    expect(statusLabel(raw)).toBe(label);
  });
  it.each([
    ['MANUAL_DNS_RECORDS_REQUIRED', 'DNS records to create by hand'],
    ['ManualDnsRecordsRequired', 'DNS records to create by hand'],
    ['CaaLookupFailed', 'Caa lookup failed'],
  ])('shows the reason %s as "%s"', (raw, label) => {
    expect(reasonLabel(raw)).toBe(label);
  });
  it('says what to press rather than the mutation to call, and no internal step', () => {
    expect(friendlyMessage('Certificate failed: x. Fix the cause, then retry with renewCertificate.')).toBe('Certificate failed: x. Fix the cause, then press Renew on the certificate to retry.');
    expect(friendlyMessage('has an order in flight (PENDING, step new); wait')).toBe('has an order in flight (Pending); wait');
  });
  it('gives the next attempt as a relative time that moves with the clock', () => {
    const at = new Date(NOW + 47_900).toISOString();
    expect(relative(at, NOW)).toBe('in 48 s');
    expect(relative(at, NOW + 40_000)).toBe('in 8 s');
    expect(relative(at, NOW + 107_900)).toBe('1 min ago');
  });
});
