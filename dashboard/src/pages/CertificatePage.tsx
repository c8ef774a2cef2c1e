/** A certificate's page: its details and actions, what to do when action is required, the DNS records, the event log. */
import { useCallback, useEffect, useState } from 'react';
import { CERTIFICATE, CERTIFICATE_CHANGED } from '../api/queries';
import type { CertificateDetail } from '../api/types';
import { subscribe } from '../api/live';
import { ActionRequired } from '../components/ActionRequired';
import { RowActions } from '../components/CertificateTable';
import { DnsRecords } from '../components/DnsRecords';
import { ErrorMessage } from '../components/ErrorMessage';
import { EventLog } from '../components/EventLog';
import { Expiry } from '../components/Expiry';
import { StatusBadge } from '../components/StatusBadge';
import { useNow } from '../components/useNow';
import { CertificateDialogs, type OpenAction } from '../dialogs/CertificateDialogs';
import { formatDate, humanize, keyTypeLabel } from '../format';
import { navigate } from '../router';
import { useSession } from '../session';

export function CertificatePage(props: { id: string }) {
  const { call, live } = useSession();
  const now = useNow();
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
  if (c.nextAttemptAt) fields.push(['Next attempt', formatDate(c.nextAttemptAt)]);
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
        <RowActions c={c} onAction={(action) => setOpen({ action, certificate: c })} />
      </div>
      <ErrorMessage error={error} />
      {c.statusReason && <p className="reason">{c.statusReason}</p>}
      {d.actionRequired && <ActionRequired action={d.actionRequired} />}
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Certificate</h2>
        <dl className="details">
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="dns-title">
        <h2 id="dns-title">DNS for {d.hostname}</h2>
        <p className="help">
          Domain {humanize(d.status)}
          {d.statusMessage ? `: ${d.statusMessage}` : ''} · app {d.app.name} · Let's Encrypt {d.letsencryptEnabled ? 'on' : 'off'}
        </p>
        <DnsRecords records={d.dnsRequirements.records} caption="Point the hostname at the platform" />
        <DnsRecords
          records={[{ name: d.dnsRequirements.ownership.name, type: 'TXT', ttl: null, values: [d.dnsRequirements.ownership.appValue] }]}
          caption="Prove ownership before DNS points here (optional)"
        />
        {d.dnsRequirements.acmeChallenge.target && (
          <DnsRecords
            records={[{ name: d.dnsRequirements.acmeChallenge.name, type: 'CNAME', ttl: null, values: [d.dnsRequirements.acmeChallenge.target] }]}
            caption="Delegate the DNS-01 challenge (when your DNS is elsewhere)"
          />
        )}
      </section>
      <EventLog id={c.id} version={version} />
      <CertificateDialogs
        open={open}
        onClose={() => setOpen(null)}
        onChanged={refresh}
        onDeleted={() => navigate('/')}
      />
    </div>
  );
}
