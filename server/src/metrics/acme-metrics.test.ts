import { describe, expect, it } from 'vitest';
import { acmeAction } from './acme-metrics.js';

describe('the action label of an ACME request, from its URL', () => {
  it.each([
    ["a Let's Encrypt order", 'https://acme-v02.api.letsencrypt.org/acme/order/123/456', 'order'],
    ["a Let's Encrypt finalize", 'https://acme-v02.api.letsencrypt.org/acme/finalize/123/456', 'finalize'],
    ["a Let's Encrypt authorization", 'https://acme-v02.api.letsencrypt.org/acme/authz-v3/789', 'authorization'],
    ["a Let's Encrypt challenge", 'https://acme-v02.api.letsencrypt.org/acme/chall-v3/789/AbC', 'challenge'],
    ["a Let's Encrypt certificate", 'https://acme-v02.api.letsencrypt.org/acme/cert/03ab', 'certificate'],
    ["a Let's Encrypt account", 'https://acme-v02.api.letsencrypt.org/acme/acct/123', 'account'],
    ["Let's Encrypt's directory", 'https://acme-v02.api.letsencrypt.org/directory', 'directory'],
    ["Pebble's order", 'https://127.0.0.1:14000/my-order/xyz', 'order'],
    ["Pebble's finalize", 'https://127.0.0.1:14000/finalize-order/xyz', 'finalize'],
    ["Pebble's authorization", 'https://127.0.0.1:14000/authZ/xyz', 'authorization'],
    ["Pebble's challenge", 'https://127.0.0.1:14000/chalZ/xyz', 'challenge'],
    ["Pebble's certificate", 'https://127.0.0.1:14000/certZ/xyz', 'certificate'],
    ["Pebble's account", 'https://127.0.0.1:14000/my-account/1', 'account'],
    ['anything else', 'https://ca.example/whatever', 'other'],
    ['a URL that does not parse', 'not a url', 'other'],
  ])('%s is %s', (_what, url, action) => {
    expect(acmeAction(url)).toBe(action);
  });
});
