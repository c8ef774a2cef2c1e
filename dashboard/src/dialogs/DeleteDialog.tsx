/** Delete a certificate (deleteCertificate), optionally revoking it at the CA first. */
import { useState } from 'react';
import { DELETE_CERTIFICATE } from '../api/queries';
import type { CertificateRow } from '../api/types';
import { Dialog, DialogActions } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { useSession } from '../session';

export function DeleteDialog(props: { certificate: CertificateRow; onClose(): void; onDone(id: string, revoked: boolean): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const c = props.certificate;
  const canRevoke = c.source === 'ACME' && c.status === 'ISSUED';
  const [revoke, setRevoke] = useState(false);
  const remove = async () => {
    const revoked = canRevoke && revoke;
    const d = await run(() => call(DELETE_CERTIFICATE, { id: c.id, revoke: revoked }));
    if (d) {
      props.onDone(c.id, revoked);
      props.onClose();
    }
  };
  return (
    <Dialog title={`Delete ${c.hostname}`} onClose={props.onClose}>
      <p>The certificate and its private key are deleted from certplane.</p>
      {canRevoke && (
        <div className="check">
          <input id="delete-revoke" type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} />
          <label htmlFor="delete-revoke">Revoke it at the CA first</label>
        </div>
      )}
      <ErrorMessage error={error} />
      <DialogActions onCancel={props.onClose} onAction={remove} danger label="Delete" busyLabel="Deleting…" busy={busy} />
    </Dialog>
  );
}
