/** Remove a domain (removeDomain): its certificates are deleted, optionally revoked at the CA first. */
import { useState } from 'react';
import { REMOVE_DOMAIN } from '../api/queries';
import { Dialog, DialogActions } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { useSession } from '../session';

export function RemoveDomainDialog(props: { domain: { id: string; hostname: string }; certificates: number; onClose(): void; onDone(revoked: boolean): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const [revoke, setRevoke] = useState(false);
  const remove = async () => {
    const d = await run(() => call(REMOVE_DOMAIN, { id: props.domain.id, revoke }));
    if (d) {
      props.onClose();
      props.onDone(revoke);
    }
  };
  return (
    <Dialog title={`Remove ${props.domain.hostname}`} onClose={props.onClose}>
      <p>
        The hostname is detached from its app
        {props.certificates ? ` and its ${props.certificates} certificate${props.certificates === 1 ? ' is' : 's are'} deleted` : ''}. Its event log stays readable.
      </p>
      {props.certificates > 0 && (
        <div className="check">
          <input id="remove-revoke" type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} />
          <label htmlFor="remove-revoke">Revoke its issued certificates at the CA first</label>
        </div>
      )}
      <ErrorMessage error={error} />
      <DialogActions onCancel={props.onClose} onAction={remove} danger label="Remove domain" busyLabel="Removing…" busy={busy} />
    </Dialog>
  );
}
