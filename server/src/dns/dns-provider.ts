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

  constructor(message: string, opts: { provider: string; retryable: boolean; status?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.provider = opts.provider;
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
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
