/** A domain's event log (domainEvents, by hostname), oldest first, a page at a time. */
import { useCallback } from 'react';
import { DOMAIN_EVENTS } from '../api/queries';
import { formatDate, humanize } from '../format';
import { useSession } from '../session';
import { ErrorMessage } from './ErrorMessage';
import { usePagedEvents } from './usePagedEvents';

export function DomainEventLog(props: { hostname: string; version: number }) {
  const { call } = useSession();
  const fetchPage = useCallback(
    async (after: string | null) => (await call(DOMAIN_EVENTS, { hostname: props.hostname, first: 100, after })).domainEvents,
    [call, props.hostname],
  );
  const { events, more, error, loadMore } = usePagedEvents(fetchPage, props.version);
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
        <button type="button" onClick={loadMore}>
          Show more events
        </button>
      )}
    </section>
  );
}
