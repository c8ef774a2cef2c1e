import { describeRecords, type RecordToCreate } from '../acme/manual-records.js';
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
  /** Let's Encrypt is on and DNS points here, but no certificate exists: deleted, or refused by the plan. */
  NoCertificate: 'NoCertificate',
  CustomCertificateServes: 'CustomCertificateServes',
  CertificateHeld: 'CertificateHeld',
  ManualDnsRecordsRequired: 'ManualDnsRecordsRequired',
  /** A default domain served by the platform certificate. */
  PlatformCertificateServes: 'PlatformCertificateServes',
  /** A default domain whose platform certificate is not valid (not issued yet, or expired): routed, https waits. */
  PlatformCertificateMissing: 'PlatformCertificateMissing',
} as const;
export type DomainReason = (typeof DomainReason)[keyof typeof DomainReason];

/** What a domain's status is decided from: its settings, its DNS facts and its certificates. */
export interface DomainFacts {
  /** 'CUSTOM' (the default), 'DEFAULT' (an app's <app>.<platform domain>) or 'PLATFORM' (decided like a custom one). */
  kind?: string;
  /** For a DEFAULT domain: the certificate serving the platform domain (its primary certificate), or null. */
  platformCertificate?: DomainCertificateFacts | null;
  letsencryptEnabled: boolean;
  /** When a DNS check first found the hostname pointing at the platform; null while it has not. */
  dnsVerifiedAt: Date | null;
  /** What the last DNS check found, in words. */
  dnsResult: string | null;
  /** The domain's certificates, any order. */
  certificates: ReadonlyArray<DomainCertificateFacts>;
}

export interface DomainCertificateFacts {
    id?: string;
    /** 'ACME' (the default) or 'CUSTOM'. */
    source?: string;
    issuedAt?: Date | null;
    /** The order waits for a person before reaching the CA (a preflight check failed). */
    orderHeld?: boolean;
    /** The order waits for TXT records the customer must create by hand (acme/manual-records.ts). */
    manualRecords?: ReadonlyArray<RecordToCreate>;
    /** Since when the certificate's current step waits (the manual records' since). */
    waitingSince?: Date | null;
    status: string;
    statusReason: string | null;
    createdAt: Date;
    expiresAt: Date | null;
    failedAttempts: number;
    nextRenewalAt: Date | null;
}

export interface DomainDecision {
  status: DomainStatus;
  reason: DomainReason;
  message: string | null;
  /** The certificate an edge should serve (choosePrimaryCertificate); null when none is valid. */
  primaryCertificateId: string | null;
  /** What the customer must create, when the reason is ManualDnsRecordsRequired. */
  records?: ReadonlyArray<RecordToCreate>;
  /** Since when the customer has been asked (ManualDnsRecordsRequired). */
  since?: Date | null;
}

const time = (d: Date | null | undefined) => d?.getTime() ?? 0;

/**
 * What an edge serves for the hostname (Fly's rule): the custom certificate when it is valid (ISSUED:
 * imported, ownership proven, not expired), else the newest valid (ISSUED) ACME certificate, else none.
 * The ACME certificate is thereby the automatic fallback when the custom one expires or is deleted.
 */
export function choosePrimaryCertificate<C extends DomainCertificateFacts>(certificates: ReadonlyArray<C>): C | null {
  const issued = certificates.filter((c) => c.status === 'ISSUED');
  const custom = issued.find((c) => c.source === 'CUSTOM');
  if (custom) return custom;
  return issued.sort((a, b) => time(b.issuedAt ?? b.createdAt) - time(a.issuedAt ?? a.createdAt))[0] ?? null;
}

const ACTIVE = new Set(['PENDING', 'VALIDATING', 'ISSUED']);

/**
 * A domain's status, decided in this one place from its facts (pure):
 * - PENDING_DNS until a DNS check finds the hostname pointing at the platform;
 * - NOT_USED (Scalingo) when a custom certificate serves it: an ACME certificate, if any, stands by;
 * - then the ACME certificate that counts (the active one, else the newest) decides: ISSUED -> IN_USE;
 *   PENDING or VALIDATING -> CREATING; FAILED, EXPIRED or REVOKED -> ACTION_REQUIRED when the domain
 *   wants automatic certificates (letsencryptEnabled), with what to do in the message;
 * - a domain without Let's Encrypt is IN_USE once its DNS points here, whatever its own certificates do
 *   (an ISSUED one still serves);
 * - a DEFAULT domain is IN_USE at once and served by the platform certificate (decideDefaultDomain).
 */
export function decideDomainStatus(f: DomainFacts): DomainDecision {
  if (f.kind === 'DEFAULT') return decideDefaultDomain(f.platformCertificate ?? null);
  const primary = choosePrimaryCertificate(f.certificates);
  const decision = decideStatus(f, primary);
  return { ...decision, primaryCertificateId: primary?.id ?? null };
}

/**
 * A default domain (<app>.<platform domain>) is IN_USE from the moment its app exists: the platform's own
 * DNS answers it, so there is nothing to check and nothing for the customer to do. It serves the platform
 * certificate whenever that one is valid (ISSUED); until then (or once it expired) it is routed without
 * https. The decision is the same for every default domain (no hostname in the message): one bulk write
 * applies it to all (domains/default-domain-status.ts).
 */
export function decideDefaultDomain(platform: DomainCertificateFacts | null): DomainDecision {
  if (platform?.status === 'ISSUED') {
    return { status: DomainStatus.IN_USE, reason: DomainReason.PlatformCertificateServes, message: null, primaryCertificateId: platform.id ?? null };
  }
  return {
    status: DomainStatus.IN_USE,
    reason: DomainReason.PlatformCertificateMissing,
    message: 'routed, but no valid platform certificate serves it yet: https follows once the platform operator has one (nothing to do here)',
    primaryCertificateId: null,
  };
}

function decideStatus(f: DomainFacts, primary: DomainCertificateFacts | null): Omit<DomainDecision, 'primaryCertificateId'> & Partial<Pick<DomainDecision, 'records' | 'since'>> {
  const custom = f.certificates.find((c) => c.source === 'CUSTOM');
  if (!f.dnsVerifiedAt) {
    const waiting = f.dnsResult ?? 'waiting for the first DNS check';
    const note =
      custom?.status === 'PENDING_OWNERSHIP'
        ? `; the custom certificate waits for the ownership TXT record or for DNS to point at the platform`
        : custom?.status === 'ISSUED'
          ? '; the custom certificate is ready and will be served once DNS points at the platform'
          : '';
    return { status: DomainStatus.PENDING_DNS, reason: DomainReason.DnsNotPointing, message: waiting + note };
  }
  const acme = f.certificates.filter((c) => c.source !== 'CUSTOM');
  if (primary && primary.source === 'CUSTOM') {
    const standby = acme.find((c) => c.status === 'ISSUED');
    const until = primary.expiresAt ? ` until ${primary.expiresAt.toISOString()}` : '';
    const acmeNote = standby ? '; the ACME certificate stands by' : f.letsencryptEnabled ? '; no ACME certificate issued yet to stand by' : '';
    return { status: DomainStatus.NOT_USED, reason: DomainReason.CustomCertificateServes, message: `served by the custom certificate${until}${acmeNote}` };
  }
  const newestFirst = [...acme].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const manual = newestFirst.find((c) => c.manualRecords?.length && ACTIVE.has(c.status));
  if (manual) {
    const records = describeRecords(manual.manualRecords!);
    const serving = primary ? ` The certificate serves until ${primary.expiresAt?.toISOString() ?? 'its expiry'}: renewal needs your action.` : '';
    return {
      status: DomainStatus.ACTION_REQUIRED,
      reason: DomainReason.ManualDnsRecordsRequired,
      records: manual.manualRecords,
      since: manual.waitingSince ?? null,
      message: `create these DNS records: ${records}. certplane looks for them every few minutes and goes on by itself.${serving} Delegating _acme-challenge by CNAME ends this for good.`,
    };
  }
  const held = newestFirst.find((c) => c.orderHeld && ACTIVE.has(c.status));
  if (held && !primary) {
    return {
      status: DomainStatus.ACTION_REQUIRED,
      reason: DomainReason.CertificateHeld,
      message: `the certificate order is held before reaching the CA: ${held.statusReason ?? 'a preflight check failed'}. certplane checks again on its own.`,
    };
  }
  const cert = (primary && acme.includes(primary) ? primary : null) ?? newestFirst.find((c) => ACTIVE.has(c.status)) ?? newestFirst[0];
  if (cert?.status === 'ISSUED') {
    if (held) {
      return {
        status: DomainStatus.IN_USE,
        reason: DomainReason.CertificateHeld,
        message: `the certificate is served, but its renewal is held before reaching the CA: ${held.statusReason ?? 'a preflight check failed'}`,
      };
    }
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
      // An automatic certificate is requested in the same transaction that finds DNS pointing, so none
      // at all means it was deleted, or the plan refused it (domainEvents says which).
      return {
        status: DomainStatus.ACTION_REQUIRED,
        reason: DomainReason.NoCertificate,
        message:
          "Let's Encrypt is on but the domain has no certificate (it was deleted, or the plan refused it: see domainEvents). Request one (requestCertificate, or checkDomain to order the automatic one again), or turn Let's Encrypt off.",
      };
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
