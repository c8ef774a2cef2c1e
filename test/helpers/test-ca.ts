import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A certificate made by a TestCa: its PEM, and its key as PKCS#8 PEM. */
export interface TestCertificate {
  pem: string;
  keyPem: string;
  key: KeyObject;
  file: string;
  keyFile: string;
}

export interface TestCa {
  root: TestCertificate;
  intermediate: TestCertificate;
  /** A leaf for `sans` signed by the intermediate, valid from now for `days` (default 90). */
  leaf(sans: string[], opts?: { days?: number; key?: 'rsa' | 'ec' }): TestCertificate;
  /** Removes the CA's temporary directory. */
  remove(): void;
}

/**
 * A private PKI of the test's own (root -> intermediate -> leaves), made with openssl and node:crypto
 * keys in a temporary directory: custom certificates as a customer brings them.
 */
export function createTestCa(name = 'Certplane Test'): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), 'certplane-test-ca-'));
  let serial = 0x2000;
  let n = 0;
  const openssl = (args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const make = (subject: string, key: KeyObject, issuer: TestCertificate | 'self', opts: { ca: boolean; sans?: string[]; days?: number }): TestCertificate => {
    const id = `c${n++}`;
    const keyFile = path.join(dir, `${id}.key`);
    const keyPem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
    writeFileSync(keyFile, keyPem);
    const ext = path.join(dir, `${id}.ext`);
    const lines = opts.ca
      ? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']
      : ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'];
    lines.push('subjectKeyIdentifier=hash');
    if (issuer !== 'self') lines.push('authorityKeyIdentifier=keyid');
    if (opts.sans?.length) lines.push(`subjectAltName=${opts.sans.map((s) => `DNS:${s}`).join(',')}`);
    writeFileSync(ext, lines.join('\n') + '\n');
    const csr = path.join(dir, `${id}.csr`);
    const file = path.join(dir, `${id}.pem`);
    openssl(['req', '-new', '-key', keyFile, '-subj', subject, '-out', csr]);
    const signer = issuer === 'self' ? ['-signkey', keyFile] : ['-CA', issuer.file, '-CAkey', issuer.keyFile];
    openssl(['x509', '-req', '-in', csr, ...signer, '-set_serial', `0x${(serial++).toString(16)}`, '-days', String(opts.days ?? 90), '-extfile', ext, '-out', file]);
    return { pem: readFileSync(file, 'utf8'), keyPem, key, file, keyFile };
  };
  const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const root = make(`/O=${name}/CN=${name} Root`, ec(), 'self', { ca: true, days: 3650 });
  const intermediate = make(`/O=${name}/CN=${name} Intermediate`, ec(), root, { ca: true, days: 1825 });
  return {
    root,
    intermediate,
    leaf: (sans, opts = {}) =>
      make(`/CN=${sans[0]}`, opts.key === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : ec(), intermediate, {
        ca: false,
        sans,
        days: opts.days,
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
