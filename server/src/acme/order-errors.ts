import { DnsProviderError } from '../dns/dns-provider.js';

/** A failure no retry can fix (the CA refused, configuration is missing): the certificate goes FAILED. */
export class PermanentOrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentOrderError';
  }
}

/** ACME problem types that no retry fixes (RFC 8555 section 6.7), matched against acme-client's messages. */
const PERMANENT_ACME = /rejectedIdentifier|unsupportedIdentifier|caa|malformed|unauthorized|badCSR|badSignatureAlgorithm|orderNotReady|not allowed|forbidden/i;

export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentOrderError) return true;
  if (err instanceof DnsProviderError) return !err.retryable;
  const e = err as { isAxiosError?: boolean; code?: string; message?: string };
  if (e?.isAxiosError || (typeof e?.code === 'string' && /^E[A-Z]+/.test(e.code))) return false;
  return PERMANENT_ACME.test(e?.message ?? '');
}

export function describe(err: unknown): string {
  const e = err as { message?: string; code?: string };
  const msg = (e?.message || String(err)).replace(/\s+/g, ' ').trim();
  return e?.code && !msg.includes(e.code) ? `${msg} (${e.code})` : msg;
}
