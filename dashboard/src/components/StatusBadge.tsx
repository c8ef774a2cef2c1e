/** A certificate's status as a badge: text always, colour only as a second cue. */
import type { CertificateStatus } from '../api/types';
import { statusLabel } from '../format';

const TONE: Record<CertificateStatus, string> = {
  ISSUED: 'good',
  PENDING: 'info',
  VALIDATING: 'info',
  PENDING_OWNERSHIP: 'warn',
  FAILED: 'bad',
  EXPIRED: 'bad',
  REVOKED: 'muted',
};

export function StatusBadge(props: { status: CertificateStatus; renewing?: boolean }) {
  return (
    <span className={`badge ${TONE[props.status]}`} data-status={props.status} title={props.status}>
      {statusLabel(props.status)}
      {props.renewing && props.status === 'ISSUED' ? ' · renewing' : ''}
    </span>
  );
}

const DOMAIN_TONE: Record<string, string> = { IN_USE: 'good', NOT_USED: 'good', CREATING: 'info', PENDING_DNS: 'info', ACTION_REQUIRED: 'warn' };

/** A domain's status as a badge, the raw value in its title. */
export function DomainBadge(props: { status: string }) {
  return (
    <span className={`badge ${DOMAIN_TONE[props.status] ?? 'muted'}`} data-status={props.status} title={props.status}>
      {statusLabel(props.status)}
    </span>
  );
}
