/** The signed-in session: the API token, kept in sessionStorage (this browser tab's session only). */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Client } from 'graphql-ws';
import { ApiError, request, type Operation } from './api/client';
import { createLiveClient } from './api/live';

const KEY = 'certplane.token';

export const storedToken = (): string | null => sessionStorage.getItem(KEY);
export const storeToken = (token: string | null): void => (token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY));

export interface Session {
  token: string;
  /** Known once signed in through the form; null when the token came from sessionStorage. */
  organization: string | null;
  /** A query or mutation with this session's token. */
  call<TData, TVars>(doc: Operation<TData, TVars>, variables?: TVars, signal?: AbortSignal): Promise<TData>;
  /** The graphql-ws client; null for the moment it is being made. */
  live: Client | null;
  /** The subscription socket is open. */
  connected: boolean;
  signOut(error?: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider(props: { token: string; organization: string | null; onSignOut(error?: string): void; children: ReactNode }) {
  const { token, organization, onSignOut } = props;
  const [connected, setConnected] = useState(false);
  // Made in an effect (not a memo) so React's StrictMode double mount gets a live client, not a disposed one.
  const [live, setLive] = useState<Client | null>(null);
  useEffect(() => {
    const client = createLiveClient(token, setConnected);
    setLive(client);
    return () => {
      setLive(null);
      void client.dispose();
    };
  }, [token]);
  const signOut = useCallback(
    (error?: string) => {
      storeToken(null);
      onSignOut(error);
    },
    [onSignOut],
  );
  // A token revoked (or gone) while signed in: back to the sign-in form, saying why.
  const call = useCallback<Session['call']>(
    (doc, variables, signal) =>
      request(token, doc, variables, signal).catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') signOut(err.message);
        throw err;
      }),
    [token, signOut],
  );
  const session = useMemo<Session>(
    () => ({
      token,
      organization,
      call,
      live,
      connected,
      signOut,
    }),
    [token, organization, call, live, connected, signOut],
  );
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
