/** Domain states, as Scalingo names them. */
export const DomainStatus = {
  PENDING_DNS: 'PENDING_DNS',
  CREATING: 'CREATING',
  IN_USE: 'IN_USE',
  NOT_USED: 'NOT_USED',
  ACTION_REQUIRED: 'ACTION_REQUIRED',
} as const;
export type DomainStatus = (typeof DomainStatus)[keyof typeof DomainStatus];

/** Why a domain is in its status, as constants. */
export const DomainReason = {
  DnsNotPointing: 'DnsNotPointing',
  CertificateIssued: 'CertificateIssued',
  CertificateRenewalFailing: 'CertificateRenewalFailing',
  CertificateInProgress: 'CertificateInProgress',
  CertificateFailed: 'CertificateFailed',
  CertificateExpired: 'CertificateExpired',
  CertificateRevoked: 'CertificateRevoked',
  NoCertificateWanted: 'NoCertificateWanted',
} as const;
export type DomainReason = (typeof DomainReason)[keyof typeof DomainReason];

/** What a domain's status is decided from: its settings, its DNS facts and its certificates. */
export interface DomainFacts {
  letsencryptEnabled: boolean;
  /** When a DNS check first found the hostname pointing at the platform; null while it has not. */
  dnsVerifiedAt: Date | null;
  /** What the last DNS check found, in words. */
  dnsResult: string | null;
  /** The domain's certificates, any order. */
  certificates: ReadonlyArray<{
    status: string;
    statusReason: string | null;
    createdAt: Date;
    expiresAt: Date | null;
    failedAttempts: number;
    nextRenewalAt: Date | null;
  }>;
}

export interface DomainDecision {
  status: DomainStatus;
  reason: DomainReason;
  message: string | null;
}

const ACTIVE = new Set(['PENDING', 'VALIDATING', 'ISSUED']);

/**
 * A domain's status, decided in this one place from its facts (pure):
 * - PENDING_DNS until a DNS check finds the hostname pointing at the platform;
 * - then the certificate that counts (the active one, else the newest) decides: ISSUED -> IN_USE;
 *   PENDING or VALIDATING -> CREATING; FAILED, EXPIRED or REVOKED -> ACTION_REQUIRED when the domain
 *   wants automatic certificates (letsencryptEnabled), with what to do in the message;
 * - a domain without Let's Encrypt is IN_USE once its DNS points here, whatever its own certificates do
 *   (an ISSUED one still serves).
 */
export function decideDomainStatus(f: DomainFacts): DomainDecision {
  if (!f.dnsVerifiedAt) {
    return { status: DomainStatus.PENDING_DNS, reason: DomainReason.DnsNotPointing, message: f.dnsResult ?? 'waiting for the first DNS check' };
  }
  const newestFirst = [...f.certificates].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const cert = newestFirst.find((c) => ACTIVE.has(c.status)) ?? newestFirst[0];
  if (cert?.status === 'ISSUED') {
    if (cert.failedAttempts > 0) {
      const next = cert.nextRenewalAt ? `; next attempt ${cert.nextRenewalAt.toISOString()}` : '';
      return {
        status: DomainStatus.IN_USE,
        reason: DomainReason.CertificateRenewalFailing,
        message: `the certificate is served, but ${cert.failedAttempts} renewal attempt(s) failed: ${cert.statusReason ?? 'unknown reason'}${next}`,
      };
    }
    return { status: DomainStatus.IN_USE, reason: DomainReason.CertificateIssued, message: null };
  }
  if (!f.letsencryptEnabled) {
    return { status: DomainStatus.IN_USE, reason: DomainReason.NoCertificateWanted, message: null };
  }
  switch (cert?.status) {
    case undefined:
    case 'PENDING':
    case 'VALIDATING':
      return { status: DomainStatus.CREATING, reason: DomainReason.CertificateInProgress, message: cert?.statusReason ?? 'certificate requested' };
    case 'FAILED':
      return {
        status: DomainStatus.ACTION_REQUIRED,
        reason: DomainReason.CertificateFailed,
        message: `Certificate failed: ${cert.statusReason ?? 'unknown reason'}. Fix the cause, then retry with renewCertificate.`,
      };
    case 'EXPIRED':
      return {
        status: DomainStatus.ACTION_REQUIRED,
        reason: DomainReason.CertificateExpired,
        message: `the certificate expired at ${cert.expiresAt?.toISOString() ?? 'an unknown time'}${cert.statusReason ? ` (${cert.statusReason})` : ''}; renew it with renewCertificate`,
      };
    case 'REVOKED':
      return {
        status: DomainStatus.ACTION_REQUIRED,
        reason: DomainReason.CertificateRevoked,
        message: 'the certificate was revoked; request a new one with requestCertificate',
      };
    default:
      return { status: DomainStatus.CREATING, reason: DomainReason.CertificateInProgress, message: null };
  }
}
