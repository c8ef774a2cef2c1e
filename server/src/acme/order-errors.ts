import { DnsProviderError } from '../dns/dns-provider.js';
import { AcmeProblemError, AcmeUnreachableError } from './problems.js';

/** A failure no retry can fix (the CA refused, configuration is missing): the certificate goes FAILED. */
export class PermanentOrderError extends Error {
  constructor(
    message: string,
    /** Names the CA refused or failed to validate (counted per name against the CA's limit on failed validations). */
    readonly failedNames: string[] = [],
  ) {
    super(message);
    this.name = 'PermanentOrderError';
  }
}

/**
 * ACME problem types that no retry fixes (RFC 8555 section 6.7; Let's Encrypt's `caa`, `dns`,
 * `unauthorized` ...). Others (`serverInternal`, `rateLimited`, `badNonce`, a 5xx without a problem
 * document) are retried on certplane's schedule; `accountDoesNotExist` registers again first.
 */
const PERMANENT_TYPES = new Set([
  'badCSR',
  'badPublicKey',
  'badRevocationReason',
  'badSignatureAlgorithm',
  'caa',
  'compound',
  'dns',
  'externalAccountRequired',
  'incorrectResponse',
  'invalidContact',
  'malformed',
  'orderNotReady',
  'rejectedIdentifier',
  'unauthorized',
  'unsupportedContact',
  'unsupportedIdentifier',
  'userActionRequired',
]);

export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentOrderError) return true;
  if (err instanceof DnsProviderError) return !err.retryable;
  if (err instanceof AcmeProblemError) return PERMANENT_TYPES.has(err.type) || (err.status >= 400 && err.status < 500 && err.type.startsWith('http') && err.status !== 429);
  if (err instanceof AcmeUnreachableError) return false;
  // Anything else (a bug, a TypeError) is retried, then given up with its message.
  return false;
}

/**
 * How long the CA asked to wait before the next request (429 `rateLimited`, 503), in ms; null when it
 * asked nothing. Such a wait is the CA's own schedule: it does not count as a failed attempt.
 */
export function caRetryAfterMs(err: unknown): number | null {
  if (!(err instanceof AcmeProblemError)) return null;
  if (err.status !== 429 && err.status !== 503 && err.type !== 'rateLimited') return null;
  return err.retryAfterMs;
}

export function describe(err: unknown): string {
  const e = err as { message?: string; code?: string };
  const msg = (e?.message || String(err)).replace(/\s+/g, ' ').trim();
  return e?.code && !msg.includes(e.code) ? `${msg} (${e.code})` : msg;
}

/**
 * The kind of a retryable failure, stored as the `reason` of its `retry` event (certificateEvents):
 * what the issuance bench counts, and what a person scanning a log groups by. Told apart by type and
 * code, never by wording.
 */
export const RetryKind = {
  /** The CA refused a nonce (`badNonce`, RFC 8555 section 6.5): a fresh one fixes it. */
  BAD_NONCE: 'bad_nonce',
  /** The CA answered 5xx (or `serverInternal`). */
  CA_SERVER_ERROR: 'ca_server_error',
  /** The CA could not be reached: DNS, refused or reset connection, TLS, timeout. */
  CA_UNREACHABLE: 'ca_unreachable',
  /** A DNS provider's API answered 5xx or could not be reached. */
  DNS_PROVIDER: 'dns_provider',
  /** A connection was reset (ECONNRESET, EPIPE) outside the two above. */
  CONNECTION_RESET: 'connection_reset',
  /** A call timed out (ETIMEDOUT, an AbortSignal timeout) outside the two above. */
  TIMEOUT: 'timeout',
  /** Anything else retryable (a bug's TypeError, a database hiccup). */
  OTHER: 'other',
} as const;
export type RetryKind = (typeof RetryKind)[keyof typeof RetryKind];

export function retryKind(err: unknown): RetryKind {
  if (err instanceof AcmeProblemError) return err.type === 'badNonce' ? RetryKind.BAD_NONCE : RetryKind.CA_SERVER_ERROR;
  if (err instanceof AcmeUnreachableError) return RetryKind.CA_UNREACHABLE;
  if (err instanceof DnsProviderError) return RetryKind.DNS_PROVIDER;
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (code === 'ECONNRESET' || code === 'EPIPE') return RetryKind.CONNECTION_RESET;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || e?.name === 'TimeoutError') return RetryKind.TIMEOUT;
  return RetryKind.OTHER;
}
