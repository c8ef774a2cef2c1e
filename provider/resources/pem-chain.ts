import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * What the provider reads from a configured certificate chain at plan time, without the API: the leaf
 * the control plane will take from it, and the leaf's serial, fingerprint and validity in the API's
 * formats. A plan shows them, and a certificate changed outside Terraform is told apart by them.
 */

export interface LeafSummary {
  /** Lower-case hex, as the API's Certificate.serial. */
  serial: string;
  /** SHA-256 of the leaf's DER, colon-separated upper-case hex, as the API's Certificate.fingerprint. */
  fingerprint: string;
  /** RFC 3339, as the API's notBefore and expiresAt. */
  notBefore: string;
  notAfter: string;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** Every readable CERTIFICATE block of a PEM text (CRLF, indentation and text around the blocks are fine). */
export function readCertificates(pem: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const [, body] of pem.replace(/\r\n?/g, '\n').matchAll(CERTIFICATE_BLOCK)) {
    try {
      out.push(new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64')));
    } catch {
      // Unreadable: the API refuses the chain and says which block; the plan just knows less.
    }
  }
  return out;
}

/** Whether the PEM text holds a `... PRIVATE KEY` block. */
export function hasPrivateKeyBlock(pem: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem);
}

/**
 * The leaf the API takes from `chainPem`: the certificate whose public key matches `keyPem`, a non-CA
 * one first, then the first given (parse-custom-certificate.ts findLeaf). Null when the key is
 * unreadable or matches none: only apply can tell then, and the API explains why.
 */
export function configuredLeaf(chainPem: string, keyPem: string): LeafSummary | null {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return null;
  }
  const matching = readCertificates(chainPem).filter((c) => {
    try {
      return c.checkPrivateKey(key);
    } catch {
      return false;
    }
  });
  const leaf = matching.find((c) => !c.ca) ?? matching[0];
  if (!leaf) return null;
  return {
    serial: leaf.serialNumber.toLowerCase(),
    fingerprint: leaf.fingerprint256,
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
  };
}

/** Whether two fingerprints are the same, whatever their case and colons. */
export function sameFingerprint(a: unknown, b: unknown): boolean {
  const norm = (v: string) => v.replace(/:/g, '').toLowerCase();
  return typeof a === 'string' && typeof b === 'string' && norm(a) === norm(b);
}
