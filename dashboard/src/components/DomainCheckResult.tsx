/** What "Check DNS now" (checkDomain) found: the flags, and each problem with its fix. */
import type { DomainCheck } from '../api/types';
import { formatDate, reasonLabel } from '../format';

const yes = (ok: boolean, good: string, bad: string) => (
  <li className={ok ? 'ok' : 'not-ok'}>
    {ok ? '✓' : '✗'} {ok ? good : bad}
  </li>
);

export function DomainCheckResult(props: { check: DomainCheck }) {
  const c = props.check;
  return (
    <section className="card check-result" aria-labelledby="check-title" aria-live="polite">
      <h2 id="check-title">DNS check</h2>
      <p className="help">
        Checked {formatDate(c.checkedAt)}
        {c.cached ? ' (the last result: one real lookup per 5 s)' : ''}.
      </p>
      <ul className="checks">
        {yes(c.dnsConfigured, 'The hostname points at the platform.', 'The hostname does not point at the platform yet.')}
        {yes(c.ownershipTxtConfigured, 'The ownership TXT record is there.', 'No ownership TXT record (optional once the hostname points here).')}
        {yes(c.caaAllowsIssuer, 'CAA lets the CA issue.', 'CAA may not let the CA issue (or the lookup failed).')}
      </ul>
      {c.validationErrors.length > 0 && (
        <ul className="findings">
          {c.validationErrors.map((e, i) => (
            <li key={i}>
              <strong title={e.code}>{reasonLabel(e.code)}</strong>: {e.message} <span className="fix">Fix: {e.fix}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
