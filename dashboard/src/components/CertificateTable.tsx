/** The certificates of one page, a row each; at phone width each row is a card (styles.css). */
import type { CertificateRow } from '../api/types';
import { formatDate, humanize, keyTypeLabel } from '../format';
import { certificatePath, navigate } from '../router';
import { Expiry } from './Expiry';
import { StatusBadge } from './StatusBadge';
import { useNow } from './useNow';
import type { CertificateAction } from '../dialogs/CertificateDialogs';

export function CertificateTable(props: { rows: CertificateRow[]; busy: boolean; onAction(a: CertificateAction, c: CertificateRow): void }) {
  const now = useNow();
  return (
    <div className="table-wrap">
      <table className="certificates" aria-busy={props.busy}>
        <caption className="visually-hidden">Certificates</caption>
        <thead>
          <tr>
            <th scope="col">Hostname</th>
            <th scope="col">Status</th>
            <th scope="col">Source</th>
            <th scope="col">Issuer</th>
            <th scope="col">Key</th>
            <th scope="col">Expires</th>
            <th scope="col">Auto-renew</th>
            <th scope="col">Next renewal</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((c) => (
            <tr key={c.id} data-id={c.id} data-status={c.status}>
              <th scope="row" data-label="Hostname">
                <a
                  href={certificatePath(c.id)}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    navigate(certificatePath(c.id));
                  }}
                >
                  {c.hostname}
                </a>
                {c.sans.length > 0 && <span className="sans">+ {c.sans.join(', ')}</span>}
              </th>
              <td data-label="Status">
                <StatusBadge status={c.status} renewing={c.orderInFlight} />
              </td>
              <td data-label="Source">{c.source}</td>
              <td data-label="Issuer" className="issuer">
                {c.issuer ?? <span className="muted">—</span>}
              </td>
              <td data-label="Key">{keyTypeLabel(c.keyType)}</td>
              <td data-label="Expires">
                <Expiry expiresAt={c.expiresAt} now={now} served={c.status !== 'REVOKED'} />
              </td>
              <td data-label="Auto-renew">{c.autoRenew ? 'On' : 'Off'}</td>
              <td data-label="Next renewal">{formatDate(c.nextRenewalAt)}</td>
              <td className="actions">
                <RowActions c={c} onAction={props.onAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RowActions(props: { c: CertificateRow; onAction(a: CertificateAction, c: CertificateRow): void }) {
  const { c } = props;
  const act = (a: CertificateAction) => () => props.onAction(a, c);
  return (
    <div className="row-actions">
      <button type="button" className="small" onClick={act('download')} aria-label={`Download ${c.hostname}`} disabled={!c.expiresAt}>
        Download
      </button>
      {c.source === 'ACME' && (
        <button type="button" className="small" onClick={act('renew')} aria-label={`Renew ${c.hostname}`}>
          Renew
        </button>
      )}
      {c.source === 'ACME' && (
        <button type="button" className="small" onClick={act('revoke')} aria-label={`Revoke ${c.hostname}`} disabled={c.status !== 'ISSUED'}>
          Revoke
        </button>
      )}
      <button type="button" className="small danger" onClick={act('delete')} aria-label={`Delete ${c.hostname}`}>
        Delete
      </button>
    </div>
  );
}
