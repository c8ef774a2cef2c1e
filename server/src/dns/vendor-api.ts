import { DnsProviderError, retryAfterMs } from './dns-provider.js';

/**
 * Shared pieces of the providers that speak a vendor's REST API with plain fetch (Gandi LiveDNS,
 * GoDaddy, ...): one HTTP call with network trouble marked retryable, the wait a rate-limit answer
 * asks for, and a record's name relative to its zone.
 */

/** How long to wait after a rate-limit answer (HTTP 429) that does not say, in ms. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export interface VendorHttpOptions {
  /** Provider name for errors, e.g. 'godaddy'. */
  provider: string;
  /** Name a person knows, e.g. 'GoDaddy'. */
  title: string;
  /** API root, no trailing slash, e.g. https://api.godaddy.com. */
  baseUrl: string;
  /** Sent with every request (the credentials). */
  headers: Record<string, string>;
  /** HTTP client (default the global fetch). */
  fetch?: typeof fetch;
  /** Time limit of each request in ms (default 10000). */
  timeoutMs?: number;
}

export interface VendorResponse {
  status: number;
  headers: Headers;
  /** The body as JSON when it parses, else the text; undefined when empty. */
  body: unknown;
}

/**
 * A function making one request to the vendor's API: `path` is appended to the base URL (or is a
 * whole URL, for pagination links). Network errors and timeouts throw a retryable DnsProviderError;
 * every HTTP answer is returned for the provider to judge.
 */
export function createVendorHttp(o: VendorHttpOptions) {
  const fetchFn: typeof fetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = o.timeoutMs ?? 10_000;
  return async function call(method: string, path: string, what: string, body?: unknown): Promise<VendorResponse> {
    const url = /^https?:\/\//.test(path) ? path : o.baseUrl + path;
    let res: Response;
    let text: string;
    try {
      res = await fetchFn(url, {
        method,
        headers: { Accept: 'application/json', ...o.headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
      throw new DnsProviderError(`${o.title} API at ${o.baseUrl} unreachable while trying to ${what}: ${reason}`, {
        provider: o.provider,
        retryable: true,
        cause: err,
      });
    }
    return { status: res.status, headers: res.headers, body: parseBody(text) };
  };
}

export type VendorHttp = ReturnType<typeof createVendorHttp>;

/**
 * `http` for calls that want success: a 2xx answer (or one of `okStatuses`, e.g. 404 on a delete) is
 * returned, any other is thrown as the provider's `failure(res, what)`.
 */
export function expectSuccess(http: VendorHttp, failure: (res: VendorResponse, what: string) => DnsProviderError) {
  return async (method: string, path: string, what: string, body?: unknown, okStatuses: number[] = []): Promise<VendorResponse> => {
    const res = await http(method, path, what, body);
    if ((res.status >= 200 && res.status < 300) || okStatuses.includes(res.status)) return res;
    throw failure(res, what);
  };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The wait a 429 answer asks for, in ms: the vendor's own field (seconds), else Retry-After, else the default. */
export function rateLimitWaitMs(headers: Headers, bodySeconds: unknown, now: () => number): number {
  if (typeof bodySeconds === 'number' && Number.isFinite(bodySeconds) && bodySeconds >= 0) return bodySeconds * 1000;
  return retryAfterMs(headers.get('retry-after'), now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
}

/** The vendor's error text (a `message` field, else the body), at most 300 characters. */
export function errorDetail(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message.slice(0, 300);
  }
  return body === undefined ? '(no body)' : (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
}

/** `fqdn` relative to `zone` (both normalised): '' at the zone's apex. */
export function relativeName(fqdn: string, zone: string): string {
  return fqdn === zone ? '' : fqdn.slice(0, -(zone.length + 1));
}

/** An API root from an `endpoint` setting: no trailing slash, and without `suffix` (e.g. '/v1') when given. */
export function apiRoot(endpoint: string, suffix: RegExp): string {
  return endpoint.replace(/\/+$/, '').replace(suffix, '');
}

/** Why a request got no answer: the system's code (ECONNREFUSED, ...) or message behind fetch's "fetch failed". */
export function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
