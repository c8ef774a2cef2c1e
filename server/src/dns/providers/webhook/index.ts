import { DnsProviderError, isRetryableStatus, normalizeFqdn, retryAfterMs, type DnsProvider } from '../../dns-provider.js';
import { ProviderSettingsError } from '../../provider-kind.js';

const PROVIDER = 'webhook';

export interface WebhookProviderOptions {
  /** Base URL of the receiver: requests go to `<endpoint>/present` and `<endpoint>/cleanup` (a query string is kept, and left out of messages). */
  endpoint: string;
  /** HTTP basic authentication (RFC 7617): sent when both username and password are given. */
  username?: string;
  password?: string;
  /** Time for one request, in ms (default 30000, lego's HTTPREQ_HTTP_TIMEOUT). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock for Retry-After dates, ms (default Date.now). */
  now?: () => number;
}

/**
 * DNS-01 provider calling an HTTP webhook with lego's `httpreq` payload, so that anything that speaks
 * it plugs in: `POST <endpoint>/present` and `POST <endpoint>/cleanup`, `Content-Type:
 * application/json`, body `{"fqdn": "_acme-challenge.example.com.", "value": "<TXT value>"}` (lego's
 * default mode: the name with a trailing dot, the value as it goes in the TXT record). lego's RAW mode
 * (`{"domain", "token", "keyAuth"}`) is not offered: it needs the key authorization, which certplane
 * does not hand to providers. The receiver keeps other values at the name and takes repeats calmly:
 * present and cleanUp are called again after a failure.
 *
 * Answers: 2xx is done; 408, 429, 5xx and network trouble are retryable (Retry-After honoured); any
 * other status (a redirect, 4xx) needs a person, and the message carries the body's text.
 *
 * No `verify`: httpreq defines no call that changes nothing, so the endpoint and credentials are
 * first tried by the first order's present.
 */
export function createWebhookProvider(options: WebhookProviderOptions): DnsProvider {
  let base: URL;
  try {
    base = new URL(options.endpoint);
  } catch {
    throw new ProviderSettingsError('endpoint', `endpoint must be an http(s) URL, got "${options.endpoint}"`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ProviderSettingsError('endpoint', `endpoint must be an http(s) URL, got "${options.endpoint}"`);
  if (base.username || base.password) throw new ProviderSettingsError('endpoint', 'endpoint must not carry credentials; give them as username and password');
  if (!!options.username !== !!options.password) {
    const missing = options.username ? 'password' : 'username';
    throw new ProviderSettingsError(missing, `basic authentication needs both username and password; ${missing} is missing`);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ProviderSettingsError('timeout', `timeout must be seconds above 0, got ${timeoutMs / 1000}`);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const authorization = options.username ? `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}` : undefined;

  /** `<endpoint>/<action>`: lego joins the endpoint's path and the action the same way. */
  function urlOf(action: string): string {
    const url = new URL(base);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${action}`;
    return url.toString();
  }

  async function post(action: 'present' | 'cleanup', fqdn: string, value: string): Promise<void> {
    const url = urlOf(action);
    const what = `POST ${base.origin}${new URL(url).pathname}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ fqdn: `${normalizeFqdn(fqdn)}.`, value }),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
      throw new DnsProviderError(`webhook ${what} failed: ${reason}`, { provider: PROVIDER, retryable: true, cause: err });
    }
    const text = (await res.text().catch(() => '')).trim().slice(0, 300);
    if (res.status >= 200 && res.status < 300) return;
    const detail = text ? `: ${text}` : '';
    const retryable = isRetryableStatus(res.status);
    const hint =
      res.status === 401 || res.status === 403
        ? '; check username and password'
        : res.status >= 300 && res.status < 400
          ? `; set endpoint to where it redirects (${res.headers.get('location') ?? 'no Location given'})`
          : '';
    throw new DnsProviderError(`webhook ${what} answered HTTP ${res.status}${detail}${hint}`, {
      provider: PROVIDER,
      retryable,
      status: res.status,
      retryAfterMs: retryable ? retryAfterMs(res.headers.get('retry-after'), now()) : undefined,
    });
  }

  return {
    name: PROVIDER,
    present: (fqdn, value) => post('present', fqdn, value),
    cleanUp: (fqdn, value) => post('cleanup', fqdn, value),
  };
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
