import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPair, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomCertificateError, CustomCertificateProblem, parseCustomCertificate, type CustomCertificateInput } from './parse-custom-certificate.js';

/**
 * A test PKI made at test time with openssl (keys from node:crypto): a root CA, an intermediate, and
 * leaves with various keys and names, all valid from about now for 90 days. Certificates are PEM text
 * as openssl wrote them.
 */
let dir: string;
let serial = 0x1000;
const openssl = (args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

interface Issued {
  pem: string;
  keyFile: string;
  certFile: string;
}

function keyFile(name: string, key: KeyObject): string {
  const file = path.join(dir, `${name}.key`);
  writeFileSync(file, key.export({ type: 'pkcs8', format: 'pem' }));
  return file;
}

/** A certificate for `key`, signed by `issuer` or self-signed; `sans: null` leaves the extension out. */
function certificate(
  name: string,
  opts: { key: KeyObject; subject: string; issuer: Issued | 'self'; ca?: boolean; sans?: string[] | null; days?: number; serial?: string },
): Issued {
  const kf = keyFile(name, opts.key);
  const csr = path.join(dir, `${name}.csr`);
  const certFile = path.join(dir, `${name}.pem`);
  const ext = path.join(dir, `${name}.ext`);
  const lines = opts.ca
    ? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']
    : ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'];
  lines.push('subjectKeyIdentifier=hash');
  if (opts.issuer !== 'self') lines.push('authorityKeyIdentifier=keyid');
  if (opts.sans) lines.push(`subjectAltName=${opts.sans.map((s) => `DNS:${s}`).join(',')}`);
  writeFileSync(ext, lines.join('\n') + '\n');
  openssl(['req', '-new', '-key', kf, '-subj', opts.subject, '-out', csr]);
  const signer = opts.issuer === 'self' ? ['-signkey', kf] : ['-CA', opts.issuer.certFile, '-CAkey', opts.issuer.keyFile];
  const serialArg = opts.serial ?? `0x${(serial++).toString(16)}`;
  openssl(['x509', '-req', '-in', csr, ...signer, '-set_serial', serialArg, '-days', String(opts.days ?? 90), '-extfile', ext, '-out', certFile]);
  return { pem: readFileSync(certFile, 'utf8'), keyFile: kf, certFile };
}

const generate = (type: 'rsa' | 'ec', opt: number | string) =>
  new Promise<KeyObject>((resolve, reject) =>
    type === 'rsa'
      ? generateKeyPair('rsa', { modulusLength: opt as number }, (e, _pub, priv) => (e ? reject(e) : resolve(priv)))
      : generateKeyPair('ec', { namedCurve: opt as string }, (e, _pub, priv) => (e ? reject(e) : resolve(priv))),
  );

const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }) as string;
const pkcs1 = (k: KeyObject) => k.export({ type: 'pkcs1', format: 'pem' }) as string;
const sec1 = (k: KeyObject) => k.export({ type: 'sec1', format: 'pem' }) as string;

const keys = {} as Record<'root' | 'int' | 'int2' | 'intOtherKey' | 'otherRoot' | 'rsa2048' | 'rsa3072' | 'ec256' | 'ec384' | 'ec521' | 'wildcard' | 'cnOnly' | 'sanAndCn' | 'self' | 'rsa1024' | 'ed25519' | 'dsa', KeyObject>;
const certs = {} as Record<
  'root' | 'int' | 'intSelfSigned' | 'int2' | 'intOtherKey' | 'otherRoot' | 'rsa2048' | 'rsa3072' | 'ec256' | 'ec384' | 'wildcard' | 'cnOnly' | 'sanAndCn' | 'self' | 'rsa1024' | 'ed25519',
  Issued
>;
let NOW: Date;
const SHOP = ['shop.example.com', 'www.shop.example.com'];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'certplane-custom-cert-'));
  const [rsa2048, rsa3072, ...ecs] = await Promise.all([
    generate('rsa', 2048),
    generate('rsa', 3072),
    ...(['P-256', 'P-256', 'P-256', 'P-256', 'P-256', 'P-384', 'P-521', 'P-256', 'P-256', 'P-256', 'P-256', 'P-256'] as const).map((c) => generate('ec', c)),
  ]);
  const [root, int, int2, intOtherKey, ec256, ec384, ec521, wildcard, cnOnly, sanAndCn, self, otherRoot] = ecs;
  Object.assign(keys, { root, int, int2, intOtherKey, ec256, ec384, ec521, wildcard, cnOnly, sanAndCn, self, otherRoot, rsa2048, rsa3072 });
  keys.rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  keys.ed25519 = generateKeyPairSync('ed25519').privateKey;
  keys.dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey;

  const intSubject = '/O=Certplane Test/CN=Certplane Test Intermediate';
  certs.root = certificate('root', { key: keys.root, subject: '/O=Certplane Test/CN=Certplane Test Root', issuer: 'self', ca: true, days: 3650 });
  certs.int = certificate('int', { key: keys.int, subject: intSubject, issuer: certs.root, ca: true, days: 1825 });
  // The intermediate's key and name, self-signed: like ISRG Root X1 next to its cross-signed copy.
  certs.intSelfSigned = certificate('int-self', { key: keys.int, subject: intSubject, issuer: 'self', ca: true, days: 1825 });
  certs.int2 = certificate('int2', { key: keys.int2, subject: '/O=Certplane Test/CN=Certplane Test Intermediate 2', issuer: certs.root, ca: true });
  // Same name as the intermediate, another key: an older or newer generation of that CA.
  certs.intOtherKey = certificate('int-other-key', { key: keys.intOtherKey, subject: intSubject, issuer: certs.root, ca: true });
  certs.otherRoot = certificate('other-root', { key: keys.otherRoot, subject: '/O=Elsewhere/CN=Unrelated Root', issuer: 'self', ca: true });

  const leaf = (name: keyof typeof certs & keyof typeof keys, sans: string[] | null, cn = 'shop.example.com', extra: { serial?: string } = {}) =>
    (certs[name] = certificate(name, { key: keys[name], subject: `/CN=${cn}`, issuer: certs.int, sans, ...extra }));
  leaf('rsa2048', SHOP, 'shop.example.com', { serial: '0x0a1b2c' });
  leaf('rsa3072', SHOP);
  leaf('ec256', SHOP);
  leaf('ec384', SHOP);
  leaf('wildcard', ['*.example.com'], '*.example.com');
  leaf('cnOnly', null, 'legacy.example.com');
  leaf('sanAndCn', ['other.example.com'], 'cn.example.com');
  leaf('rsa1024', SHOP);
  leaf('ed25519', SHOP);
  certs.self = certificate('self', { key: keys.self, subject: '/CN=self.example.com', issuer: 'self', sans: ['self.example.com'] });

  NOW = new Date(new Date(new X509Certificate(certs.rsa2048.pem).validFrom).getTime() + 3600_000);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const input = (over: Partial<CustomCertificateInput> = {}): CustomCertificateInput => ({
  hostname: 'shop.example.com',
  certificateChainPem: certs.rsa2048.pem + certs.int.pem,
  privateKeyPem: pkcs8(keys.rsa2048),
  now: NOW,
  ...over,
});

function refusal(over: Partial<CustomCertificateInput>): CustomCertificateError {
  try {
    parseCustomCertificate(input(over));
  } catch (error) {
    if (error instanceof CustomCertificateError) return error;
    throw error;
  }
  throw new Error('expected a CustomCertificateError');
}

const der = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'der' });

describe('parseCustomCertificate: accepted certificates', () => {
  it('returns the leaf, its intermediate, the key as PKCS#8 and what the API shows about the leaf', () => {
    const parsed = parseCustomCertificate(input());
    const x509 = new X509Certificate(certs.rsa2048.pem);
    expect(parsed).toEqual({
      leafPem: certs.rsa2048.pem, // openssl writes the same normalised form: 64 columns, LF
      chainPem: certs.int.pem,
      fullChainPem: certs.rsa2048.pem + certs.int.pem,
      privateKeyPem: pkcs8(keys.rsa2048),
      keyType: 'RSA_2048',
      sans: SHOP,
      commonName: 'shop.example.com',
      issuer: 'O=Certplane Test, CN=Certplane Test Intermediate',
      serial: '0a1b2c',
      fingerprint: createHash('sha256').update(x509.raw).digest('hex'),
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
    });
    expect(parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.notAfter.getTime() - parsed.notBefore.getTime()).toBe(90 * 24 * 3600_000);
  });

  it.each([
    ['PKCS#1 RSA 2048', 'rsa2048', () => pkcs1(keys.rsa2048), 'RSA_2048'],
    ['PKCS#8 RSA 2048', 'rsa2048', () => pkcs8(keys.rsa2048), 'RSA_2048'],
    ['PKCS#8 RSA 3072', 'rsa3072', () => pkcs8(keys.rsa3072), 'RSA_3072'],
    ['PKCS#1 RSA 3072', 'rsa3072', () => pkcs1(keys.rsa3072), 'RSA_3072'],
    ['PKCS#8 EC P-256', 'ec256', () => pkcs8(keys.ec256), 'ECDSA_P256'],
    ['SEC1 EC P-256', 'ec256', () => sec1(keys.ec256), 'ECDSA_P256'],
    ['SEC1 EC P-256 after an EC PARAMETERS block (openssl ecparam -genkey)', 'ec256', () => '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n' + sec1(keys.ec256), 'ECDSA_P256'],
    ['SEC1 EC P-384', 'ec384', () => sec1(keys.ec384), 'ECDSA_P384'],
    ['PKCS#8 EC P-384', 'ec384', () => pkcs8(keys.ec384), 'ECDSA_P384'],
  ] as const)('accepts a %s key and returns it as unencrypted PKCS#8', (_label, name, keyPem, keyType) => {
    const parsed = parseCustomCertificate(input({ certificateChainPem: certs[name].pem + certs.int.pem, privateKeyPem: keyPem() }));
    expect(parsed.keyType).toBe(keyType);
    expect(parsed.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(der(createPrivateKey(parsed.privateKeyPem))).toEqual(der(keys[name]));
    expect(parsed.leafPem).toBe(certs[name].pem);
  });

  it('accepts CRLF line endings, indentation and trailing spaces, and returns LF-only PEM', () => {
    const mangle = (pem: string) => pem.split('\n').map((l) => (l ? `  ${l}  \t` : l)).join('\r\n');
    const parsed = parseCustomCertificate(input({ certificateChainPem: mangle(certs.rsa2048.pem + certs.int.pem), privateKeyPem: mangle(pkcs1(keys.rsa2048)) }));
    expect(parsed.fullChainPem).toBe(certs.rsa2048.pem + certs.int.pem);
    expect(parsed.fullChainPem).not.toContain('\r');
    expect(parsed.privateKeyPem).toBe(pkcs8(keys.rsa2048));
  });

  it('ignores text around the blocks, such as openssl pkcs12 "Bag Attributes" and "subject=" lines', () => {
    const bag = (pem: string, subject: string) => `Bag Attributes\n    localKeyID: 9A 4B 01 \n    friendlyName: shop\nsubject=${subject}\nissuer=CN = Certplane Test Intermediate\n${pem}\n`;
    const chain = `Here is my chain:\n\n${bag(certs.rsa2048.pem, 'CN = shop.example.com')}${bag(certs.int.pem, 'CN = Certplane Test Intermediate')}thanks!\n`;
    const key = `Bag Attributes\n    localKeyID: 9A 4B 01 \nKey Attributes: <No Attributes>\n${pkcs8(keys.rsa2048)}`;
    const parsed = parseCustomCertificate(input({ certificateChainPem: chain, privateKeyPem: key }));
    expect(parsed.leafPem).toBe(certs.rsa2048.pem);
    expect(parsed.chainPem).toBe(certs.int.pem);
  });

  it('accepts one-line PEM blocks (newlines lost when pasting)', () => {
    const oneLine = (pem: string) => pem.replace(/\n/g, ' ');
    const parsed = parseCustomCertificate(input({ certificateChainPem: oneLine(certs.rsa2048.pem + certs.int.pem), privateKeyPem: oneLine(pkcs8(keys.rsa2048)) }));
    expect(parsed.fullChainPem).toBe(certs.rsa2048.pem + certs.int.pem);
  });

  it('finds the leaf by its key and orders the chain when given out of order (intermediate first, leaf last)', () => {
    const parsed = parseCustomCertificate(input({ certificateChainPem: certs.root.pem + certs.int.pem + certs.rsa2048.pem }));
    expect(parsed.leafPem).toBe(certs.rsa2048.pem);
    expect(parsed.chainPem).toBe(certs.int.pem);
    expect(parsed.fullChainPem).toBe(certs.rsa2048.pem + certs.int.pem);
  });

  it('drops exact duplicates', () => {
    const parsed = parseCustomCertificate(input({ certificateChainPem: certs.rsa2048.pem + certs.int.pem + certs.int.pem + certs.rsa2048.pem }));
    expect(parsed.chainPem).toBe(certs.int.pem);
  });

  it('leaves a self-signed root given at the end of the path out of chainPem', () => {
    const parsed = parseCustomCertificate(input({ certificateChainPem: certs.rsa2048.pem + certs.int.pem + certs.root.pem }));
    expect(parsed.chainPem).toBe(certs.int.pem);
  });

  it('accepts a leaf alone (no intermediates): chainPem is empty', () => {
    const parsed = parseCustomCertificate(input({ certificateChainPem: certs.rsa2048.pem }));
    expect(parsed.chainPem).toBe('');
    expect(parsed.fullChainPem).toBe(certs.rsa2048.pem);
  });

  it('accepts a self-signed leaf as its own root (the customer chooses whom to trust): chainPem is empty', () => {
    const parsed = parseCustomCertificate(input({ hostname: 'self.example.com', certificateChainPem: certs.self.pem, privateKeyPem: pkcs8(keys.self) }));
    expect(parsed.leafPem).toBe(certs.self.pem);
    expect(parsed.chainPem).toBe('');
    expect(parsed.issuer).toBe('CN=self.example.com');
  });

  it('serves the cross-signed intermediate and treats its self-signed twin (same name and key) as the root', () => {
    const parsed = parseCustomCertificate(input({ certificateChainPem: certs.intSelfSigned.pem + certs.rsa2048.pem + certs.int.pem }));
    expect(parsed.chainPem).toBe(certs.int.pem);
  });

  it('accepts the hostname with a trailing dot or in upper case', () => {
    expect(parseCustomCertificate(input({ hostname: 'WWW.Shop.example.com.' })).sans).toEqual(SHOP);
  });

  it('accepts the boundaries of the validity period: now = notBefore, and one second before notAfter', () => {
    const x509 = new X509Certificate(certs.rsa2048.pem);
    expect(() => parseCustomCertificate(input({ now: new Date(x509.validFrom) }))).not.toThrow();
    expect(() => parseCustomCertificate(input({ now: new Date(new Date(x509.validTo).getTime() - 1000) }))).not.toThrow();
  });
});

describe('parseCustomCertificate: hostname coverage (RFC 6125 section 6.4)', () => {
  it.each([
    ['a.example.com', true],
    ['xn--bcher-kva.example.com', true],
    ['*.example.com', true],
    ['example.com', false],
    ['a.b.example.com', false],
    ['*.b.example.com', false],
  ])('a *.example.com certificate covers %s: %s (exactly one label)', (hostname, covered) => {
    const run = () => parseCustomCertificate(input({ hostname, certificateChainPem: certs.wildcard.pem + certs.int.pem, privateKeyPem: pkcs8(keys.wildcard) }));
    if (covered) expect(run().sans).toEqual(['*.example.com']);
    else expect(run).toThrow(expect.objectContaining({ problem: CustomCertificateProblem.HostnameNotCovered, field: 'certificateChainPem' }));
  });

  it('refuses a hostname the SANs do not cover, naming the field and listing the names the certificate covers', () => {
    const e = refusal({ hostname: 'shop.example.org' });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.HostnameNotCovered });
    expect(e.message).toContain('does not cover shop.example.org');
    expect(e.message).toContain('it covers shop.example.com, www.shop.example.com');
  });

  it('refuses a wildcard hostname unless the certificate holds that wildcard itself', () => {
    const e = refusal({ hostname: '*.shop.example.com' });
    expect(e.problem).toBe(CustomCertificateProblem.HostnameNotCovered);
    expect(e.message).toContain('a wildcard hostname needs *.shop.example.com itself');
  });

  it('falls back to the subject CN when the certificate has no DNS SANs', () => {
    const parsed = parseCustomCertificate(input({ hostname: 'legacy.example.com', certificateChainPem: certs.cnOnly.pem, privateKeyPem: pkcs8(keys.cnOnly) }));
    expect(parsed.sans).toEqual(['legacy.example.com']);
    expect(parsed.commonName).toBe('legacy.example.com');
    const e = refusal({ hostname: 'other.example.com', certificateChainPem: certs.cnOnly.pem, privateKeyPem: pkcs8(keys.cnOnly) });
    expect(e.message).toContain('it has no DNS subjectAltNames and its subject CN is legacy.example.com');
  });

  it('ignores the subject CN when the certificate has DNS SANs, and says so', () => {
    const over = { certificateChainPem: certs.sanAndCn.pem, privateKeyPem: pkcs8(keys.sanAndCn) };
    expect(parseCustomCertificate(input({ hostname: 'other.example.com', ...over })).sans).toEqual(['other.example.com']);
    const e = refusal({ hostname: 'cn.example.com', ...over });
    expect(e.problem).toBe(CustomCertificateProblem.HostnameNotCovered);
    expect(e.message).toContain('its subject CN cn.example.com does not count');
  });
});

describe('parseCustomCertificate: refusals of certificateChainPem', () => {
  it.each([
    ['an empty string', '', 'no PEM blocks'],
    ['text without PEM', 'hello, this is my certificate', 'no PEM blocks'],
    ['base64 without BEGIN/END lines', () => certs.rsa2048.pem.split('\n').slice(1, -2).join('\n'), 'no PEM blocks'],
    ['only a private key', () => pkcs8(keys.rsa2048), 'paste the certificate here and the key in privateKeyPem'],
    ['a certificate signing request', () => readFileSync(path.join(dir, 'rsa2048.csr'), 'utf8'), 'certificate signing request'],
    ['a block cut off before its END line', () => certs.rsa2048.pem.split('\n').slice(0, 10).join('\n'), 'without its -----END CERTIFICATE----- line'],
    ['a leaf cut off before the intermediate', () => certs.rsa2048.pem.split('\n').slice(0, 10).join('\n') + '\n' + certs.int.pem, 'without its -----END CERTIFICATE----- line'],
  ])('refuses %s as NotPem, naming certificateChainPem', (_label, chain, hint) => {
    const e = refusal({ certificateChainPem: typeof chain === 'function' ? chain() : chain });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.NotPem });
    expect(e.message).toContain(hint);
  });

  it('refuses a CERTIFICATE block that does not parse, naming its position', () => {
    const lines = certs.int.pem.split('\n');
    lines[5] = lines[5].slice(0, 20) + lines[5].slice(30); // base64 still, but not DER any more
    const e = refusal({ certificateChainPem: certs.rsa2048.pem + lines.join('\n') });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.NotPem });
    expect(e.message).toContain('certificate #2 in certificateChainPem is not a readable X.509 certificate');
    const junk = refusal({ certificateChainPem: '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n' });
    expect(junk.message).toContain('certificate #1');
  });

  it('refuses an input larger than the limit as TooLarge', () => {
    const e = refusal({ certificateChainPem: certs.rsa2048.pem + ' '.repeat(300 * 1024) });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.TooLarge });
  });

  it('refuses the leaf when it has expired (notAfter <= now), with the dates in ISO form', () => {
    const notAfter = new Date(new X509Certificate(certs.rsa2048.pem).validTo);
    const e = refusal({ now: notAfter });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.Expired });
    expect(e.message).toContain(`expired at ${notAfter.toISOString()}`);
    expect(refusal({ now: new Date('2200-01-01T00:00:00Z') }).message).toContain('it is now 2200-01-01T00:00:00.000Z');
  });

  it('refuses the leaf when it is not valid yet (notBefore > now), with the dates in ISO form', () => {
    const notBefore = new Date(new X509Certificate(certs.rsa2048.pem).validFrom);
    const e = refusal({ now: new Date(notBefore.getTime() - 1000) });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.NotYetValid });
    expect(e.message).toContain(`not valid until ${notBefore.toISOString()}`);
  });

  it('refuses an unrelated extra certificate as BrokenChain, naming its subject', () => {
    const e = refusal({ certificateChainPem: certs.rsa2048.pem + certs.int.pem + certs.otherRoot.pem });
    expect(e).toMatchObject({ field: 'certificateChainPem', problem: CustomCertificateProblem.BrokenChain });
    expect(e.message).toContain('certificate #3 in certificateChainPem (subject O=Elsewhere, CN=Unrelated Root) does not link to the chain');
    expect(e.message).toContain('(CN=shop.example.com, issued by O=Certplane Test, CN=Certplane Test Intermediate)');
  });

  it('refuses a second intermediate of the same root that the leaf does not chain through', () => {
    const e = refusal({ certificateChainPem: certs.int2.pem + certs.rsa2048.pem + certs.int.pem + certs.root.pem });
    expect(e.problem).toBe(CustomCertificateProblem.BrokenChain);
    expect(e.message).toContain('certificate #1 in certificateChainPem (subject O=Certplane Test, CN=Certplane Test Intermediate 2)');
  });

  it("refuses a CA certificate with the issuer's name but another key, saying its key did not sign the leaf", () => {
    const e = refusal({ certificateChainPem: certs.rsa2048.pem + certs.intOtherKey.pem });
    expect(e.problem).toBe(CustomCertificateProblem.BrokenChain);
    expect(e.message).toContain('its key did not sign that certificate');
  });

  it('refuses another certificate next to a self-signed leaf', () => {
    const e = refusal({ hostname: 'self.example.com', certificateChainPem: certs.self.pem + certs.int.pem, privateKeyPem: pkcs8(keys.self) });
    expect(e.problem).toBe(CustomCertificateProblem.BrokenChain);
    expect(e.message).toContain('Certplane Test Intermediate');
  });

  it('refuses a leaf whose only link is a missing intermediate (leaf + root, no intermediate)', () => {
    const e = refusal({ certificateChainPem: certs.rsa2048.pem + certs.root.pem });
    expect(e.problem).toBe(CustomCertificateProblem.BrokenChain);
    expect(e.message).toContain('Certplane Test Root');
  });
});

describe('parseCustomCertificate: refusals of privateKeyPem', () => {
  it('refuses a key that does not match the leaf, naming privateKeyPem, the hostname and the certificate', () => {
    const e = refusal({ privateKeyPem: pkcs8(keys.ec256) });
    expect(e).toMatchObject({ field: 'privateKeyPem', problem: CustomCertificateProblem.KeyMismatch });
    expect(e.message).toContain('the private key does not match the certificate for shop.example.com (subject CN=shop.example.com)');
    expect(e.message).toContain('nor does the other certificate given');
  });

  it('refuses a key of the same type and size that does not match (RSA 2048 of another certificate)', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(refusal({ privateKeyPem: pkcs1(other) }).problem).toBe(CustomCertificateProblem.KeyMismatch);
  });

  it.each([
    ['encrypted PKCS#8', () => keys.rsa2048.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }) as string],
    ['encrypted PKCS#1', () => keys.rsa2048.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }) as string],
    ['encrypted SEC1', () => keys.ec256.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'secret' }) as string],
  ])('refuses an %s key, saying how to decrypt it', (_label, keyPem) => {
    const e = refusal({ privateKeyPem: keyPem() });
    expect(e).toMatchObject({ field: 'privateKeyPem', problem: CustomCertificateProblem.EncryptedKey });
    expect(e.message).toContain('openssl pkey -in key.pem -out plain.pem');
  });

  it('refuses an RSA key below 2048 bits as WeakKey', () => {
    const e = refusal({ certificateChainPem: certs.rsa1024.pem + certs.int.pem, privateKeyPem: pkcs1(keys.rsa1024) });
    expect(e).toMatchObject({ field: 'privateKeyPem', problem: CustomCertificateProblem.WeakKey });
    expect(e.message).toContain('1024-bit RSA key');
  });

  it.each([
    ['an Ed25519', () => certs.ed25519.pem, () => pkcs8(keys.ed25519), 'an Ed25519 key'],
    ['an ECDSA P-521', () => certs.rsa2048.pem, () => sec1(keys.ec521), 'P-521'],
    ['a DSA', () => certs.rsa2048.pem, () => pkcs8(keys.dsa), 'a DSA key'],
    ['a PKCS#1-style DSA', () => certs.rsa2048.pem, () => pkcs8(keys.dsa).replace(/PRIVATE KEY/g, 'DSA PRIVATE KEY'), 'DSA keys cannot be used'],
    ['an OpenSSH', () => certs.rsa2048.pem, () => '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n', 'OpenSSH key'],
  ])('refuses %s key as UnsupportedKey', (_label, chain, keyPem, hint) => {
    const e = refusal({ certificateChainPem: chain(), privateKeyPem: keyPem() });
    expect(e).toMatchObject({ field: 'privateKeyPem', problem: CustomCertificateProblem.UnsupportedKey });
    expect(e.message).toContain(hint);
    expect(e.message).toContain('RSA keys of 2048 bits or more and ECDSA keys on P-256 or P-384');
  });

  it.each([
    ['an empty string', '', 'no PEM blocks'],
    ['a certificate instead of a key', () => certs.rsa2048.pem, 'found only CERTIFICATE blocks'],
    ['a public key', () => createPublicKeyPem(), 'found only PUBLIC KEY blocks'],
    ['a key cut off before its END line', () => pkcs8(keys.rsa2048).split('\n').slice(0, 6).join('\n'), 'without its -----END line'],
    ['a key block that does not parse', () => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'not a readable private key'],
  ])('refuses %s as NotPem, naming privateKeyPem', (_label, keyPem, hint) => {
    const e = refusal({ privateKeyPem: typeof keyPem === 'function' ? keyPem() : keyPem });
    expect(e).toMatchObject({ field: 'privateKeyPem', problem: CustomCertificateProblem.NotPem });
    expect(e.message).toContain(hint);
  });

  it('refuses two private keys as MultipleKeys', () => {
    const e = refusal({ privateKeyPem: pkcs8(keys.rsa2048) + pkcs8(keys.ec256) });
    expect(e).toMatchObject({ field: 'privateKeyPem', problem: CustomCertificateProblem.MultipleKeys });
  });

  it('every refusal is a CustomCertificateError (an Error) with a field, a problem and a message', () => {
    const e = refusal({ privateKeyPem: pkcs8(keys.ec256) });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CustomCertificateError');
    expect(Object.values(CustomCertificateProblem)).toContain(e.problem);
  });
});

function createPublicKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey;
}
