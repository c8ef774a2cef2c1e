/** Filter the certificates by hostname (substring, as the API has it) and status. */
import { CERTIFICATE_STATUSES, type CertificateStatus } from '../api/types';
import { statusLabel } from '../format';

export function Filters(props: {
  hostname: string;
  status: CertificateStatus | '';
  onHostname(v: string): void;
  onStatus(v: CertificateStatus | ''): void;
}) {
  return (
    <form className="filters" role="search" aria-label="Filter certificates" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-hostname">Hostname</label>
        <input id="filter-hostname" type="search" value={props.hostname} placeholder="contains…" onChange={(e) => props.onHostname(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={props.status} onChange={(e) => props.onStatus(e.target.value as CertificateStatus | '')}>
          <option value="">Any status</option>
          {CERTIFICATE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
