import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface SelfSignedCertificate {
  certPem: string;
  keyPem: string;
  /** DER bytes, base64 without padding: how go-plugin's handshake line carries the server certificate. */
  derBase64Raw: string;
}

/**
 * A short-lived self-signed certificate for "localhost", usable both as a TLS server and client
 * certificate and as its own CA, as go-plugin's AutoMTLS expects of both ends.
 */
export function createSelfSignedCertificate(commonName = 'localhost'): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 30_000);
  cert.validity.notAfter = new Date(now + 30 * 24 * 3600_000);
  const attrs = [
    { name: 'organizationName', value: 'HashiCorp' },
    { name: 'commonName', value: commonName },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { certPem: forge.pki.certificateToPem(cert), keyPem, derBase64Raw: der.toString('base64').replace(/=+$/, '') };
}
