/** Revoke at the CA (revokeCertificate), with an RFC 5280 reason. */
import { useState } from 'react';
import { REVOKE_CERTIFICATE } from '../api/queries';
import { REVOCATION_REASONS, type CertificateRow, type RevocationReason } from '../api/types';
import { Dialog, DialogActions } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { humanize } from '../format';
import { useSession } from '../session';

export function RevokeDialog(props: { certificate: CertificateRow; onClose(): void; onDone(c: CertificateRow): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const [reason, setReason] = useState<RevocationReason>('UNSPECIFIED');
  const c = props.certificate;
  const revoke = async () => {
    const d = await run(() => call(REVOKE_CERTIFICATE, { id: c.id, reason }));
    if (d) {
      props.onDone(d.revokeCertificate);
      props.onClose();
    }
  };
  return (
    <Dialog title={`Revoke ${c.hostname}`} onClose={props.onClose}>
      <p>The CA is told the certificate must no longer be trusted. This cannot be undone; the domain will need a new certificate.</p>
      <div className="field">
        <label htmlFor="revoke-reason">Reason</label>
        <select id="revoke-reason" value={reason} onChange={(e) => setReason(e.target.value as RevocationReason)}>
          {REVOCATION_REASONS.map((r) => (
            <option key={r} value={r}>
              {humanize(r)}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={error} />
      <DialogActions onCancel={props.onClose} onAction={revoke} danger label="Revoke" busyLabel="Revoking…" busy={busy} />
    </Dialog>
  );
}
