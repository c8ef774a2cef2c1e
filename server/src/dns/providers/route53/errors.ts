import { DnsProviderError, isRetryableStatus, retryAfterMs } from '../../dns-provider.js';

const PROVIDER = 'route53';

/**
 * How long to wait after a rate-limit answer that names no time (Route 53 sends no Retry-After): its
 * token buckets refill every second (Route 53 Developer Guide, "Throttling for Amazon Route 53 API
 * requests").
 */
export const ROUTE53_THROTTLE_WAIT_MS = 1000;

/** Error codes of Route 53's rate limits, answered with HTTP 400. */
const RATE_LIMIT_CODES = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete']);

/** Error codes meaning the credentials themselves were refused (HTTP 403, or 400 for an expired token). */
const REFUSED_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
]);

const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException']);

/** What the AWS SDK throws: a service exception carries the error code as `name` and the HTTP answer. */
interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/**
 * A DnsProviderError from what the SDK threw while trying to `what`. Rate limits are retryable with a
 * wait (the SDK's own retries are off: certplane re-queues the order instead of sleeping in a worker
 * slot); refused credentials and rejected changes need a person, and the message names the setting.
 */
export function route53Error(err: unknown, what: string): DnsProviderError {
  if (err instanceof DnsProviderError) return err;
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  const code = e.name ?? 'Error';
  const detail = `${code}: ${e.message ?? String(err)}`;
  if (status === undefined) {
    const cause = (err as { cause?: { code?: string } })?.cause?.code ?? e.code;
    const reason = code === 'TimeoutError' ? 'no answer in time' : (cause ?? e.message ?? String(err));
    return new DnsProviderError(`Route 53 unreachable while trying to ${what}: ${reason}`, { provider: PROVIDER, retryable: true, cause: err });
  }
  if (RATE_LIMIT_CODES.has(code) || status === 429) {
    const wait = retryAfterMs(e.$response?.headers?.['retry-after']) ?? ROUTE53_THROTTLE_WAIT_MS;
    return new DnsProviderError(`Route 53 asked to slow down while trying to ${what} (${detail})`, {
      provider: PROVIDER,
      retryable: true,
      status,
      retryAfterMs: wait,
      cause: err,
    });
  }
  if (REFUSED_CODES.has(code)) {
    return new DnsProviderError(
      `Route 53 refused the credentials (${detail}); check access_key_id and secret_access_key (and session_token for temporary credentials)`,
      { provider: PROVIDER, retryable: false, status, cause: err },
    );
  }
  if (DENIED_CODES.has(code)) {
    return new DnsProviderError(
      `Route 53 denied access while trying to ${what} (${detail}); the IAM policy of access_key_id must allow route53:ListHostedZones (or route53:GetHostedZone with hosted_zone_id), route53:ListResourceRecordSets and route53:ChangeResourceRecordSets`,
      { provider: PROVIDER, retryable: false, status, cause: err },
    );
  }
  if (code === 'InvalidChangeBatch' && /do not match the current values/.test(e.message ?? '')) {
    // A DELETE of the set as read, but it changed in between: read again on the next attempt.
    return new DnsProviderError(`Route 53: the TXT set changed while trying to ${what} (${detail})`, { provider: PROVIDER, retryable: true, status, cause: err });
  }
  if (code === 'NoSuchHostedZone') {
    return new DnsProviderError(`Route 53 has no such hosted zone (${detail}); check hosted_zone_id`, { provider: PROVIDER, retryable: false, status, cause: err });
  }
  return new DnsProviderError(`Route 53 refused to ${what} (${detail})`, {
    provider: PROVIDER,
    retryable: isRetryableStatus(status) || code === 'ServiceUnavailable' || code === 'InternalFailure',
    status,
    cause: err,
  });
}
