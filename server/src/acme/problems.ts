import acme from 'acme-client';
import axios, { type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/**
 * ACME errors as certplane tells them apart: by the problem document's `type` URN (RFC 8555 section
 * 6.7), never by its wording, with the `Retry-After` the CA sent (section 6.6: 429 and 503 carry it).
 */

const PREFIX = 'urn:ietf:params:acme:error:';

/** The CA answered with an error: `type` is the short ACME type (`rateLimited`, `alreadyRevoked` ...), or `http<status>` without a problem document. */
export class AcmeProblemError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    readonly detail: string,
    /** Milliseconds the CA asked to wait (Retry-After), null when it said nothing. */
    readonly retryAfterMs: number | null,
    readonly url: string,
  ) {
    super(`${detail || `HTTP ${status}`} (ACME ${type}, HTTP ${status})`);
    this.name = 'AcmeProblemError';
  }
}

/** The CA could not be reached at all (DNS, connection, TLS, timeout). */
export class AcmeUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    what: string,
  ) {
    super(`cannot reach the ACME ${what} ${url}: ${code}`);
    this.name = 'AcmeUnreachableError';
  }
}

/** The short ACME problem type of an error (`alreadyRevoked`, `accountDoesNotExist` ...), if it is one. */
export function problemType(err: unknown): string | undefined {
  return err instanceof AcmeProblemError ? err.type : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The body as JSON: an adapter sees it before axios parses it. */
function bodyOf(res: AxiosResponse): { type?: unknown; detail?: unknown } | undefined {
  const raw: unknown = res.data;
  if (raw && typeof raw === 'object' && !Buffer.isBuffer(raw)) return raw as { type?: unknown };
  try {
    return JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? ''));
  } catch {
    return undefined;
  }
}

function problemOf(res: AxiosResponse, url: string): AcmeProblemError | null {
  const data = bodyOf(res);
  const fullType = typeof data?.type === 'string' ? data.type : '';
  const isProblem = fullType.startsWith(PREFIX);
  if (!isProblem && res.status !== 429 && res.status < 500) return null;
  const type = isProblem ? fullType.slice(PREFIX.length) : `http${res.status}`;
  // acme-client retries a badNonce itself, at once, with the nonce the answer carries: leave it that.
  if (type === 'badNonce') return null;
  const detail = typeof data?.detail === 'string' ? data.detail.replace(/\s+/g, ' ').trim() : '';
  return new AcmeProblemError(type, res.status, detail, parseRetryAfter(res.headers?.['retry-after']), url);
}

let installed = false;
/** Directory URLs of the clients made so far: a failure there is "cannot reach the ACME directory". */
const directories = new Set<string>();
export function rememberDirectory(url: string): void {
  directories.add(url);
}

/**
 * Makes acme-client's HTTP layer fail fast and typed: no request waits inside a worker slot. acme-client
 * retries network errors, 429 and 5xx itself, sleeping Retry-After or 5-25 s up to five times (~75 s per
 * call for an unreachable CA); certplane turns each into a re-queued job instead. Its retries are
 * switched off, and its axios adapter is wrapped so a CA error arrives as AcmeProblemError (with type
 * and Retry-After) and a network failure as AcmeUnreachableError. Call once at start-up (configureAcmeHttps does).
 */
export function installAcmeErrors(): void {
  if (installed) return;
  installed = true;
  const settings = (acme.axios.defaults as unknown as { acmeSettings?: { retryMaxAttempts: number } }).acmeSettings;
  if (settings) settings.retryMaxAttempts = 0;
  const inner = axios.getAdapter(acme.axios.defaults.adapter ?? 'http') as AxiosAdapter;
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const url = String(config.url ?? '');
    let res: AxiosResponse;
    try {
      res = await inner(config);
    } catch (err) {
      const e = err as { response?: AxiosResponse; code?: string; message?: string };
      // acme-client makes every answer an error (its validateStatus is false) and sorts them out later.
      if (!e.response) {
        const what = directories.has(url) ? 'directory' : 'server';
        // Thrown without `config`, so acme-client's retry interceptor passes it on untouched.
        throw new AcmeUnreachableError(url, e.code ?? e.message ?? 'unknown error', what);
      }
      res = e.response;
      const problem = problemOf(res, url);
      if (problem) throw problem;
      throw err;
    }
    const problem = res.status >= 400 ? problemOf(res, url) : null;
    if (problem) throw problem;
    return res;
  };
  acme.axios.defaults.adapter = adapter;
}
