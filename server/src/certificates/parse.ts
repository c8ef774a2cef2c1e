import { X509Certificate } from 'node:crypto';
import { dnsNamesFromSubjectAltName } from './custom/hostname-match.js';

export interface IssuedCertificateInfo {
  notBefore: Date;
  notAfter: Date;
  issuer: string;
  serial: string;
  /** SHA-256 of the leaf's DER, colon-separated hex. */
  fingerprint: string;
  sans: string[];
}

/** Splits a PEM bundle into its certificates, leaf first. */
export function splitPemChain(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Reads what the API shows about a certificate chain's leaf. */
export function readCertificate(chainPem: string): IssuedCertificateInfo {
  const [leafPem] = splitPemChain(chainPem);
  if (!leafPem) throw new Error('no certificate in PEM');
  const leaf = new X509Certificate(leafPem);
  const cn = /CN=([^\n]+)/.exec(leaf.issuer)?.[1];
  return {
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    issuer: cn ?? leaf.issuer.replace(/\n/g, ', '),
    serial: leaf.serialNumber.toLowerCase(),
    fingerprint: leaf.fingerprint256,
    sans: dnsNamesFromSubjectAltName(leaf.subjectAltName),
  };
}

/**
 * A PEM chain as certplane stores and serves it: LF line endings (a CA or a proxy may send CRLF),
 * no blank lines or text between blocks, one trailing newline.
 */
export function normalisePem(pem: string): string {
  const blocks = pem.replace(/\r\n?/g, '\n').match(/-----BEGIN [A-Z0-9 ]+-----\n[\s\S]*?-----END [A-Z0-9 ]+-----/g) ?? [];
  return blocks.map((b) => b.split('\n').map((l) => l.trim()).filter(Boolean).join('\n')).join('\n') + (blocks.length ? '\n' : '');
}
