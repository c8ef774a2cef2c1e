/** Sign in with an API token; it is kept for this browser tab's session only (sessionStorage). */
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client';
import { SIGN_IN } from '../api/queries';
import { ErrorMessage } from '../components/ErrorMessage';

export function SignIn(props: { onSignedIn(token: string, organization: string): void; initialError?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(props.initialError ? new Error(props.initialError) : null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = token.trim();
    setBusy(true);
    setError(null);
    try {
      const d = await request(value, SIGN_IN);
      props.onSignedIn(value, d.organization.name);
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err : new Error(String(err)));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <h1>certplane</h1>
      <p>Custom domains and their TLS certificates.</p>
      <form onSubmit={submit} className="card" aria-labelledby="signin-title">
        <h2 id="signin-title">Sign in</h2>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          placeholder="cpt_…"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
          autoFocus
        />
        <p id="token-help" className="help">
          Kept for this browser tab's session only. The first start of certplane prints an admin token; mint others with{' '}
          <code>createApiToken</code> or <code>npm run token -- create</code>.
        </p>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy || !token.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="help">
        <a href="/playground">GraphQL playground</a>
      </p>
    </main>
  );
}
