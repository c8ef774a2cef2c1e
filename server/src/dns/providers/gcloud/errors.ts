import { DnsProviderError, isRetryableStatus, retryAfterMs } from '../../dns-provider.js';

const PROVIDER = 'gcloud';

/**
 * How long to wait after a rate-limit answer without Retry-After: Cloud DNS counts its API quotas per
 * minute (Cloud DNS "Quotas and limits").
 */
export const GCLOUD_RATE_LIMIT_WAIT_MS = 60_000;

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** What @google-cloud/common rejects with: ApiError (`code` the HTTP status, `errors[].reason`) or a network error. */
interface SdkError {
  code?: number | string;
  message?: string;
  errors?: Array<{ reason?: string; message?: string }>;
  response?: { headers?: Record<string, string | undefined> };
}

/**
 * A DnsProviderError from what the SDK threw while trying to `what` in project `project`. The SDK's
 * own retries are off (certplane re-queues the order instead of sleeping in a worker slot): rate limits
 * are retryable with a wait; a concurrent change (409 alreadyExists, 412 conditionNotMet) is retryable,
 * as the next attempt reads the set again; refused credentials name the setting to check.
 */
export function gcloudError(err: unknown, what: string, project: string): DnsProviderError {
  if (err instanceof DnsProviderError) return err;
  const e = (err ?? {}) as SdkError;
  if (typeof e.code !== 'number') {
    const reason = (err as { cause?: { code?: string } })?.cause?.code ?? (typeof e.code === 'string' ? e.code : undefined) ?? e.message ?? String(err);
    return new DnsProviderError(`Cloud DNS unreachable while trying to ${what}: ${reason}`, { provider: PROVIDER, retryable: true, cause: err });
  }
  const status = e.code;
  const reason = e.errors?.[0]?.reason;
  const detail = `HTTP ${status}${reason ? ` ${reason}` : ''}: ${e.errors?.[0]?.message ?? e.message ?? ''}`;
  const base = { provider: PROVIDER, status, cause: err };
  if (status === 429 || (reason !== undefined && RATE_LIMIT_REASONS.has(reason))) {
    const wait = retryAfterMs(e.response?.headers?.['retry-after']) ?? GCLOUD_RATE_LIMIT_WAIT_MS;
    return new DnsProviderError(`Cloud DNS asked to slow down while trying to ${what} (${detail})`, { ...base, retryable: true, retryAfterMs: wait });
  }
  if (status === 401) {
    return new DnsProviderError(`Cloud DNS refused the credentials (${detail}); check service_account_json`, { ...base, retryable: false });
  }
  if (status === 403) {
    return new DnsProviderError(
      `Cloud DNS denied access to project ${project} while trying to ${what} (${detail}); check project_id, and that the service account of service_account_json has the DNS Administrator role (roles/dns.admin) there`,
      { ...base, retryable: false },
    );
  }
  if (status === 409 || status === 412) {
    return new DnsProviderError(`Cloud DNS: the TXT set changed while trying to ${what} (${detail}); the next attempt reads it again`, { ...base, retryable: true });
  }
  if (status === 404 && what === 'list managed zones') {
    return new DnsProviderError(`Cloud DNS knows no project ${project} (${detail}); check project_id`, { ...base, retryable: false });
  }
  return new DnsProviderError(`Cloud DNS refused to ${what} (${detail})`, { ...base, retryable: isRetryableStatus(status) });
}
