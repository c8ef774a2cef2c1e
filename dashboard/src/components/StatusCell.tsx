/** A certificate's status in the list: the badge, "Action required" when its domain needs a person, and why it is stuck. */
import type { CertificateRow } from '../api/types';
import { StatusBadge } from './StatusBadge';

/** The reason is shown for a FAILED certificate, a held order, or a domain waiting for someone. */
export function showsReason(c: CertificateRow): boolean {
  return !!c.statusReason && (c.status === 'FAILED' || c.orderHeld || c.domain.status === 'ACTION_REQUIRED');
}

export function StatusCell(props: { c: CertificateRow }) {
  const { c } = props;
  const needsAction = c.domain.status === 'ACTION_REQUIRED' || c.orderHeld;
  return (
    <div className="status-cell">
      <StatusBadge status={c.status} renewing={c.orderInFlight} />
      {needsAction && (
        <span className="badge warn" title={c.orderHeld ? 'The order waits for something only a person can fix' : `Domain ${c.domain.hostname} needs action`}>
          Action required
        </span>
      )}
      {showsReason(c) && (
        <span className="status-reason" title={c.statusReason!}>
          {c.statusReason}
        </span>
      )}
    </div>
  );
}
