import { KeyObject, createPublicKey, verify } from 'node:crypto';
import acme from 'acme-client';
import { describe, expect, it } from 'vitest';
import { signWithParsedKey } from './account.js';
import { generatePrivateKey } from '../certificates/keys.js';

type Http = { accountKey: unknown; createSignedBody(url: string, payload: unknown, opts: { nonce: string; kid: string }): { protected: string; payload: string; signature: string } };

describe('signWithParsedKey', () => {
  it('hands acme-client a parsed account key, and its JWS signatures still verify with the account key', async () => {
    const pem = await generatePrivateKey('ECDSA_P256');
    const client = signWithParsedKey(new acme.Client({ directoryUrl: 'https://ca.invalid/dir', accountKey: pem }), pem);
    const http = (client as unknown as { http: Http }).http;
    // If an acme-client upgrade moves the key, this fails instead of quietly parsing PEM per signature.
    expect(http.accountKey).toBeInstanceOf(KeyObject);
    expect((http.accountKey as KeyObject).type).toBe('private');
    const body = http.createSignedBody('https://ca.invalid/new-order', { identifiers: [] }, { nonce: 'n1', kid: 'https://ca.invalid/acct/1' });
    const ok = verify('sha256', Buffer.from(`${body.protected}.${body.payload}`), { key: createPublicKey(pem), dsaEncoding: 'ieee-p1363' }, Buffer.from(body.signature, 'base64url'));
    expect(ok).toBe(true);
    expect(JSON.parse(Buffer.from(body.protected, 'base64url').toString()).alg).toBe('ES256');
  });
});
