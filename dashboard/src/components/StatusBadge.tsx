/** A certificate's status as a badge: text always, colour only as a second cue. */
import type { CertificateStatus } from '../api/types';
import { humanize } from '../format';

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
    <span className={`badge ${TONE[props.status]}`} data-status={props.status}>
      {humanize(props.status)}
      {props.renewing && props.status === 'ISSUED' ? ' · renewing' : ''}
    </span>
  );
}
