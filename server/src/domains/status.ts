/** Domain states, as Scalingo names them. */
export const DomainStatus = {
  PENDING_DNS: 'PENDING_DNS',
  CREATING: 'CREATING',
  IN_USE: 'IN_USE',
  NOT_USED: 'NOT_USED',
  ACTION_REQUIRED: 'ACTION_REQUIRED',
} as const;
export type DomainStatus = (typeof DomainStatus)[keyof typeof DomainStatus];

/** Why a domain moved, as constants (also the first word of status messages). */
export const DomainReason = {
  DnsNotPointing: 'DnsNotPointing',
  DnsPointing: 'DnsPointing',
  CertificateIssued: 'CertificateIssued',
  CertificateFailed: 'CertificateFailed',
  NoCertificateWanted: 'NoCertificateWanted',
} as const;

/**
 * The domain's next status after its DNS check or its certificate changed.
 * Pure: (current state, what happened) -> next state, or null when nothing changes.
 */
export function nextDomainStatus(
  current: DomainStatus,
  event: { kind: 'dns'; pointing: boolean; letsencryptEnabled: boolean } | { kind: 'certificate'; status: string },
): DomainStatus | null {
  if (event.kind === 'dns') {
    if (current !== DomainStatus.PENDING_DNS) return null;
    if (!event.pointing) return null;
    return event.letsencryptEnabled ? DomainStatus.CREATING : DomainStatus.IN_USE;
  }
  switch (event.status) {
    case 'ISSUED':
      return current === DomainStatus.IN_USE ? null : DomainStatus.IN_USE;
    case 'FAILED':
      return current === DomainStatus.CREATING ? DomainStatus.ACTION_REQUIRED : null;
    case 'PENDING':
      return current === DomainStatus.ACTION_REQUIRED ? DomainStatus.CREATING : null;
    default:
      return null;
  }
}
