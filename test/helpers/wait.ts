import { gqlOk } from './graphql.js';

/** Polls `fn` every 100 ms until it returns something truthy; throws after `timeoutMs`. */
export async function waitUntil<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CertificateState {
  id: string;
  status: string;
  statusReason: string | null;
  [field: string]: unknown;
}

/**
 * Polls certificate(id) until its status is one of `statuses` (default: a final one) and returns it
 * with `fields`. A certificate that ends in another final status fails at once, with its reason.
 */
export async function waitForCertificate(
  url: string,
  token: string,
  id: string,
  statuses: string[] = ['ISSUED'],
  fields = '',
  timeoutMs = 30_000,
): Promise<CertificateState> {
  const final = ['ISSUED', 'FAILED', 'REVOKED', 'EXPIRED'];
  return waitUntil(async () => {
    const { certificate } = await gqlOk<{ certificate: CertificateState }>(url, token, `query($id: ID!) { certificate(id: $id) { id status statusReason ${fields} } }`, { id });
    if (statuses.includes(certificate.status)) return certificate;
    if (final.includes(certificate.status)) {
      throw new Error(`certificate ${id} ended ${certificate.status} (wanted ${statuses.join('/')}): ${certificate.statusReason}`);
    }
    return null;
  }, timeoutMs, `certificate ${id} to become ${statuses.join('/')}`);
}
