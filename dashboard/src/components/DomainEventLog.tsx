/** A domain's event log (domainEvents, by hostname), oldest first, a page at a time. */
import { useCallback, useEffect, useState } from 'react';
import { DOMAIN_EVENTS } from '../api/queries';
import type { DomainEvent } from '../api/types';
import { formatDate, humanize } from '../format';
import { useSession } from '../session';
import { ErrorMessage } from './ErrorMessage';

export function DomainEventLog(props: { hostname: string; version: number }) {
  const { call } = useSession();
  const [events, setEvents] = useState<DomainEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    async (after: string | null) => {
      const d = await call(DOMAIN_EVENTS, { hostname: props.hostname, first: 100, after });
      setEvents((es) => (after ? [...es, ...d.domainEvents.nodes] : d.domainEvents.nodes));
      setCursor(d.domainEvents.pageInfo.endCursor);
      setMore(d.domainEvents.pageInfo.hasNextPage);
    },
    [call, props.hostname],
  );
  useEffect(() => {
    load(null).catch(setError);
  }, [load, props.version]);
  return (
    <section aria-labelledby="domain-events-title" className="card">
      <h2 id="domain-events-title">Domain event log</h2>
      <ErrorMessage error={error} />
      {events.length === 0 && !error && <p className="muted">No events yet.</p>}
      <ol className="events domain-events">
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.createdAt}>{formatDate(e.createdAt)}</time>
            <span className="event-type" title={e.type}>
              {humanize(e.type)}
            </span>
            <span className="event-message">{e.message}</span>
          </li>
        ))}
      </ol>
      {more && (
        <button type="button" onClick={() => load(cursor).catch(setError)}>
          Show more events
        </button>
      )}
    </section>
  );
}
