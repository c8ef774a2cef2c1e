import type { DnsManagementClient } from '@azure/arm-dns';
import { DnsProviderError, isRetryableStatus, retryAfterMs } from '../../dns-provider.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, describeNetworkError } from '../../vendor-api.js';

/** The SDK's TokenCredential (from @azure/core-auth), as DnsManagementClient takes it. */
export type TokenCredential = ConstructorParameters<typeof DnsManagementClient>[0];
type AccessToken = NonNullable<Awaited<ReturnType<TokenCredential['getToken']>>>;

export interface ClientSecretCredentialOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Microsoft Entra authority (default https://login.microsoftonline.com; https://login.microsoftonline.us, ... for other clouds). */
  authorityHost?: string;
  /** Time limit of a token request in ms (default 30000). */
  timeoutMs?: number;
  /** HTTP client (default the global fetch). */
  fetch?: typeof fetch;
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** A token is asked for again this long before it expires (or at half its life, if that is sooner). */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * The OAuth 2.0 client credentials grant with a client secret (what @azure/identity's
 * ClientSecretCredential does; that package needs Node 22): POST {authority}/{tenant}/oauth2/v2.0/token,
 * the token kept until shortly before `expires_in`, one request at a time per scope. Failures are
 * DnsProviderErrors naming the setting to check; the SDK passes them through unchanged.
 */
export function createClientSecretCredential(o: ClientSecretCredentialOptions): TokenCredential {
  const now = o.now ?? Date.now;
  const doFetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const authority = (o.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const tokenUrl = `${authority}/${encodeURIComponent(o.tenantId)}/oauth2/v2.0/token`;
  const cache = new Map<string, { token: AccessToken; refreshAt: number }>();
  const pending = new Map<string, Promise<AccessToken>>();

  async function request(scope: string): Promise<AccessToken> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret, scope });
    let res: Response;
    try {
      res = await doFetch(tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? 'no answer in time' : describeNetworkError(err);
      throw new DnsProviderError(`Microsoft Entra ID at ${authority} unreachable while asking for a token: ${reason}`, { provider: 'azure', retryable: true, cause: err });
    }
    const text = await res.text();
    let json: { access_token?: string; expires_in?: number | string; error?: string; error_description?: string; error_codes?: number[] } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // not JSON: described below by status
    }
    if (res.ok && json.access_token) {
      const issuedAt = now();
      const lifetimeMs = Number(json.expires_in ?? 3600) * 1000;
      const token: AccessToken = { token: json.access_token, expiresOnTimestamp: issuedAt + lifetimeMs };
      cache.set(scope, { token, refreshAt: issuedAt + lifetimeMs - Math.min(REFRESH_BEFORE_MS, lifetimeMs / 2) });
      return token;
    }
    throw tokenError(res, json);
  }

  function tokenError(res: Response, json: { error?: string; error_description?: string; error_codes?: number[] }): DnsProviderError {
    const detail = json.error ? `${json.error}: ${(json.error_description ?? '').split(/\r?\n/)[0]}` : `HTTP ${res.status}`;
    const opts = { provider: 'azure', status: res.status };
    if (isRetryableStatus(res.status)) {
      const wait = retryAfterMs(res.headers.get('retry-after'), now()) ?? (res.status === 429 ? DEFAULT_RATE_LIMIT_WAIT_MS : undefined);
      return new DnsProviderError(`Microsoft Entra ID could not issue a token (${detail})`, { ...opts, retryable: true, retryAfterMs: wait });
    }
    const codes = json.error_codes ?? [];
    const setting =
      json.error === 'invalid_client' || codes.some((c) => c === 7000215 || c === 7000222)
        ? 'client_secret (the secret\'s value, not its id; secrets expire)'
        : json.error === 'unauthorized_client' || codes.includes(700016)
          ? 'client_id (the application (client) id of the app registration)'
          : codes.some((c) => c === 90002 || c === 900023)
            ? 'tenant_id (the directory (tenant) id)'
            : 'tenant_id, client_id and client_secret';
    return new DnsProviderError(`Microsoft Entra ID refused the credentials (${detail}); check ${setting}`, { ...opts, retryable: false });
  }

  return {
    async getToken(scopes) {
      const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
      const cached = cache.get(scope);
      if (cached && now() < cached.refreshAt) return cached.token;
      let inFlight = pending.get(scope);
      if (!inFlight) {
        inFlight = request(scope).finally(() => pending.delete(scope));
        pending.set(scope, inFlight);
      }
      return inFlight;
    },
  };
}
