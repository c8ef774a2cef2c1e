import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;

/**
 * AES-256-GCM for secrets at rest (private keys). Layout: version(1) | iv(12) | tag(16) | ciphertext.
 * `context` (e.g. the row id) is bound as additional data, so a ciphertext copied to another row fails.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): Buffer;
  open(sealed: Buffer, context: string): string;
}

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, context) {
      if (sealed[0] !== VERSION) throw new Error(`unknown secret format ${sealed[0]}`);
      const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.subarray(1, 13));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}
