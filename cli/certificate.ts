/** The certificate fields the CLI reads, and how it shows them. */
import { details } from './table.js';

export interface Certificate {
  id: string;
  hostname: string;
  sans: string[];
  status: string;
  statusReason: string | null;
  source: string;
  keyType: string;
  autoRenew: boolean;
  domain: { id: string; hostname: string };
  issuer: string | null;
  serial: string | null;
  fingerprint: string | null;
  notBefore: string | null;
  expiresAt: string | null;
  daysLeft: number | null;
  issuedAt: string | null;
  nextRenewalAt: string | null;
  orderInFlight: boolean;
  orderHeld: boolean;
  failedAttempts: number;
  nextAttemptAt: string | null;
  rateLimitedUntil: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export const CERTIFICATE_FIELDS = `id hostname sans status statusReason source keyType autoRenew domain { id hostname } issuer serial fingerprint
  notBefore expiresAt daysLeft issuedAt nextRenewalAt orderInFlight orderHeld failedAttempts nextAttemptAt rateLimitedUntil
  revokedAt revocationReason createdAt updatedAt`;

/** What a status change carries (certificateStatusChanged), for watch and --wait. */
export type CertificateChange = Pick<Certificate, 'id' | 'hostname' | 'status' | 'statusReason' | 'serial' | 'expiresAt' | 'orderInFlight' | 'updatedAt'>;

export const CHANGE_FIELDS = 'id hostname status statusReason serial expiresAt orderInFlight updatedAt';

/** Statuses after which a certificate's order is over. */
export const FINAL_STATUSES = ['ISSUED', 'FAILED', 'REVOKED', 'EXPIRED'];

/** A status change as one line: when, id, hostname, status and why. */
export function changeLine(c: CertificateChange): string {
  const extra = c.orderInFlight && c.status === 'ISSUED' ? ' (renewal in flight)' : '';
  return `${c.updatedAt}  ${c.id}  ${c.hostname}  ${c.status}${extra}${c.statusReason ? `  ${c.statusReason}` : ''}`;
}

/** A certificate as "field  value" lines. */
export function certificateDetails(c: Certificate): string {
  return details([
    ['id', c.id],
    ['hostname', c.hostname],
    ['sans', c.sans],
    ['domain', `${c.domain.hostname} (${c.domain.id})`],
    ['status', c.status],
    ['statusReason', c.statusReason],
    ['source', c.source],
    ['keyType', c.keyType],
    ['autoRenew', c.autoRenew],
    ['issuer', c.issuer],
    ['serial', c.serial],
    ['fingerprint', c.fingerprint],
    ['notBefore', c.notBefore],
    ['expiresAt', c.expiresAt],
    ['daysLeft', c.daysLeft],
    ['issuedAt', c.issuedAt],
    ['nextRenewalAt', c.nextRenewalAt],
    ['orderInFlight', c.orderInFlight],
    ['orderHeld', c.orderHeld],
    ['failedAttempts', c.failedAttempts],
    ['nextAttemptAt', c.nextAttemptAt],
    ['rateLimitedUntil', c.rateLimitedUntil],
    ['revokedAt', c.revokedAt],
    ['revocationReason', c.revocationReason],
    ['createdAt', c.createdAt],
    ['updatedAt', c.updatedAt],
  ]);
}
