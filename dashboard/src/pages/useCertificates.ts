/**
 * One page of the certificates list (cursor pagination as the API has it), filtered by hostname and
 * status, kept current by the certificateStatusChanged subscription: a changed row is replaced in place.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { CERTIFICATE_CHANGED, CERTIFICATES } from '../api/queries';
import type { CertificateRow, CertificateStatus, Limits, PageInfo } from '../api/types';
import { subscribe } from '../api/live';
import { useSession } from '../session';

export const PAGE_SIZE = 25;

export interface CertificatesState {
  rows: CertificateRow[];
  totalCount: number;
  pageInfo: PageInfo;
  limits: Limits | null;
  loading: boolean;
  error: unknown;
  /** Page index (0-based) and the cursors that lead to each page seen. */
  page: number;
  next(): void;
  previous(): void;
  reload(): void;
  /** Replace a row with a certificate's new state (a mutation's answer). */
  upsert(c: CertificateRow): void;
  remove(id: string): void;
  /** The last change heard live, for the page's announcement. */
  lastChange: CertificateRow | null;
}

export function useCertificates(hostname: string, status: CertificateStatus | ''): CertificatesState {
  const { call, live, connected } = useSession();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [rows, setRows] = useState<CertificateRow[]>([]);
  const [totalCount, setTotal] = useState(0);
  const [pageInfo, setPageInfo] = useState<PageInfo>({ endCursor: null, hasNextPage: false });
  const [limits, setLimits] = useState<Limits | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [lastChange, setLastChange] = useState<CertificateRow | null>(null);
  const requestedPage = cursors.length - 1;
  const after = cursors[requestedPage];
  // The page the rows shown are from (the pager changes with them, not before).
  const [page, setPage] = useState(0);

  // A new filter starts again at the first page.
  const filterKey = `${hostname}\0${status}`;
  const lastFilter = useRef(filterKey);
  useEffect(() => {
    if (lastFilter.current !== filterKey) {
      lastFilter.current = filterKey;
      setCursors([null]);
    }
  }, [filterKey]);

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    call(CERTIFICATES, { first: PAGE_SIZE, after, hostname: hostname || null, status: status || null }, ac.signal).then(
      (d) => {
        setRows(d.certificates.nodes);
        setPage(requestedPage);
        setTotal(d.certificates.totalCount);
        setPageInfo(d.certificates.pageInfo);
        setLimits(d.certificates.limits);
        setError(null);
        setLoading(false);
      },
      (err) => {
        if (ac.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [call, after, requestedPage, hostname, status, generation]);

  // Rows of this page change in place; a certificate not on it (a new one) is fetched with the page when
  // this is the last page (the list is oldest first, so new ones land there).
  const deleted = useRef(new Set<string>());
  const shown = useRef({ ids: new Set<string>(), last: true });
  shown.current = { ids: new Set(rows.map((r) => r.id)), last: !pageInfo.hasNextPage };
  useEffect(
    () =>
      subscribe(live, CERTIFICATE_CHANGED, {}, (d) => {
        const c = d.certificateStatusChanged;
        // A revocation heard after the certificate was deleted (delete with revoke) is no news.
        if (deleted.current.has(c.id)) return;
        if (shown.current.ids.has(c.id)) setRows((rs) => rs.map((r) => (r.id === c.id ? c : r)));
        else if (shown.current.last) setGeneration((g) => g + 1);
        setLastChange(c);
      }),
    [live],
  );

  // Back online after a lost connection: changes made meanwhile were not heard, so read the page again.
  const link = useRef({ was: false, ever: false });
  useEffect(() => {
    if (connected && !link.current.was && link.current.ever) setGeneration((g) => g + 1);
    link.current = { was: connected, ever: link.current.ever || connected };
  }, [connected]);

  return {
    rows,
    totalCount,
    pageInfo,
    limits,
    loading,
    error,
    page,
    next: useCallback(() => pageInfo.endCursor && setCursors((cs) => [...cs, pageInfo.endCursor]), [pageInfo.endCursor]),
    previous: useCallback(() => setCursors((cs) => (cs.length > 1 ? cs.slice(0, -1) : cs)), []),
    reload: useCallback(() => setGeneration((g) => g + 1), []),
    upsert: useCallback((c: CertificateRow) => setRows((rs) => rs.map((r) => (r.id === c.id ? c : r))), []),
    remove: useCallback((id: string) => {
      deleted.current.add(id);
      setRows((rs) => rs.filter((r) => r.id !== id));
      setTotal((n) => Math.max(0, n - 1));
    }, []),
    lastChange,
  };
}
