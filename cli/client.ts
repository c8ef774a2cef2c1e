/**
 * A tiny GraphQL client for the CLI: operations over fetch (POST /graphql) and subscriptions over
 * graphql-ws, whose modules (graphql-ws, ws) are loaded only when a command subscribes.
 */
import { ApiError, CliError } from './errors.js';

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export interface Subscription {
  /** Ends the subscription and the connection. */
  close(): Promise<void>;
}

export interface SubscribeHandlers<T> {
  /** The server acknowledged the connection and the subscription was sent. */
  onReady?: () => void;
  onNext: (data: T) => void;
  /** The subscription or its connection failed (an ApiError or a CliError); it is over. */
  onError: (error: Error) => void;
}

export interface Client {
  readonly endpoint: string;
  /** Runs an operation and returns data and errors as the server answered them. */
  raw<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Runs an operation; the first error the server answered is thrown as an ApiError. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Subscribes over graphql-ws with the token in the connection payload. */
  subscribe<T>(query: string, variables: Record<string, unknown>, handlers: SubscribeHandlers<T>): Promise<Subscription>;
}

/** The GraphQL URL of an endpoint given as the server's base URL or its /graphql URL. */
export function graphqlUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/graphql') ? base : `${base}/graphql`;
}

/** The first error of an answer as an ApiError. */
export function apiError(errors: readonly GraphQLErrorShape[]): ApiError {
  const first = errors[0];
  return new ApiError(first?.message ?? 'unknown error', first?.extensions?.code);
}

/** "ECONNREFUSED", "ENOTFOUND", ... from a failed fetch or socket, else its message. */
function networkReason(e: unknown): string {
  const err = e as { cause?: { code?: string; message?: string }; code?: string; message?: string; name?: string };
  if (err?.name === 'TimeoutError') return 'no answer in 30 s';
  return err?.cause?.code ?? err?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

/** A client of the control plane at `endpoint`, authenticated with `token` when there is one. */
export function createClient(endpoint: string, token: string | undefined): Client {
  const url = graphqlUrl(endpoint);
  const unreachable = (e: unknown, at = url) => new CliError(`cannot reach certplane at ${at}: ${networkReason(e)}`);

  async function raw<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      text = await res.text();
    } catch (e) {
      throw unreachable(e);
    }
    try {
      const body = JSON.parse(text) as GraphQLResponse<T>;
      if (body && typeof body === 'object' && ('data' in body || 'errors' in body)) return body;
    } catch {
      // fall through: not a GraphQL answer
    }
    throw new CliError(`${url} did not answer as a certplane GraphQL API (HTTP ${res.status})`);
  }

  return {
    endpoint,
    raw,
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const body = await raw<T>(query, variables);
      if (body.errors?.length) throw apiError(body.errors);
      return body.data as T;
    },
    async subscribe<T>(query: string, variables: Record<string, unknown>, handlers: SubscribeHandlers<T>): Promise<Subscription> {
      const [{ createClient: createWsClient }, { default: WebSocket }] = await Promise.all([import('graphql-ws'), import('ws')]);
      const wsUrl = url.replace(/^http/, 'ws');
      let done = false;
      const fail = (e: Error) => {
        if (done) return;
        done = true;
        handlers.onError(e);
      };
      const ws = createWsClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
        on: {
          connected: () => handlers.onReady?.(),
          closed: (event) => {
            const { code, reason } = event as { code?: number; reason?: string };
            if (code === 1000) return;
            // The server closes with 4403 and a reason for a token it refuses (or revokes meanwhile).
            if (code && code >= 4000 && reason) return fail(new CliError(`${reason} (websocket closed ${code})`));
            fail(new CliError(`the subscription's connection to ${wsUrl} closed${code ? `: ${code}` : ''}${reason ? ` ${reason}` : ''}`));
          },
          error: (e) => fail(unreachable((e as { error?: unknown }).error ?? e, wsUrl)),
        },
      });
      ws.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            if (value.errors?.length) return fail(apiError(value.errors as GraphQLErrorShape[]));
            if (value.data) handlers.onNext(value.data as T);
          },
          error: (e) => {
            if (Array.isArray(e)) fail(apiError(e as GraphQLErrorShape[]));
            // Close events and socket errors reach the `closed` and `error` listeners above.
          },
          complete: () => fail(new CliError('the server ended the subscription')),
        },
      );
      return {
        async close() {
          done = true;
          await ws.dispose();
        },
      };
    },
  };
}
