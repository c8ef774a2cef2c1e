/** A certificate's event log (certificateEvents), oldest first, a page at a time. */
import { useCallback, useEffect, useState } from 'react';
import { CERTIFICATE_EVENTS } from '../api/queries';
import type { CertificateEvent } from '../api/types';
import { formatDate, friendlyMessage, humanize } from '../format';
import { useSession } from '../session';
import { ErrorMessage } from './ErrorMessage';
import { StatusBadge } from './StatusBadge';

export function EventLog(props: { id: string; version: number }) {
  const { call } = useSession();
  const [events, setEvents] = useState<CertificateEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (after: string | null) => {
      const d = await call(CERTIFICATE_EVENTS, { id: props.id, first: 100, after });
      setEvents((es) => (after ? [...es, ...d.certificateEvents.nodes] : d.certificateEvents.nodes));
      setCursor(d.certificateEvents.pageInfo.endCursor);
      setMore(d.certificateEvents.pageInfo.hasNextPage);
    },
    [call, props.id],
  );
  useEffect(() => {
    load(null).catch(setError);
  }, [load, props.version]);

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
        <button type="button" onClick={() => load(cursor).catch(setError)}>
          Show more events
        </button>
      )}
    </section>
  );
}
