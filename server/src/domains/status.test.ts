import { describe, expect, it } from 'vitest';
import { nextDomainStatus, type DomainStatus } from './status.js';
import { canTransition, type CertificateStatus } from '../certificates/status.js';

describe('nextDomainStatus', () => {
  it.each<[string, DomainStatus, Parameters<typeof nextDomainStatus>[1], DomainStatus | null]>([
    ['a pending domain whose DNS points here goes CREATING when it wants a certificate', 'PENDING_DNS', { kind: 'dns', pointing: true, letsencryptEnabled: true }, 'CREATING'],
    ['a pending domain whose DNS points here goes IN_USE when it wants no certificate', 'PENDING_DNS', { kind: 'dns', pointing: true, letsencryptEnabled: false }, 'IN_USE'],
    ['a pending domain whose DNS does not point here stays put', 'PENDING_DNS', { kind: 'dns', pointing: false, letsencryptEnabled: true }, null],
    ['a DNS result does not move a domain already in use', 'IN_USE', { kind: 'dns', pointing: true, letsencryptEnabled: true }, null],
    ['an issued certificate puts a creating domain in use', 'CREATING', { kind: 'certificate', status: 'ISSUED' }, 'IN_USE'],
    ['an issued certificate on a domain in use changes nothing', 'IN_USE', { kind: 'certificate', status: 'ISSUED' }, null],
    ['a failed certificate makes a creating domain need action', 'CREATING', { kind: 'certificate', status: 'FAILED' }, 'ACTION_REQUIRED'],
    ['a failed extra certificate leaves a domain in use alone', 'IN_USE', { kind: 'certificate', status: 'FAILED' }, null],
    ['a new request moves a domain needing action back to creating', 'ACTION_REQUIRED', { kind: 'certificate', status: 'PENDING' }, 'CREATING'],
    ['a revoked certificate does not move the domain', 'IN_USE', { kind: 'certificate', status: 'REVOKED' }, null],
  ])('%s', (_name, from, event, expected) => {
    expect(nextDomainStatus(from, event)).toBe(expected);
  });
});

describe('canTransition', () => {
  it.each<[string, CertificateStatus, CertificateStatus, boolean]>([
    ['a pending certificate starts validating', 'PENDING', 'VALIDATING', true],
    ['a validating certificate is issued', 'VALIDATING', 'ISSUED', true],
    ['a validating certificate can fail', 'VALIDATING', 'FAILED', true],
    ['an issued certificate can be revoked', 'ISSUED', 'REVOKED', true],
    ['an issued certificate cannot go back to validating', 'ISSUED', 'VALIDATING', false],
    ['a revoked certificate stays revoked', 'REVOKED', 'ISSUED', false],
    ['a pending certificate cannot be issued without validation', 'PENDING', 'ISSUED', false],
  ])('%s', (_name, from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });
});
