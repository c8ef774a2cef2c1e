/** What the customer must do while the domain is ACTION_REQUIRED (Domain.actionRequired). */
import type { DomainDetail } from '../api/types';
import { formatDate } from '../format';
import { DnsRecords } from './DnsRecords';

export function ActionRequired(props: { action: NonNullable<DomainDetail['actionRequired']> }) {
  const a = props.action;
  return (
    <section className="card attention" aria-labelledby="action-title">
      <h2 id="action-title">Action required</h2>
      <p>
        <strong>{a.message}</strong>
      </p>
      <p className="help">
        Reason <code>{a.reason}</code>, since {formatDate(a.since)}.
      </p>
      {a.records.length > 0 && <DnsRecords records={a.records} caption="Create these records; certplane finds them by itself and goes on." />}
    </section>
  );
}
