/** A certificate's event log (certificateEvents), oldest first, a page at a time. */
import { useCallback } from 'react';
import { CERTIFICATE_EVENTS } from '../api/queries';
import { formatDate, friendlyMessage, humanize } from '../format';
import { useSession } from '../session';
import { ErrorMessage } from './ErrorMessage';
import { StatusBadge } from './StatusBadge';
import { usePagedEvents } from './usePagedEvents';

export function EventLog(props: { id: string; version: number }) {
  const { call } = useSession();
  const fetchPage = useCallback(
    async (after: string | null) => (await call(CERTIFICATE_EVENTS, { id: props.id, first: 100, after })).certificateEvents,
    [call, props.id],
  );
  const { events, more, error, loadMore } = usePagedEvents(fetchPage, props.version);

  return (
    <section aria-labelledby="events-title" className="card">
      <h2 id="events-title">Event log</h2>
      <ErrorMessage error={error} />
      <ol className="events">
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.createdAt}>{formatDate(e.createdAt)}</time>
            <StatusBadge status={e.status} />
            <span className="event-type" title={e.type}>
              {humanize(e.type)}
            </span>
            <span className="event-message">{friendlyMessage(e.message)}</span>
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
