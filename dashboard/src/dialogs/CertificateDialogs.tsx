/** The dialog for an action on one certificate (download, renew, revoke, delete). */
import type { CertificateRow } from '../api/types';
import { DownloadDialog } from './DownloadDialog';
import { RenewDialog } from './RenewDialog';
import { RevokeDialog } from './RevokeDialog';
import { DeleteDialog } from './DeleteDialog';

export type CertificateAction = 'download' | 'renew' | 'revoke' | 'delete';

export interface OpenAction {
  action: CertificateAction;
  certificate: CertificateRow;
}

export function CertificateDialogs(props: {
  open: OpenAction | null;
  onClose(): void;
  /** A mutation changed the certificate (renew, revoke): its new state. */
  onChanged(c: CertificateRow): void;
  /** Deleted (revoked at the CA first when `revoked`). */
  onDeleted(id: string, revoked: boolean, hostname: string): void;
}) {
  const { open, onClose } = props;
  if (!open) return null;
  const c = open.certificate;
  switch (open.action) {
    case 'download':
      return <DownloadDialog certificate={c} onClose={onClose} />;
    case 'renew':
      return <RenewDialog certificate={c} onClose={onClose} onDone={props.onChanged} />;
    case 'revoke':
      return <RevokeDialog certificate={c} onClose={onClose} onDone={props.onChanged} />;
    case 'delete':
      return <DeleteDialog certificate={c} onClose={onClose} onDone={(id, revoked) => props.onDeleted(id, revoked, c.hostname)} />;
  }
}
