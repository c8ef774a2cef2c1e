/** Sign-in, then the dashboard's frame (header, skip link) around the list or a certificate's page. */
import { useCallback, useEffect, useState } from 'react';
import { SIGN_IN } from './api/queries';
import { SessionProvider, storedToken, storeToken, useSession } from './session';
import { SignIn } from './pages/SignIn';
import { CertificatesPage } from './pages/CertificatesPage';
import { CertificatePage } from './pages/CertificatePage';
import { DomainsPage } from './pages/DomainsPage';
import { DomainPage } from './pages/DomainPage';
import { linkTo, navigate, useRoute, type Route } from './router';

const TITLES: Record<Route['page'], string> = { list: 'Certificates', certificate: 'Certificate', domains: 'Domains', domain: 'Domain' };

type Auth = { state: 'signed-out'; error?: string } | { state: 'signed-in'; token: string; organization: string | null };

export function App() {
  // A token kept from earlier in this tab's session is used at once; the first UNAUTHENTICATED answer signs out.
  const [auth, setAuth] = useState<Auth>(() => {
    const token = storedToken();
    return token ? { state: 'signed-in', token, organization: null } : { state: 'signed-out' };
  });
  const signedIn = useCallback((token: string, organization: string) => {
    storeToken(token);
    setAuth({ state: 'signed-in', token, organization });
  }, []);
  const signOut = useCallback((error?: string) => {
    storeToken(null);
    setAuth({ state: 'signed-out', error });
  }, []);

  if (auth.state === 'signed-out') return <SignIn onSignedIn={signedIn} initialError={auth.error} />;
  return (
    <SessionProvider token={auth.token} organization={auth.organization} onSignOut={signOut}>
      <Frame />
    </SessionProvider>
  );
}

function Frame() {
  const route = useRoute();
  const session = useSession();
  const { call } = session;
  const [organization, setOrganization] = useState(session.organization);
  useEffect(() => {
    if (organization) return;
    const ac = new AbortController();
    // An UNAUTHENTICATED answer signs out (session.tsx); nothing else to do with an error here.
    call(SIGN_IN, {}, ac.signal).then(
      (d) => setOrganization(d.organization.name),
      () => undefined,
    );
    return () => ac.abort();
  }, [organization, call]);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · certplane`;
  }, [route]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          certplane
        </a>
        <nav aria-label="Sections" className="tabs">
          <a href="/" onClick={linkTo('/')} aria-current={route.page === 'list' || route.page === 'certificate' ? 'page' : undefined}>
            Certificates
          </a>
          <a href="/domains" onClick={linkTo('/domains')} aria-current={route.page === 'domains' || route.page === 'domain' ? 'page' : undefined}>
            Domains
          </a>
        </nav>
        <span className="org" title="Organization">
          {organization ?? ''}
        </span>
        <span className={`live ${session.connected ? 'on' : 'off'}`} role="status">
          {session.connected ? 'Live' : 'Offline'}
        </span>
        <nav aria-label="Tools" className="topnav">
          <a href="/playground">GraphQL playground</a>
          <button type="button" className="link" onClick={() => session.signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'list' ? (
          <CertificatesPage />
        ) : route.page === 'certificate' ? (
          <CertificatePage key={route.id} id={route.id} />
        ) : route.page === 'domains' ? (
          <DomainsPage />
        ) : (
          <DomainPage key={route.id} id={route.id} />
        )}
      </main>
    </>
  );
}
