import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
}

/** POSTs a GraphQL operation; returns the parsed body whatever the status. */
export async function gql<T = Record<string, any>>(url: string, token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<T>;
}

/** Like gql, but throws when the answer has errors. */
export async function gqlOk<T = Record<string, any>>(url: string, token: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(url, token, query, variables);
  if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data as T;
}

export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  /** Resolves with the first event (counting ones already received) that matches. */
  waitFor(pred: (e: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** Subscribes over graphql-ws (token in the connection payload) and collects every event. */
export async function subscribe<T = Record<string, any>>(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<Subscription<T> & { client: Client }> {
  const client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // A close the server makes (e.g. a revoked token's 4403) reaches the test through 'closed' and the
    // subscription's error; graphql-ws would also print it.
    onNonLazyError: () => undefined,
  });
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ pred: (e: T) => boolean; resolve: (e: T) => void }> = [];
  await new Promise<void>((resolve, reject) => {
    const offC = client.on('connected', () => (offC(), resolve()));
    const offE = client.on('closed', (e) => (offE(), reject(new Error(`websocket closed: ${(e as { code?: number }).code}`))));
  });
  client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (!v.data) return;
        events.push(v.data);
        for (const w of [...waiters]) {
          if (w.pred(v.data)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(v.data);
          }
        }
      },
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  // The server registers the subscription asynchronously: give it a moment before the caller acts.
  await new Promise((r) => setTimeout(r, 150));
  return {
    client,
    events,
    errors,
    waitFor(pred, timeoutMs = 30_000) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events)} errors ${JSON.stringify(errors)}`)), timeoutMs);
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
      });
    },
    close: () => void client.dispose(),
  };
}
