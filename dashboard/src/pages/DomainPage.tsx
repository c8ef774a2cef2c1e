/** A domain's page: its status, what to do, the DNS records, "Check DNS now", its certificates, its event log; remove it. */
import { useCallback, useEffect, useState } from 'react';
import { CERTIFICATE_CHANGED, CHECK_DOMAIN, DOMAIN } from '../api/queries';
import { subscribe } from '../api/live';
import type { DomainCheck, DomainPageData } from '../api/types';
import { ActionRequired } from '../components/ActionRequired';
import { CertificateTable } from '../components/CertificateTable';
import { DomainCheckResult } from '../components/DomainCheckResult';
import { DomainDns } from '../components/DomainDns';
import { DomainEventLog } from '../components/DomainEventLog';
import { ErrorMessage } from '../components/ErrorMessage';
import { DomainBadge } from '../components/StatusBadge';
import { useAction } from '../components/useAction';
import { CertificateDialogs, type OpenAction } from '../dialogs/CertificateDialogs';
import { RemoveDomainDialog } from '../dialogs/RemoveDomainDialog';
import { formatDate, friendlyMessage } from '../format';
import { linkTo, navigate, setFlash } from '../router';
import { useSession } from '../session';

const Back = () => (
  <p>
    <a href="/domains" onClick={linkTo('/domains')}>
      ← Domains
    </a>
  </p>
);

export function DomainPage(props: { id: string }) {
  const { call, live } = useSession();
  const [d, setD] = useState<DomainPageData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<OpenAction | null>(null);
  const [removing, setRemoving] = useState(false);
  const [check, setCheck] = useState<DomainCheck | null>(null);
  const checking = useAction();
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const ac = new AbortController();
    call(DOMAIN, { id: props.id }, ac.signal).then(
      (r) => (setD(r.domain), setError(null)),
      (err) => !ac.signal.aborted && setError(err),
    );
    return () => ac.abort();
  }, [call, props.id, version]);
  // A change of one of its certificates (the domain's status follows them) reads the page again.
  useEffect(() => subscribe(live, CERTIFICATE_CHANGED, {}, (e) => e.certificateStatusChanged.domain.id === props.id && refresh()), [live, props.id, refresh]);

  if (!d) {
    return (
      <div className="page">
        <Back />
        {error ? <ErrorMessage error={error} /> : <p role="status">Loading…</p>}
      </div>
    );
  }
  const checkNow = async () => {
    const r = await checking.run(() => call(CHECK_DOMAIN, { id: d.id }));
    if (r) {
      setCheck(r.checkDomain);
      refresh();
    }
  };

  return (
    <div className="page">
      <Back />
      <div className="page-head">
        <h1>{d.hostname}</h1>
        <div className="page-actions">
          <button type="button" onClick={checkNow} disabled={checking.busy}>
            {checking.busy ? 'Checking…' : 'Check DNS now'}
          </button>
          {d.kind === 'CUSTOM' && (
            <button type="button" className="danger" onClick={() => setRemoving(true)}>
              Remove domain
            </button>
          )}
        </div>
      </div>
      <ErrorMessage error={error} />
      <ErrorMessage error={checking.error} />
      <section className="card" aria-labelledby="domain-title">
        <h2 id="domain-title">Domain</h2>
        <dl className="details">
          <div>
            <dt>Status</dt>
            <dd>
              <DomainBadge status={d.status} />
            </dd>
          </div>
          <div>
            <dt>Why</dt>
            <dd className="status-message">{d.statusMessage ? friendlyMessage(d.statusMessage) : '—'}</dd>
          </div>
          <div>
            <dt>App</dt>
            <dd>{d.app.name}</dd>
          </div>
          <div>
            <dt>Let's Encrypt</dt>
            <dd>{d.letsencryptEnabled ? 'On' : 'Off'}</dd>
          </div>
          <div>
            <dt>DNS last checked</dt>
            <dd>{formatDate(d.dnsCheckedAt)}</dd>
          </div>
        </dl>
      </section>
      {check && <DomainCheckResult check={check} />}
      {d.actionRequired && <ActionRequired action={d.actionRequired} hostname={d.hostname} />}
      <section className="card" aria-labelledby="dns-title">
        <h2 id="dns-title">DNS records</h2>
        <DomainDns dns={d.dnsRequirements} />
      </section>
      <section className="card" aria-labelledby="domain-certs-title">
        <h2 id="domain-certs-title">Certificates</h2>
        {d.certificates.length ? (
          <CertificateTable rows={d.certificates} busy={false} onAction={(action, certificate) => setOpen({ action, certificate })} />
        ) : (
          <p className="muted">No certificate yet{d.letsencryptEnabled ? ': one is ordered once the hostname points at the platform.' : '.'}</p>
        )}
      </section>
      <DomainEventLog hostname={d.hostname} version={version} />
      <CertificateDialogs open={open} onClose={() => setOpen(null)} onChanged={refresh} onDeleted={refresh} />
      {removing && <RemoveDomainDialog domain={d} certificates={d.certificates.length} onClose={() => setRemoving(false)} onDone={(revoked) => (setFlash(`Domain ${d.hostname} removed${revoked ? ' (its certificates revoked first)' : ''}`), navigate('/domains'))} />}
    </div>
  );
}
