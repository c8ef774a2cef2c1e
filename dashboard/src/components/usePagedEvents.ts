/** An event log read a page at a time (certificateEvents, domainEvents): oldest first, "show more" appends. */
import { useCallback, useEffect, useState } from 'react';

export interface EventPage<E> {
  nodes: E[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * Loads the first page whenever `fetchPage` (keep it stable: useCallback) or `version` changes;
 * `loadMore()` appends the next. Errors land in `error`.
 */
export function usePagedEvents<E>(fetchPage: (after: string | null) => Promise<EventPage<E>>, version: number) {
  const [events, setEvents] = useState<E[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    async (after: string | null) => {
      const page = await fetchPage(after);
      setEvents((es) => (after ? [...es, ...page.nodes] : page.nodes));
      setCursor(page.pageInfo.endCursor);
      setMore(page.pageInfo.hasNextPage);
    },
    [fetchPage],
  );
  useEffect(() => {
    load(null).catch(setError);
  }, [load, version]);
  return { events, more, error, loadMore: () => void load(cursor).catch(setError) };
}
