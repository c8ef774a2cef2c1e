import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Values derived from the master key: HMAC-SHA256 under a key of the purpose's own (RFC 5869 HKDF with
 * the purpose as info), base64url, cut to 32 characters (192 bits). Stable, stored nowhere, and not
 * guessable from the ids they are made of. Used for the hostname ownership TXT values and the zone
 * verification TXT values.
 */

const keys = new WeakMap<Buffer, Map<string, Buffer>>();

function purposeKey(masterKey: Buffer, purpose: string): Buffer {
  let byPurpose = keys.get(masterKey);
  if (!byPurpose) keys.set(masterKey, (byPurpose = new Map()));
  let key = byPurpose.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), purpose, 32));
    byPurpose.set(purpose, key);
  }
  return key;
}

/** HMAC of `message` under the master key's key for `purpose` (e.g. 'certplane hostname ownership'). */
export function derivedValue(masterKey: Buffer, purpose: string, message: string): string {
  return createHmac('sha256', purposeKey(masterKey, purpose)).update(message).digest('base64url').slice(0, 32);
}
