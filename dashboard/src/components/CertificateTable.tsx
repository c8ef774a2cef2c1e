/** The certificates of one page, a row each; at phone width each row is a card (styles.css). */
import type { CertificateRow } from '../api/types';
import { formatDate, keyTypeLabel } from '../format';
import { certificatePath, linkTo } from '../router';
import { Expiry } from './Expiry';
import { StatusBadge } from './StatusBadge';
import { StatusCell } from './StatusCell';
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
                <a className="hostname" href={certificatePath(c.id)} onClick={linkTo(certificatePath(c.id))} title={c.hostname}>
                  {c.hostname}
                </a>
                {c.sans.length > 0 && <span className="sans">+ {c.sans.join(', ')}</span>}
              </th>
              <td data-label="Status">
                <StatusCell c={c} />
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

/** Why an action cannot run on this certificate (the API would refuse it); null when it can. */
export function disabledReason(a: CertificateAction, c: CertificateRow): string | null {
  switch (a) {
    case 'download':
      return c.expiresAt ? null : 'Nothing to download until it is issued.';
    case 'renew':
      if (c.source === 'CUSTOM') return 'A custom certificate is renewed by importing a new one.';
      if (c.status === 'REVOKED') return 'A revoked certificate cannot be renewed: request a new one.';
      if (c.orderInFlight) return 'An order is already running for it.';
      return null;
    case 'revoke':
      if (c.source === 'CUSTOM') return 'certplane did not issue it, so it cannot revoke it.';
      return c.status === 'ISSUED' ? null : 'Only an issued certificate can be revoked.';
    case 'delete':
      return null;
  }
}

const LABEL: Record<CertificateAction, string> = { download: 'Download', renew: 'Renew', revoke: 'Revoke', delete: 'Delete' };

/** The action buttons; a disabled one says why (title, and aria-describedby; `explain` also shows it as text). */
export function RowActions(props: { c: CertificateRow; onAction(a: CertificateAction, c: CertificateRow): void; explain?: boolean }) {
  const { c } = props;
  const actions: CertificateAction[] = ['download', 'renew', 'revoke', 'delete'];
  const reasons = actions.map((a) => [a, disabledReason(a, c)] as const).filter(([, r]) => r);
  return (
    <>
      <div className="row-actions">
        {actions.map((a) => {
          const why = disabledReason(a, c);
          const whyId = `why-${a}-${c.id}`;
          return (
            <button
              key={a}
              type="button"
              className={a === 'delete' ? 'small danger' : 'small'}
              onClick={() => props.onAction(a, c)}
              aria-label={`${LABEL[a]} ${c.hostname}`}
              disabled={!!why}
              title={why ?? undefined}
              aria-describedby={why ? whyId : undefined}
            >
              {LABEL[a]}
              {why && (
                <span id={whyId} className="visually-hidden">
                  {why}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {props.explain && reasons.length > 0 && (
        <ul className="why-disabled help">
          {reasons.map(([a, r]) => (
            <li key={a}>
              {LABEL[a]}: {r}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
