/** Client-side routes on the History API (the server answers index.html for them): / and /certificates/<id>. */
import { useEffect, useState } from 'react';

export type Route = { page: 'list' } | { page: 'certificate'; id: string };

export function parseRoute(pathname: string): Route {
  const m = /^\/certificates\/([^/]+)\/?$/.exec(pathname);
  return m ? { page: 'certificate', id: decodeURIComponent(m[1]) } : { page: 'list' };
}

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
