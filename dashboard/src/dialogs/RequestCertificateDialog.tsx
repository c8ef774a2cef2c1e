/** Request a certificate (requestCertificate): domain, extra names, key type, auto-renew. */
import { useEffect, useState, type FormEvent } from 'react';
import { DOMAINS, REQUEST_CERTIFICATE } from '../api/queries';
import { KEY_TYPES, type CertificateRow, type KeyType } from '../api/types';
import { Dialog, DialogActions } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { keyTypeLabel } from '../format';
import { useSession } from '../session';

type DomainOption = { id: string; hostname: string; app: { name: string } };

export function RequestCertificateDialog(props: { onClose(): void; onDone(c: CertificateRow): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const [domains, setDomains] = useState<DomainOption[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [domain, setDomain] = useState('');
  const [sans, setSans] = useState('');
  const [keyType, setKeyType] = useState<KeyType>('RSA_2048');
  const [autoRenew, setAutoRenew] = useState(true);

  useEffect(() => {
    call(DOMAINS, {}).then(
      (d) => {
        setDomains(d.domains.nodes);
        setDomain((cur) => cur || d.domains.nodes[0]?.id || '');
      },
      setLoadError,
    );
  }, [call]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const names = sans
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const d = await run(() => call(REQUEST_CERTIFICATE, { input: { domain, sans: names, keyType, autoRenew } }));
    if (d) {
      props.onDone(d.requestCertificate);
      props.onClose();
    }
  };

  return (
    <Dialog title="Request a certificate" onClose={props.onClose}>
      <form onSubmit={submit} className="form">
        <ErrorMessage error={loadError} />
        <div className="field">
          <label htmlFor="request-domain">Domain</label>
          <select id="request-domain" required value={domain} onChange={(e) => setDomain(e.target.value)} disabled={!domains}>
            {!domains && <option value="">Loading…</option>}
            {domains?.length === 0 && <option value="">No domains yet: add one first</option>}
            {domains?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.hostname} ({d.app.name})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="request-sans">Extra names</label>
          <textarea id="request-sans" rows={2} value={sans} onChange={(e) => setSans(e.target.value)} aria-describedby="request-sans-help" spellCheck={false} />
          <p id="request-sans-help" className="help">
            Optional, separated by commas or spaces: the domain itself or names under it.
          </p>
        </div>
        <div className="field">
          <label htmlFor="request-key">Key type</label>
          <select id="request-key" value={keyType} onChange={(e) => setKeyType(e.target.value as KeyType)}>
            {KEY_TYPES.map((k) => (
              <option key={k} value={k}>
                {keyTypeLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="check">
          <input id="request-autorenew" type="checkbox" checked={autoRenew} onChange={(e) => setAutoRenew(e.target.checked)} />
          <label htmlFor="request-autorenew">Renew automatically</label>
        </div>
        <ErrorMessage error={error} />
        <DialogActions onCancel={props.onClose} submit label="Request" busyLabel="Requesting…" busy={busy} disabled={!domain} />
      </form>
    </Dialog>
  );
}
