/** The certificates list: filters, limits card, one page of rows kept live, and the dialogs acting on them. */
import { useEffect, useState } from 'react';
import type { CertificateRow, CertificateStatus } from '../api/types';
import { CertificateTable } from '../components/CertificateTable';
import { ErrorMessage } from '../components/ErrorMessage';
import { Filters } from '../components/Filters';
import { LimitsCard, limitsApply } from '../components/LimitsCard';
import { Pager } from '../components/Pager';
import { AddDomainDialog } from '../dialogs/AddDomainDialog';
import { CertificateDialogs, type CertificateAction, type OpenAction } from '../dialogs/CertificateDialogs';
import { RequestCertificateDialog } from '../dialogs/RequestCertificateDialog';
import { statusLabel } from '../format';
import { PAGE_SIZE, useCertificates } from './useCertificates';
import { takeFlash } from '../router';

/** The hostname filter waits for typing to pause before asking the API. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function CertificatesPage() {
  const [hostname, setHostname] = useState('');
  const [status, setStatus] = useState<CertificateStatus | ''>('');
  const list = useCertificates(useDebounced(hostname.trim(), 250), status);
  const [open, setOpen] = useState<OpenAction | null>(null);
  const [creating, setCreating] = useState<'request' | 'domain' | null>(null);
  const [notice, setNotice] = useState(takeFlash);

  useEffect(() => {
    if (list.lastChange) setNotice(`${list.lastChange.hostname} is now ${statusLabel(list.lastChange.status)}`);
  }, [list.lastChange]);

  const onAction = (action: CertificateAction, certificate: CertificateRow) => setOpen({ action, certificate });

  return (
    <div className="page">
      <div className="page-head">
        <h1>Certificates</h1>
        <div className="page-actions">
          <button type="button" onClick={() => setCreating('domain')}>
            Add domain
          </button>
          <button type="button" className="primary" onClick={() => setCreating('request')}>
            Request certificate
          </button>
        </div>
      </div>
      {list.limits && limitsApply(list.limits) && <LimitsCard limits={list.limits} />}
      <Filters hostname={hostname} status={status} onHostname={setHostname} onStatus={setStatus} />
      <ErrorMessage error={list.error} />
      <p className="notice" role="status">
        {notice}
      </p>
      {!list.loading && list.rows.length === 0 && !list.error ? (
        <p className="empty">{hostname || status ? 'No certificate matches these filters.' : 'No certificates yet. Add a domain, then request a certificate for it.'}</p>
      ) : (
        <CertificateTable rows={list.rows} busy={list.loading} onAction={onAction} />
      )}
      <Pager page={list.page} hasNext={list.pageInfo.hasNextPage} total={list.totalCount} shown={list.rows.length} pageSize={PAGE_SIZE} onNext={list.next} onPrevious={list.previous} />
      <CertificateDialogs open={open} onClose={() => setOpen(null)} onChanged={list.upsert} onDeleted={(id, revoked, host) => {
          list.remove(id);
          setNotice(`Certificate for ${host} deleted${revoked ? ' (revoked first)' : ''}`);
        }}
      />
      {creating === 'request' && (
        <RequestCertificateDialog
          onClose={() => setCreating(null)}
          onDone={(c) => {
            setNotice(`Certificate for ${c.hostname} requested`);
            list.reload();
          }}
        />
      )}
      {creating === 'domain' && (
        <AddDomainDialog
          onClose={() => setCreating(null)}
          onDone={(d, createdApp) => {
            setNotice(`${createdApp ? `App ${createdApp} created; d` : 'D'}omain ${d.hostname} added (${statusLabel(d.status)})`);
            list.reload();
          }}
        />
      )}
    </div>
  );
}
