/** What the customer must do while the domain is ACTION_REQUIRED (Domain.actionRequired): about the domain, not one certificate. */
import type { DomainDetail } from '../api/types';
import { formatDate, friendlyMessage, reasonLabel } from '../format';
import { DnsRecords } from './DnsRecords';

export function ActionRequired(props: { action: NonNullable<DomainDetail['actionRequired']>; hostname: string }) {
  const a = props.action;
  return (
    <section className="card attention" aria-labelledby="action-title">
      <h2 id="action-title">Action required on domain {props.hostname}</h2>
      <p>
        <strong title={a.message}>{friendlyMessage(a.message)}</strong>
      </p>
      <p className="help">
        <span title={a.reason}>{reasonLabel(a.reason)}</span>, since {formatDate(a.since)}.
      </p>
      {a.records.length > 0 && <DnsRecords records={a.records} caption="Create these records; certplane finds them by itself and goes on." />}
    </section>
  );
}
