/** The domains list: every hostname of the organization, with or without a certificate. */
import { useCallback, useEffect, useState } from 'react';
import { CERTIFICATE_CHANGED, DOMAIN_LIST } from '../api/queries';
import { subscribe } from '../api/live';
import type { DomainRow } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { DomainBadge } from '../components/StatusBadge';
import { AddDomainDialog } from '../dialogs/AddDomainDialog';
import { friendlyMessage, statusLabel } from '../format';
import { domainPath, linkTo, takeFlash } from '../router';
import { useSession } from '../session';

const PAGE = 50;

export function DomainsPage() {
  const { call, live } = useSession();
  const [hostname, setHostname] = useState('');
  const [rows, setRows] = useState<DomainRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState(takeFlash);
  const [version, setVersion] = useState(0);

  const load = useCallback(
    async (after: string | null, signal?: AbortSignal) => {
      setLoading(true);
      try {
        const d = await call(DOMAIN_LIST, { first: PAGE, after, hostname: hostname.trim() || null }, signal);
        setRows((rs) => (after ? [...rs, ...d.domains.nodes] : d.domains.nodes));
        setNext(d.domains.pageInfo.hasNextPage ? d.domains.pageInfo.endCursor : null);
        setTotal(d.domains.totalCount);
        setError(null);
      } catch (err) {
        if (!signal?.aborted) setError(err);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [call, hostname],
  );
  useEffect(() => {
    const ac = new AbortController();
    const t = setTimeout(() => void load(null, ac.signal), 250);
    return () => (clearTimeout(t), ac.abort());
  }, [load, version]);

  // Domains' statuses follow their certificates: a certificate's change reads the list again (from its first page).
  useEffect(() => subscribe(live, CERTIFICATE_CHANGED, {}, () => setVersion((v) => v + 1)), [live]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Domains</h1>
        <div className="page-actions">
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add domain
          </button>
        </div>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="domains-hostname">Hostname</label>
          <input id="domains-hostname" type="search" value={hostname} onChange={(e) => setHostname(e.target.value)} placeholder="Filter by hostname" spellCheck={false} />
        </div>
      </div>
      <ErrorMessage error={error} />
      <p className="notice" role="status">
        {notice}
      </p>
      {!loading && rows.length === 0 && !error ? (
        <p className="empty">{hostname ? 'No domain matches this filter.' : 'No domains yet. Add one: it appears here at once, before any certificate.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="domains" aria-busy={loading}>
            <caption className="visually-hidden">Domains</caption>
            <thead>
              <tr>
                <th scope="col">Hostname</th>
                <th scope="col">App</th>
                <th scope="col">Status</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-id={d.id} data-status={d.status}>
                  <th scope="row" data-label="Hostname">
                    <a href={domainPath(d.id)} onClick={linkTo(domainPath(d.id))} title={d.hostname}>
                      {d.hostname}
                    </a>
                  </th>
                  <td data-label="App">{d.app.name}</td>
                  <td data-label="Status">
                    <DomainBadge status={d.status} />
                  </td>
                  <td data-label="Why" className="status-message">
                    {d.statusMessage ? friendlyMessage(d.statusMessage) : <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <span>
          {rows.length} of {total} domain{total === 1 ? '' : 's'}
        </span>
        {next && (
          <button type="button" onClick={() => void load(next)} disabled={loading}>
            Show more
          </button>
        )}
      </div>
      {adding && (
        <AddDomainDialog
          onClose={() => setAdding(false)}
          onDone={(d, createdApp) => {
            setNotice(`${createdApp ? `App ${createdApp} created; d` : 'D'}omain ${d.hostname} added (${statusLabel(d.status)})`);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </div>
  );
}
