/**
 * Client-side routes on the History API: /, /certificates/<id>, /domains and /domains/<id>. The server answers
 * index.html for exactly these (CLIENT_ROUTE in server/src/http/dashboard.ts) and 404 for any other path.
 */
import { useEffect, useState } from 'react';

export type Route = { page: 'list' } | { page: 'certificate'; id: string } | { page: 'domains' } | { page: 'domain'; id: string };

export function parseRoute(pathname: string): Route {
  const m = /^\/(certificates|domains)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!m) return { page: 'list' };
  if (!m[2]) return { page: m[1] === 'domains' ? 'domains' : 'list' };
  const id = decodeURIComponent(m[2]);
  return m[1] === 'domains' ? { page: 'domain', id } : { page: 'certificate', id };
}

let flash = '';
/** A message for the next page to show once (e.g. "deleted" after leaving a deleted certificate's page). */
export const setFlash = (message: string) => void (flash = message);
export const takeFlash = (): string => {
  // Cleared a moment later, not at once: StrictMode calls state initializers twice in development.
  setTimeout(() => void (flash = ''), 0);
  return flash;
};

export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return route;
}

export const certificatePath = (id: string) => `/certificates/${encodeURIComponent(id)}`;
export const domainPath = (id: string) => `/domains/${encodeURIComponent(id)}`;

/** An in-app link's click: navigate without a reload (a modified click opens a tab as usual). */
export function linkTo(to: string) {
  return (e: { metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; button: number; preventDefault(): void }) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
}
