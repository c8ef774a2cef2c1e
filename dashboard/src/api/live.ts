/** Subscriptions over graphql-ws on /graphql of this origin, the token in the connection payload. */
import { createClient, type Client } from 'graphql-ws';
import type { Operation } from './client';
import { GRAPHQL_PATH } from './client';

export function createLiveClient(token: string, onState?: (connected: boolean) => void): Client {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
  const client = createClient({
    url,
    connectionParams: { Authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: Infinity,
    // A revoked token is closed with 4403: no point retrying that one.
    shouldRetry: (e) => !(e && typeof e === 'object' && 'code' in e && (e as CloseEvent).code === 4403),
  });
  if (onState) {
    client.on('connected', () => onState(true));
    client.on('closed', () => onState(false));
  }
  return client;
}

/** Calls onData for every event; returns the function that ends the subscription. */
export function subscribe<TData, TVars>(client: Client | null, doc: Operation<TData, TVars>, variables: TVars, onData: (d: TData) => void): () => void {
  if (!client) return () => undefined;
  return client.subscribe<TData>(
    { query: doc, variables: variables as Record<string, unknown> },
    {
      next: (r) => r.data && onData(r.data as TData),
      error: () => undefined,
      complete: () => undefined,
    },
  );
}
