import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { KeyType } from '../status.js';
import { dnsNamesFromSubjectAltName, namesCoverHostname } from './hostname-match.js';

/**
 * Validation of a certificate a customer brings themselves ("custom certificate"), before anything is
 * stored: pure (no I/O, no clock: the caller passes `now`), built on node:crypto only.
 */

/** Why a custom certificate was refused; stable values a caller may map to an API error code. */
export const CustomCertificateProblem = {
  /** No usable PEM block: no CERTIFICATE / PRIVATE KEY block, a block cut off, or one that does not parse. */
  NotPem: 'NotPem',
  /** A field is larger than `CUSTOM_CERTIFICATE_LIMITS` allows. */
  TooLarge: 'TooLarge',
  /** More than one private key block in privateKeyPem. */
  MultipleKeys: 'MultipleKeys',
  /** The private key is encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY`, or PKCS#1/SEC1 with `Proc-Type: 4,ENCRYPTED`). */
  EncryptedKey: 'EncryptedKey',
  /** A key algorithm or curve certplane does not serve: Ed25519, Ed448, DSA, RSA-PSS, P-521, secp256k1, ... */
  UnsupportedKey: 'UnsupportedKey',
  /** An RSA key below 2048 bits. */
  WeakKey: 'WeakKey',
  /** No certificate in the chain has the private key's public key. */
  KeyMismatch: 'KeyMismatch',
  /** The leaf's notAfter is at or before `now`. */
  Expired: 'Expired',
  /** The leaf's notBefore is after `now`. */
  NotYetValid: 'NotYetValid',
  /** The leaf's names do not cover the hostname. */
  HostnameNotCovered: 'HostnameNotCovered',
  /** A given certificate is not on the leaf's issuer path. */
  BrokenChain: 'BrokenChain',
} as const;
export type CustomCertificateProblem = (typeof CustomCertificateProblem)[keyof typeof CustomCertificateProblem];

export type CustomCertificateField = 'certificateChainPem' | 'privateKeyPem';

/** A refusal: which input field is at fault, a stable `problem`, and a message a person can act on. */
export class CustomCertificateError extends Error {
  override readonly name = 'CustomCertificateError';
  constructor(
    readonly field: CustomCertificateField,
    readonly problem: CustomCertificateProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Input bounds, checked before any parsing: each field's length in characters, and the number of
 * distinct certificates (building the chain costs up to n² signature checks).
 */
export const CUSTOM_CERTIFICATE_LIMITS = { maxPemLength: 256 * 1024, maxCertificates: 20 } as const;

export interface ParsedCustomCertificate {
  /** The leaf, re-encoded from its DER: `-----BEGIN CERTIFICATE-----`, 64-column base64, LF line endings, one trailing newline. */
  leafPem: string;
  /** The intermediates on the leaf's path, the leaf's issuer first, each encoded like `leafPem`; '' when there are none. Never a self-signed root. */
  chainPem: string;
  /** `leafPem + chainPem`: what a TLS server sends. */
  fullChainPem: string;
  /** The private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, LF, trailing newline); the caller seals it. */
  privateKeyPem: string;
  /**
   * RSA keys are labelled by the largest offered size not above theirs: 2048-3071 bits -> RSA_2048,
   * 3072-4095 -> RSA_3072, 4096 and up -> RSA_4096. ECDSA is P-256 or P-384 only.
   */
  keyType: KeyType;
  /**
   * The names the leaf is valid for: its DNS subjectAltNames (lower case, no trailing dot, certificate
   * order, no duplicates), or `[commonName]` (lower-cased) when it has no DNS SANs, or [] when it has neither.
   */
  sans: string[];
  /** The leaf subject's CN as written (the last one when there are several), or null. */
  commonName: string | null;
  /** The leaf's issuer DN as node prints it, RDNs joined by ", " in certificate order, e.g. "C=US, O=Let's Encrypt, CN=R11". */
  issuer: string;
  /**
   * The leaf's serial number as node prints it (OpenSSL BN_bn2hex) but lower case: hex of its bytes
   * without leading zero bytes or colons, so always an even number of digits (serial 0x0a1b -> "0a1b").
   */
  serial: string;
  /** SHA-256 of the leaf's DER: 64 lower-case hex digits, no colons. */
  fingerprint: string;
  /** The leaf's validity period (to the second, UTC). */
  notBefore: Date;
  notAfter: Date;
}

export interface CustomCertificateInput {
  /** The domain's hostname, already normalised (lower-case ASCII/punycode, no trailing dot); may be a wildcard `*.example.com`. */
  hostname: string;
  /** The leaf and its intermediates (and optionally the root) as PEM, in any order; text around the blocks is ignored. */
  certificateChainPem: string;
  /** The leaf's private key as PEM: PKCS#8, PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`), unencrypted. */
  privateKeyPem: string;
  /** The time validity is checked against. */
  now: Date;
}

/**
 * Checks a customer's certificate chain and private key for `hostname` and returns them normalised, or
 * throws a `CustomCertificateError` for the first problem found, checked in this order:
 *
 * 1. certificateChainPem: size, then every `CERTIFICATE` block must be complete and parse (`NotPem`,
 *    `TooLarge`). Other text and other blocks (openssl's `Bag Attributes`, `subject=` lines, a private
 *    key pasted along) are ignored; CRLF and stray spaces are fine.
 * 2. privateKeyPem: exactly one `... PRIVATE KEY` block (`NotPem`, `MultipleKeys`; an `EC PARAMETERS`
 *    block beside it is ignored), not encrypted (`EncryptedKey`), readable as PKCS#8, PKCS#1 or SEC1.
 * 3. The key is RSA >= 2048 bits (`WeakKey` below) or ECDSA P-256/P-384 (`UnsupportedKey` otherwise).
 * 4. The leaf is the certificate whose public key matches the private key (X509_check_private_key),
 *    wherever it is in the chain (`KeyMismatch`, field privateKeyPem, when none does). If several
 *    distinct certificates match, a non-CA one is preferred, then the first given; the rest must fit
 *    the chain like any other certificate. The leaf's public key passes the same rule as step 3.
 * 5. `hostname` is covered by the leaf's DNS SANs, or by its subject CN only when it has no DNS SANs
 *    (`HostnameNotCovered`; matching per RFC 6125 section 6.4, see ./hostname-match.ts).
 * 6. notBefore <= now < notAfter (`NotYetValid`, `Expired`).
 * 7. The chain (RFC 5280 section 6: each certificate's issuer is the next one): from the leaf, follow
 *    issuers among the given certificates, where "issued" means X509_check_issued (issuer name,
 *    authority/subject key identifiers, keyUsage) and a valid signature with the issuer's public key.
 *    Certificates may come in any order; exact duplicates (same SHA-256) are dropped; when several
 *    certificates could be the issuer, an intermediate is preferred to a self-signed root. The walk ends
 *    at a self-signed root (left out of `chainPem`) or at a certificate whose issuer was not given (the
 *    root need not be given). Every other given certificate is a `BrokenChain`, except a self-signed
 *    twin (same subject and key) of a CA already on the path, which is treated as the root too.
 *    Trust is not checked: the path may end at any CA, or the leaf may be self-signed (then it is its
 *    own root and `chainPem` is '') — which CA to use is the customer's choice.
 *
 * Fields the error names: `certificateChainPem` for everything about the certificates,
 * `privateKeyPem` for the key's format, strength and `KeyMismatch`.
 */
export function parseCustomCertificate(input: CustomCertificateInput): ParsedCustomCertificate {
  const hostname = input.hostname.trim().toLowerCase().replace(/\.$/, '');
  const certificates = readCertificates(input.certificateChainPem);
  const key = readPrivateKey(input.privateKeyPem);
  const keyType = supportedKeyType(key, 'privateKeyPem', 'the private key');

  const leaf = findLeaf(certificates, key, hostname);
  supportedKeyType(leaf.cert.publicKey, 'certificateChainPem', `the public key of the certificate (${describe(leaf.cert)})`);

  const dnsSans = dnsNamesFromSubjectAltName(leaf.cert.subjectAltName);
  const commonName = commonNameOf(leaf.cert);
  const sans = dnsSans.length > 0 ? dnsSans : commonName ? [commonName.toLowerCase()] : [];
  if (!namesCoverHostname(sans, hostname)) throw hostnameNotCovered(leaf.cert, hostname, dnsSans, commonName);

  const notBefore = parseDate(leaf.cert.validFrom);
  const notAfter = parseDate(leaf.cert.validTo);
  if (notAfter.getTime() <= input.now.getTime()) {
    throw new CustomCertificateError(
      'certificateChainPem',
      CustomCertificateProblem.Expired,
      `the certificate for ${hostname} (${describe(leaf.cert)}) expired at ${notAfter.toISOString()} (it is now ${input.now.toISOString()}): renew it with its CA and upload the new certificate`,
    );
  }
  if (notBefore.getTime() > input.now.getTime()) {
    throw new CustomCertificateError(
      'certificateChainPem',
      CustomCertificateProblem.NotYetValid,
      `the certificate for ${hostname} (${describe(leaf.cert)}) is not valid until ${notBefore.toISOString()} (it is now ${input.now.toISOString()}): upload it after that time, or check the clock of the machine that issued it`,
    );
  }

  const path = buildChain(leaf, certificates, hostname);
  const leafPem = certificatePem(leaf.cert);
  const chainPem = path.map((c) => certificatePem(c.cert)).join('');
  return {
    leafPem,
    chainPem,
    fullChainPem: leafPem + chainPem,
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string,
    keyType,
    sans,
    commonName,
    issuer: dn(leaf.cert.issuer),
    serial: leaf.cert.serialNumber.toLowerCase(),
    fingerprint: fingerprintOf(leaf.cert),
    notBefore,
    notAfter,
  };
}

// ---- PEM ----

interface PemBlock {
  label: string;
  /** RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED`. */
  headers: string[];
  /** The base64 body without whitespace; null when it is not base64 (or another block's lines got into it). */
  base64: string | null;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9][A-Z0-9 ]*?)-----([\s\S]*?)-----END ([A-Z0-9][A-Z0-9 ]*?)-----/g;
const PEM_BEGIN = /-----BEGIN ([A-Z0-9][A-Z0-9 ]*?)-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The PEM blocks in `text` (RFC 7468, leniently: CRLF, indentation, trailing spaces, one-line blocks), and the labels of any BEGIN lines that have no END. */
function pemBlocks(text: string): { blocks: PemBlock[]; unterminated: string[] } {
  const normalised = text.replace(/\r\n?/g, '\n');
  const blocks: PemBlock[] = [];
  const begins = [...normalised.matchAll(PEM_BEGIN)].map((m) => m[1]);
  for (const [, label, body, endLabel] of normalised.matchAll(PEM_BLOCK)) {
    const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
    const headers = lines.filter((l) => l.includes(':'));
    const base64 = lines.filter((l) => !l.includes(':')).join('').replace(/\s+/g, '');
    blocks.push({ label, headers, base64: endLabel === label && BASE64.test(base64) ? base64 : null });
  }
  // A BEGIN without its END swallows the next block's BEGIN into its body; count what is left over.
  const unterminated = [...begins];
  for (const b of blocks) {
    const i = unterminated.indexOf(b.label);
    if (i >= 0) unterminated.splice(i, 1);
  }
  return { blocks, unterminated };
}

function certificatePem(cert: X509Certificate): string {
  const base64 = cert.raw.toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function checkSize(field: CustomCertificateField, text: string): void {
  if (text.length > CUSTOM_CERTIFICATE_LIMITS.maxPemLength) {
    throw new CustomCertificateError(
      field,
      CustomCertificateProblem.TooLarge,
      `${field} is ${text.length} characters long; at most ${CUSTOM_CERTIFICATE_LIMITS.maxPemLength} are accepted: paste only the PEM blocks`,
    );
  }
}

// ---- certificates ----

interface GivenCertificate {
  cert: X509Certificate;
  /** 1-based position among the CERTIFICATE blocks as given, for messages. */
  position: number;
  fingerprint: string;
}

/** Every CERTIFICATE block, parsed, exact duplicates (same SHA-256) dropped, in the order given. */
function readCertificates(text: string): GivenCertificate[] {
  checkSize('certificateChainPem', text);
  const notPem = (message: string) => new CustomCertificateError('certificateChainPem', CustomCertificateProblem.NotPem, message);
  const { blocks, unterminated } = pemBlocks(text);
  if (unterminated.includes('CERTIFICATE')) {
    throw notPem('certificateChainPem has a -----BEGIN CERTIFICATE----- line without its -----END CERTIFICATE----- line: was the text cut off when copying?');
  }
  const certBlocks = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certBlocks.length === 0) {
    const labels = [...new Set(blocks.map((b) => b.label))];
    let hint = 'paste the certificate and its intermediates as PEM, each block starting with -----BEGIN CERTIFICATE-----';
    if (labels.some((l) => l === 'PKCS7')) hint = 'this is a PKCS#7 bundle; convert it with `openssl pkcs7 -print_certs -in chain.p7b` and paste the CERTIFICATE blocks';
    else if (labels.some((l) => l.endsWith('PRIVATE KEY'))) hint = 'it holds a private key: paste the certificate here and the key in privateKeyPem';
    else if (labels.includes('CERTIFICATE REQUEST') || labels.includes('NEW CERTIFICATE REQUEST')) hint = 'it holds a certificate signing request (CSR): paste the certificate your CA issued for it';
    const found = labels.length > 0 ? `only ${labels.join(', ')} blocks` : 'no PEM blocks';
    throw notPem(`certificateChainPem contains no certificate (found ${found}): ${hint}`);
  }

  const given: GivenCertificate[] = [];
  for (const [i, block] of certBlocks.entries()) {
    const position = i + 1;
    let cert: X509Certificate | undefined;
    if (block.base64 !== null) {
      try {
        cert = new X509Certificate(Buffer.from(block.base64, 'base64'));
      } catch {
        cert = undefined;
      }
    }
    if (!cert) {
      throw notPem(
        `certificate #${position} in certificateChainPem is not a readable X.509 certificate: each block must hold only base64 between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----; was it altered or cut when copying?`,
      );
    }
    const fingerprint = fingerprintOf(cert);
    if (!given.some((g) => g.fingerprint === fingerprint)) given.push({ cert, position, fingerprint });
  }
  if (given.length > CUSTOM_CERTIFICATE_LIMITS.maxCertificates) {
    throw new CustomCertificateError(
      'certificateChainPem',
      CustomCertificateProblem.TooLarge,
      `certificateChainPem holds ${given.length} different certificates; at most ${CUSTOM_CERTIFICATE_LIMITS.maxCertificates} are accepted: paste only the certificate and its intermediates`,
    );
  }
  return given;
}

function fingerprintOf(cert: X509Certificate): string {
  return cert.fingerprint256.replace(/:/g, '').toLowerCase();
}

/** node prints a DN one RDN per line (RFC 2253 escaping, so a value never holds a raw newline). */
function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

function describe(cert: X509Certificate): string {
  const subject = dn(cert.subject);
  return subject ? `subject ${subject}` : 'empty subject';
}

function commonNameOf(cert: X509Certificate): string | null {
  const cn = (cert.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined> | undefined)?.CN;
  const last = Array.isArray(cn) ? cn[cn.length - 1] : cn;
  return last ? last : null;
}

/** node 20 has no validFromDate/validToDate (added in node 22.10); validFrom/validTo read like "Nov 29 20:31:08 2026 GMT". */
function parseDate(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`unexpected certificate date ${JSON.stringify(text)}`);
  return date;
}

function selfSigned(cert: X509Certificate): boolean {
  return issued(cert, cert);
}

/** Whether `issuer` issued `cert`: names, key identifiers and keyUsage agree (checkIssued) and the signature verifies. */
function issued(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function matchesKey(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

function findLeaf(certificates: GivenCertificate[], key: KeyObject, hostname: string): GivenCertificate {
  const matching = certificates.filter((c) => matchesKey(c.cert, key));
  const leaf = matching.find((c) => !c.cert.ca) ?? matching[0];
  if (leaf) return leaf;
  const named = certificates.find((c) => namesCoverHostname(namesOf(c.cert), hostname)) ?? certificates[0];
  const others = certificates.length === 2 ? ', nor does the other certificate given' : certificates.length > 2 ? `, nor do any of the other ${certificates.length - 1} certificates given` : '';
  throw new CustomCertificateError(
    'privateKeyPem',
    CustomCertificateProblem.KeyMismatch,
    `the private key does not match the certificate for ${hostname} (${describe(named.cert)})${others}: paste the key that was used to request this certificate`,
  );
}

function namesOf(cert: X509Certificate): string[] {
  const sans = dnsNamesFromSubjectAltName(cert.subjectAltName);
  const cn = commonNameOf(cert);
  return sans.length > 0 ? sans : cn ? [cn] : [];
}

function hostnameNotCovered(leaf: X509Certificate, hostname: string, dnsSans: string[], commonName: string | null): CustomCertificateError {
  let covers: string;
  if (dnsSans.length > 0) covers = `it covers ${dnsSans.join(', ')}`;
  else if (commonName) covers = `it has no DNS subjectAltNames and its subject CN is ${commonName}`;
  else covers = 'it names no DNS names at all';
  let hint = '';
  if (dnsSans.length > 0 && commonName && namesCoverHostname([commonName], hostname)) {
    hint = ` (its subject CN ${commonName} does not count when the certificate has DNS subjectAltNames, RFC 6125 section 6.4.4)`;
  } else if (hostname.startsWith('*.')) {
    hint = ` (a wildcard hostname needs ${hostname} itself among the certificate's names)`;
  }
  return new CustomCertificateError(
    'certificateChainPem',
    CustomCertificateProblem.HostnameNotCovered,
    `the certificate (${describe(leaf)}) does not cover ${hostname}: ${covers}${hint}; upload a certificate issued for ${hostname}`,
  );
}

/** The intermediates from the leaf's issuer upwards; throws BrokenChain for any given certificate off that path. */
function buildChain(leaf: GivenCertificate, certificates: GivenCertificate[], hostname: string): GivenCertificate[] {
  const path: GivenCertificate[] = [];
  const rest = certificates.filter((c) => c !== leaf);
  let current = leaf;
  if (!selfSigned(leaf.cert)) {
    for (;;) {
      const candidates = rest.filter((c) => issued(current.cert, c.cert));
      if (candidates.length === 0) break;
      const next = candidates.find((c) => !selfSigned(c.cert)) ?? candidates[0];
      rest.splice(rest.indexOf(next), 1);
      if (selfSigned(next.cert)) break; // the root: it ends the path and is not served
      path.push(next);
      current = next;
    }
  }
  const onPath = [leaf, ...path];
  const stray = rest.filter(
    (c) => !(selfSigned(c.cert) && onPath.some((p) => p.cert.ca && p.cert.subject === c.cert.subject && p.cert.publicKey.equals(c.cert.publicKey))),
  );
  if (stray.length === 0) return path;

  const [first] = stray;
  const top = onPath[onPath.length - 1];
  const route = onPath.map((c) => dn(c.cert.subject) || '(empty subject)').join(', issued by ');
  let why = 'it did not issue, and was not issued by, any certificate on that path';
  if (first.cert.subject === top.cert.issuer) {
    why = `it has the name of the issuer of ${dn(top.cert.subject)} but its key did not sign that certificate (is it an older or newer certificate of that CA?)`;
  }
  const more = stray.length > 1 ? ` (and ${stray.length - 1} more certificate${stray.length > 2 ? 's' : ''})` : '';
  throw new CustomCertificateError(
    'certificateChainPem',
    CustomCertificateProblem.BrokenChain,
    `certificate #${first.position} in certificateChainPem (${describe(first.cert)})${more} does not link to the chain of the certificate for ${hostname} (${route}): ${why}; remove it, or add the certificates that connect it`,
  );
}

// ---- private key ----

const ACCEPTED_KEYS = 'certplane accepts RSA keys of 2048 bits or more and ECDSA keys on P-256 or P-384';

function readPrivateKey(text: string): KeyObject {
  checkSize('privateKeyPem', text);
  const fail = (problem: CustomCertificateProblem, message: string) => new CustomCertificateError('privateKeyPem', problem, message);
  const { blocks, unterminated } = pemBlocks(text);
  if (unterminated.some((l) => l.endsWith('PRIVATE KEY'))) {
    throw fail(CustomCertificateProblem.NotPem, 'privateKeyPem has a -----BEGIN ... PRIVATE KEY----- line without its -----END line: was the text cut off when copying?');
  }
  const keys = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  if (keys.length === 0) {
    const labels = [...new Set(blocks.map((b) => b.label))];
    const found = labels.length > 0 ? `only ${labels.join(', ')} blocks` : 'no PEM blocks';
    throw fail(
      CustomCertificateProblem.NotPem,
      `privateKeyPem contains no private key (found ${found}): paste the key as PEM, starting with -----BEGIN PRIVATE KEY----- (or BEGIN RSA PRIVATE KEY / BEGIN EC PRIVATE KEY)`,
    );
  }
  if (keys.length > 1) {
    throw fail(CustomCertificateProblem.MultipleKeys, `privateKeyPem holds ${keys.length} private keys: paste only the key of this certificate`);
  }
  const [block] = keys;
  const decrypt = 'decrypt it first (openssl pkey -in key.pem -out plain.pem, which asks for the passphrase) and paste the result; certplane encrypts keys itself when storing them';
  if (block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => /^Proc-Type:.*ENCRYPTED/i.test(h))) {
    throw fail(CustomCertificateProblem.EncryptedKey, `the private key is encrypted with a passphrase: ${decrypt}`);
  }
  const formats: Record<string, 'pkcs8' | 'pkcs1' | 'sec1'> = { 'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1', 'EC PRIVATE KEY': 'sec1' };
  const type = formats[block.label];
  if (!type) {
    const help =
      block.label === 'OPENSSH PRIVATE KEY'
        ? 'this is an OpenSSH key; if it is RSA or ECDSA, `ssh-keygen -p -m PKCS8 -f key` rewrites it as PKCS#8'
        : block.label === 'DSA PRIVATE KEY'
          ? 'DSA keys cannot be used for TLS certificates'
          : 'use PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY)';
    throw fail(CustomCertificateProblem.UnsupportedKey, `the private key is in a "${block.label}" block: ${help}; ${ACCEPTED_KEYS}`);
  }
  let key: KeyObject | undefined;
  if (block.base64 !== null) {
    try {
      key = createPrivateKey({ key: Buffer.from(block.base64, 'base64'), format: 'der', type });
    } catch {
      key = undefined;
    }
  }
  if (!key) {
    throw fail(
      CustomCertificateProblem.NotPem,
      `the ${block.label} block in privateKeyPem is not a readable private key: it must hold only base64 between its BEGIN and END lines; was it altered or cut when copying?`,
    );
  }
  return key;
}

/** The offered KeyType for `key` (a private key, or a certificate's public key), or the WeakKey/UnsupportedKey refusal. */
function supportedKeyType(key: KeyObject, field: CustomCertificateField, what: string): KeyType {
  const accepted = ACCEPTED_KEYS;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < 2048) {
        throw new CustomCertificateError(field, CustomCertificateProblem.WeakKey, `${what} is a ${bits}-bit RSA key, too weak to use: ${accepted}; issue a new certificate with a new key`);
      }
      return bits >= 4096 ? 'RSA_4096' : bits >= 3072 ? 'RSA_3072' : 'RSA_2048';
    }
    case 'ec':
      if (details.namedCurve === 'prime256v1') return 'ECDSA_P256';
      if (details.namedCurve === 'secp384r1') return 'ECDSA_P384';
      throw new CustomCertificateError(
        field,
        CustomCertificateProblem.UnsupportedKey,
        `${what} is an ECDSA key on ${curveName(details.namedCurve)}: ${accepted}; issue a new certificate with such a key`,
      );
    default:
      throw new CustomCertificateError(
        field,
        CustomCertificateProblem.UnsupportedKey,
        `${what} is ${keyName(key.asymmetricKeyType)}: ${accepted}; issue a new certificate with such a key`,
      );
  }
}

function curveName(curve: string | undefined): string {
  if (!curve) return 'explicit curve parameters';
  return curve === 'secp521r1' ? 'P-521 (secp521r1)' : curve;
}

function keyName(type: string | undefined): string {
  const names: Record<string, string> = { ed25519: 'an Ed25519 key', ed448: 'an Ed448 key', dsa: 'a DSA key', 'rsa-pss': 'an RSA-PSS key', dh: 'a Diffie-Hellman key', x25519: 'an X25519 key', x448: 'an X448 key' };
  return (type && names[type]) ?? `a ${type ?? 'unknown'} key`;
}
