import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { DnsProviderError, isRetryableStatus, retryAfterMs } from '../../dns-provider.js';
import { ProviderSettingsError } from '../../provider-kind.js';

/**
 * Access tokens for a Google service account from its JSON key, by the OAuth 2.0 JWT bearer grant
 * (RFC 7523) that Google documents for server-to-server applications: a JWT signed with the key's
 * private key is posted to the key's `token_uri`, which answers an access token for an hour.
 *
 * Why not google-auth-library (which @google-cloud/dns would use by itself): its 10.x JWT client posts
 * to a fixed https://oauth2.googleapis.com/token and ignores the key's `token_uri`, and it cannot be
 * given through @google-cloud/dns's options; this one honours `token_uri` (private deployments, a local
 * stand-in) and is handed to the SDK as its auth client.
 */

const PROVIDER = 'gcloud';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** The fields of a service account JSON key this uses. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
  token_uri: string;
}

/** Reads a JSON key (as downloaded from the console); throws ProviderSettingsError naming service_account_json. */
export function parseServiceAccountKey(json: string): ServiceAccountKey & { privateKey: KeyObject } {
  const bad = (why: string) => new ProviderSettingsError('service_account_json', `service_account_json ${why}`);
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw bad('is not JSON: paste the whole JSON key of the service account');
  }
  if (typeof key !== 'object' || key === null) throw bad('must be a JSON object');
  if (key.type !== 'service_account') throw bad(`must be a service account key ("type": "service_account"), got type ${JSON.stringify(key.type)}`);
  if (typeof key.client_email !== 'string' || !key.client_email) throw bad('has no client_email');
  if (typeof key.private_key !== 'string') throw bad('has no private_key');
  const tokenUri = key.token_uri ?? DEFAULT_TOKEN_URI;
  if (typeof tokenUri !== 'string' || !/^https?:\/\/\S+$/.test(tokenUri)) throw bad(`has a token_uri that is not an http(s) URL: ${JSON.stringify(tokenUri)}`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key.private_key);
  } catch {
    throw bad('has a private_key that is not a PEM private key');
  }
  return {
    client_email: key.client_email,
    private_key: key.private_key,
    private_key_id: typeof key.private_key_id === 'string' ? key.private_key_id : undefined,
    project_id: typeof key.project_id === 'string' ? key.project_id : undefined,
    token_uri: tokenUri,
    privateKey,
  };
}

export interface ServiceAccountAuthOptions {
  scopes: string[];
  /** Time limit of a token request in ms. */
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** What @google-cloud/common asks of an auth client: the headers of an authorised request. */
export interface RequestAuthorizer {
  getRequestHeaders(url?: string): Promise<Headers>;
}

/**
 * An auth client for the SDK: `Authorization: Bearer <token>`, the token reused until five minutes before
 * it expires. A refused key is a non-retryable DnsProviderError naming service_account_json.
 */
export function createServiceAccountAuth(key: ServiceAccountKey & { privateKey: KeyObject }, o: ServiceAccountAuthOptions): RequestAuthorizer {
  const now = o.now ?? Date.now;
  const doFetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let cached: { token: string; until: number } | null = null;
  let pending: Promise<string> | null = null;

  function assertion(): string {
    const iat = Math.floor(now() / 1000);
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const head = b64({ alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) });
    const claims = b64({ iss: key.client_email, scope: o.scopes.join(' '), aud: key.token_uri, iat, exp: iat + 3600 });
    const signature = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(key.privateKey).toString('base64url');
    return `${head}.${claims}.${signature}`;
  }

  async function mint(): Promise<string> {
    let res: Response;
    try {
      res = await doFetch(key.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion() }),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
      throw new DnsProviderError(`Google's token endpoint ${key.token_uri} unreachable: ${reason}`, { provider: PROVIDER, retryable: true, cause: err });
    }
    const text = await res.text();
    let body: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    if (res.ok && body.access_token) {
      cached = { token: body.access_token, until: now() + ((body.expires_in ?? 3600) - 300) * 1000 };
      return body.access_token;
    }
    const detail = body.error ? `${body.error}: ${body.error_description ?? ''}`.trim() : `HTTP ${res.status}: ${text.slice(0, 200)}`;
    if (isRetryableStatus(res.status)) {
      throw new DnsProviderError(`Google's token endpoint failed (${detail})`, {
        provider: PROVIDER,
        retryable: true,
        status: res.status,
        retryAfterMs: res.status === 429 ? retryAfterMs(res.headers.get('retry-after'), now()) : undefined,
      });
    }
    throw new DnsProviderError(
      `Google refused the service account key of ${key.client_email} (${detail}); check service_account_json: the key may be deleted or disabled`,
      { provider: PROVIDER, retryable: false, status: res.status },
    );
  }

  return {
    async getRequestHeaders() {
      let token = cached && now() < cached.until ? cached.token : null;
      if (!token) {
        pending ??= mint().finally(() => {
          pending = null;
        });
        token = await pending;
      }
      return new Headers({ authorization: `Bearer ${token}` });
    },
  };
}
