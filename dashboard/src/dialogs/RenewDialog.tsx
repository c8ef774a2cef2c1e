/** Renew now (renewCertificate): a new order with a new key; the certificate stays served meanwhile. */
import { RENEW_CERTIFICATE } from '../api/queries';
import type { CertificateRow } from '../api/types';
import { Dialog, DialogActions } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { useSession } from '../session';

export function RenewDialog(props: { certificate: CertificateRow; onClose(): void; onDone(c: CertificateRow): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const c = props.certificate;
  const renew = async () => {
    const d = await run(() => call(RENEW_CERTIFICATE, { id: c.id }));
    if (d) {
      props.onDone(d.renewCertificate);
      props.onClose();
    }
  };
  return (
    <Dialog title={`Renew ${c.hostname}`} onClose={props.onClose}>
      <p>
        {c.status === 'ISSUED'
          ? 'A new order starts now, with a new private key. The current certificate stays served until the new one takes over.'
          : 'The certificate is ordered again.'}
      </p>
      <ErrorMessage error={error} />
      <DialogActions onCancel={props.onClose} onAction={renew} label="Renew now" busyLabel="Renewing…" busy={busy} />
    </Dialog>
  );
}
