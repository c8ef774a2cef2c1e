/** Add a domain (addDomain) to an app, with Let's Encrypt on or off; a new app (createApp) is made first when asked for. */
import { useEffect, useState, type FormEvent } from 'react';
import { ADD_DOMAIN, APPS, CREATE_APP } from '../api/queries';
import { Dialog, DialogActions } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/useAction';
import { useSession } from '../session';

/** The select's value for "a new app, named below". */
const NEW = '\u0000new';

export function AddDomainDialog(props: { onClose(): void; onDone(domain: { id: string; hostname: string; status: string }, createdApp?: string): void }) {
  const { call } = useSession();
  const { run, busy, error } = useAction();
  const [apps, setApps] = useState<Array<{ id: string; name: string }> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [app, setApp] = useState('');
  const [newApp, setNewApp] = useState('');
  const [hostname, setHostname] = useState('');
  const [letsencrypt, setLetsencrypt] = useState(true);

  useEffect(() => {
    call(APPS).then((d) => {
      setApps(d.apps);
      setApp((cur) => cur || d.apps[0]?.name || NEW);
    }, setLoadError);
  }, [call]);

  const creating = app === NEW;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let appName = app;
    if (creating) {
      const made = await run(() => call(CREATE_APP, { name: newApp.trim() }));
      if (!made) return;
      appName = made.createApp.name;
      // From here on the app exists: a refused hostname keeps it selected, not created twice.
      setApps((as) => [...(as ?? []), made.createApp]);
      setApp(appName);
    }
    const d = await run(() => call(ADD_DOMAIN, { input: { app: appName, hostname: hostname.trim(), letsencryptEnabled: letsencrypt } }));
    if (d) {
      props.onDone(d.addDomain, creating ? appName : undefined);
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
          <select id="domain-app" value={app} onChange={(e) => setApp(e.target.value)} disabled={!apps}>
            {!apps && <option value="">Loading…</option>}
            {apps?.map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
              </option>
            ))}
            {apps && <option value={NEW}>New app…</option>}
          </select>
        </div>
        {creating && (
          <div className="field">
            <label htmlFor="domain-new-app">New app name</label>
            <input id="domain-new-app" required value={newApp} onChange={(e) => setNewApp(e.target.value)} placeholder="web" spellCheck={false} autoComplete="off" aria-describedby="domain-new-app-help" />
            <p id="domain-new-app-help" className="help">
              {apps?.length ? 'Created (createApp) before the domain is added.' : 'No apps yet: this one is created (createApp) before the domain is added.'}
            </p>
          </div>
        )}
        <div className="check">
          <input id="domain-letsencrypt" type="checkbox" checked={letsencrypt} onChange={(e) => setLetsencrypt(e.target.checked)} aria-describedby="domain-letsencrypt-help" />
          <label htmlFor="domain-letsencrypt">Let's Encrypt</label>
        </div>
        <p id="domain-letsencrypt-help" className="help">
          On: certplane issues and renews a certificate once the hostname points at the platform. Off: bring your own certificate or request one later.
        </p>
        <ErrorMessage error={error} />
        <DialogActions onCancel={props.onClose} submit label="Add domain" busyLabel="Adding…" busy={busy} disabled={!hostname.trim() || !app || (creating && !newApp.trim())} />
      </form>
    </Dialog>
  );
}
