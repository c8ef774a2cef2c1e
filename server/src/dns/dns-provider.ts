/**
 * What every DNS-01 provider implements: put a TXT value at a name and take it away again.
 * Propagation checks and CNAME following are shared (propagation.ts), not per provider.
 */
export interface DnsProvider {
  readonly name: string;
  /** Adds `value` to the TXT rrset at `fqdn` (keeps other values: apex + wildcard share one name). Idempotent. */
  present(fqdn: string, value: string): Promise<void>;
  /** Removes `value` from the TXT rrset at `fqdn`; deletes the rrset when empty. Idempotent. */
  cleanUp(fqdn: string, value: string): Promise<void>;
  /**
   * A harmless read (listing the zones the credentials see) proving the settings work: run when
   * credentials are set through the API. Rejects with a DnsProviderError saying what to change.
   */
  verify?(): Promise<void>;
}

/**
 * A provider call that failed. `retryable` errors (network, timeouts, 5xx, rate limits) are worth
 * trying again later; the others (no zone, bad credentials, rejected data) need a person, and the
 * message says what to change.
 */
export class DnsProviderError extends Error {
  override readonly name = 'DnsProviderError';
  readonly retryable: boolean;
  /** Provider name, e.g. 'powerdns'. */
  readonly provider: string;
  /** HTTP status of the provider API, when there was one. */
  readonly status?: number;
  /** The provider asked to wait this long (a rate-limit answer's Retry-After), in ms. */
  readonly retryAfterMs?: number;
  /** No zone the credentials can see holds the name: another provider, a delegation or manual mode may answer. */
  readonly noZone: boolean;

  constructor(message: string, opts: { provider: string; retryable: boolean; status?: number; cause?: unknown; retryAfterMs?: number; noZone?: boolean }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.provider = opts.provider;
    this.retryable = opts.retryable;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.noZone = opts.noZone ?? false;
  }
}

/** Retry-After (RFC 9110 section 10.2.3: seconds or an HTTP date) in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** True for HTTP statuses worth retrying: 408, 429 and 5xx. */
export const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** Lower case, no trailing dot. */
export const normalizeFqdn = (fqdn: string) => fqdn.trim().toLowerCase().replace(/\.$/, '');

/**
 * Runs `fn` after every earlier call with the same key has settled, so read-modify-write
 * updates of one rrset inside this process do not overwrite each other.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
