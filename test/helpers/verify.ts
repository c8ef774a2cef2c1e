import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { inject } from 'vitest';
import { splitPemChain } from '../../server/src/certificates/parse.js';

/** GET on Pebble's management interface (roots, certificate status). */
export async function pebbleManagement(pathname: string): Promise<{ status: number; body: string }> {
  const pebble = inject('pebble');
  const ca = await readFile(pebble.tlsCaPath, 'utf8');
  return new Promise((resolve, reject) => {
    https
      .get(`${pebble.managementUrl}${pathname}`, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/**
 * Checks a chain the way a TLS client would: each certificate signed by the next, the last one by
 * Pebble's current root (the suite's, or `rootPem` for a Pebble of a test's own), the leaf valid now,
 * naming `names`, and matching `privateKeyPem`.
 */
export async function verifyIssued(chainPem: string, names: string[], privateKeyPem?: string, rootPem?: string): Promise<X509Certificate> {
  const chain = splitPemChain(chainPem).map((p) => new X509Certificate(p));
  if (chain.length < 2) throw new Error(`expected leaf + intermediate, got ${chain.length} certificates`);
  const root = new X509Certificate(rootPem ?? (await pebbleManagement('/roots/0')).body);
  const all = [...chain, root];
  for (let i = 0; i < all.length - 1; i++) {
    if (!all[i].verify(all[i + 1].publicKey)) throw new Error(`certificate ${i} is not signed by certificate ${i + 1}`);
    if (!all[i].checkIssued(all[i + 1])) throw new Error(`certificate ${i} issuer does not match ${i + 1}'s subject`);
  }
  if (!root.verify(root.publicKey)) throw new Error('root is not self-signed');
  const leaf = chain[0];
  const now = Date.now();
  if (Date.parse(leaf.validFrom) > now || Date.parse(leaf.validTo) < now) throw new Error('leaf not valid now');
  const sans = (leaf.subjectAltName ?? '').split(', ').map((s) => s.replace(/^DNS:/, '')).sort();
  if (JSON.stringify(sans) !== JSON.stringify([...names].sort())) throw new Error(`SANs ${sans} != ${names}`);
  if (privateKeyPem && !leaf.checkPrivateKey(createPrivateKey(privateKeyPem))) throw new Error('private key does not match the leaf');
  return leaf;
}
