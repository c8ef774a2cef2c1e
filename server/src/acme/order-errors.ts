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
