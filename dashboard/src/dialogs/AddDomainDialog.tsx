/** Add a domain (addDomain) to an app, with Let's Encrypt on or off. */
import { useEffect, useState, type FormEvent } from 'react';
import { ADD_DOMAIN, APPS } from '../api/queries';
import { Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { useSession } from '../session';

export function AddDomainDialog(props: { onClose(): void; onDone(domain: { id: string; hostname: string; status: string }): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const [apps, setApps] = useState<Array<{ id: string; name: string }> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [app, setApp] = useState('');
  const [hostname, setHostname] = useState('');
  const [letsencrypt, setLetsencrypt] = useState(true);

  useEffect(() => {
    call(APPS).then((d) => {
      setApps(d.apps);
      setApp((cur) => cur || d.apps[0]?.name || '');
    }, setLoadError);
  }, [call]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = await run(() => call(ADD_DOMAIN, { input: { app, hostname: hostname.trim(), letsencryptEnabled: letsencrypt } }));
    if (d) {
      props.onDone(d.addDomain);
      props.onClose();
    }
  };

  return (
    <Dialog title="Add a domain" onClose={props.onClose}>
      <form onSubmit={submit} className="form">
        <ErrorMessage error={loadError} />
        <div className="field">
          <label htmlFor="domain-hostname">Hostname</label>
          <input id="domain-hostname" required value={hostname} onChange={(e) => setHostname(e.target.value)} placeholder="www.example.com" spellCheck={false} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="domain-app">App</label>
          {apps && apps.length > 0 ? (
            <select id="domain-app" value={app} onChange={(e) => setApp(e.target.value)}>
              {apps.map((a) => (
                <option key={a.id} value={a.name}>
                  {a.name}
                </option>
              ))}
            </select>
          ) : (
            <input id="domain-app" required value={app} onChange={(e) => setApp(e.target.value)} placeholder={apps ? 'no apps yet: create one with createApp' : 'loading…'} />
          )}
        </div>
        <div className="check">
          <input id="domain-letsencrypt" type="checkbox" checked={letsencrypt} onChange={(e) => setLetsencrypt(e.target.checked)} aria-describedby="domain-letsencrypt-help" />
          <label htmlFor="domain-letsencrypt">Let's Encrypt</label>
        </div>
        <p id="domain-letsencrypt-help" className="help">
          On: certplane issues and renews a certificate once the hostname points at the platform. Off: bring your own certificate or request one later.
        </p>
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !hostname.trim() || !app}>
            {busy ? 'Adding…' : 'Add domain'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
