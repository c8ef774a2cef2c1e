/** A certificate's page: its details and actions, what to do when action is required, the DNS records, the event log. */
import { useCallback, useEffect, useState } from 'react';
import { CERTIFICATE, CERTIFICATE_CHANGED } from '../api/queries';
import type { CertificateDetail } from '../api/types';
import { subscribe } from '../api/live';
import { ActionRequired } from '../components/ActionRequired';
import { RowActions } from '../components/CertificateTable';
import { DomainDns } from '../components/DomainDns';
import { DomainBadge } from '../components/StatusBadge';
import { ErrorMessage } from '../components/ErrorMessage';
import { EventLog } from '../components/EventLog';
import { Expiry } from '../components/Expiry';
import { StatusBadge } from '../components/StatusBadge';
import { useNow } from '../components/useNow';
import { CertificateDialogs, type OpenAction } from '../dialogs/CertificateDialogs';
import { formatDate, friendlyMessage, humanize, keyTypeLabel, relative } from '../format';
import { domainPath, linkTo, navigate, setFlash } from '../router';
import { useSession } from '../session';

export function CertificatePage(props: { id: string }) {
  const { call, live } = useSession();
  const now = useNow(1000);
  const [c, setC] = useState<CertificateDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<OpenAction | null>(null);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const ac = new AbortController();
    call(CERTIFICATE, { id: props.id }, ac.signal).then(
      (d) => (setC(d.certificate), setError(null)),
      (err) => !ac.signal.aborted && setError(err),
    );
    return () => ac.abort();
  }, [call, props.id, version]);
  // Every change of this certificate reloads the page's data (details, domain, events).
  useEffect(() => subscribe(live, CERTIFICATE_CHANGED, { id: props.id }, refresh), [live, props.id, refresh]);

  if (!c) {
    return (
      <div className="page">
        <p>
          <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            ← Certificates
          </a>
        </p>
        {error ? <ErrorMessage error={error} /> : <p role="status">Loading…</p>}
      </div>
    );
  }
  const d = c.domain;
  const fields: Array<[string, React.ReactNode]> = [
    ['Status', <StatusBadge status={c.status} renewing={c.orderInFlight} />],
    ['Extra names', c.sans.length ? c.sans.join(', ') : '—'],
    ['Source', c.source],
    ['Issuer', c.issuer ?? '—'],
    ['Key type', keyTypeLabel(c.keyType)],
    ['Expires', <Expiry expiresAt={c.expiresAt} now={now} served={c.status !== 'REVOKED'} />],
    ['Auto-renew', c.autoRenew ? 'On' : 'Off'],
    ['Next renewal', formatDate(c.nextRenewalAt)],
    ['Issued', formatDate(c.issuedAt)],
    ['Serial', c.serial ? <code>{c.serial}</code> : '—'],
    ['SHA-256 fingerprint', c.fingerprint ? <code className="wrap">{c.fingerprint}</code> : '—'],
  ];
  if (c.failedAttempts) fields.push(['Failed attempts', c.failedAttempts]);
  if (c.nextAttemptAt)
    fields.push([
      'Next attempt',
      <time dateTime={c.nextAttemptAt} title={formatDate(c.nextAttemptAt)} className="next-attempt">
        {relative(c.nextAttemptAt, now)}
      </time>,
    ]);
  if (c.revokedAt) fields.push(['Revoked', `${formatDate(c.revokedAt)} (${humanize(c.revocationReason ?? 'UNSPECIFIED')})`]);

  return (
    <div className="page">
      <p>
        <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          ← Certificates
        </a>
      </p>
      <div className="page-head">
        <h1>{c.hostname}</h1>
        <div>
          <RowActions c={c} onAction={(action) => setOpen({ action, certificate: c })} explain />
        </div>
      </div>
      <ErrorMessage error={error} />
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">This certificate ({keyTypeLabel(c.keyType)})</h2>
        {c.statusReason && (
          <p className="reason" aria-label="Why (this certificate)">
            {c.statusReason}
          </p>
        )}
        <dl className="details">
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      {d.actionRequired && <ActionRequired action={d.actionRequired} hostname={d.hostname} />}
      <section className="card" aria-labelledby="dns-title">
        <h2 id="dns-title">
          Domain{' '}
          <a href={domainPath(d.id)} onClick={linkTo(domainPath(d.id))}>
            {d.hostname}
          </a>
        </h2>
        <p className="help">
          About the domain and all its certificates: <DomainBadge status={d.status} />
          {d.statusMessage ? ` ${friendlyMessage(d.statusMessage)}` : ''} · app {d.app.name} · Let's Encrypt {d.letsencryptEnabled ? 'on' : 'off'}
        </p>
        <DomainDns dns={d.dnsRequirements} />
      </section>
      <EventLog id={c.id} version={version} />
      <CertificateDialogs
        open={open}
        onClose={() => setOpen(null)}
        onChanged={refresh}
        onDeleted={(_id, revoked, host) => (setFlash(`Certificate for ${host} deleted${revoked ? ' (revoked first)' : ''}`), navigate('/'))}
      />
    </div>
  );
}
