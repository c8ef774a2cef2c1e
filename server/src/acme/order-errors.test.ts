import { describe, expect, it } from 'vitest';
import { DnsProviderError } from '../dns/dns-provider.js';
import { AcmeProblemError, AcmeUnreachableError } from './problems.js';
import { isPermanent, retryKind } from './order-errors.js';

const problem = (type: string, status: number) => new AcmeProblemError(type, status, 'detail', null, 'https://ca.test/acme/new-order');

describe('retryKind: what a retry event says it followed', () => {
  it.each([
    ['a refused nonce', problem('badNonce', 400), 'bad_nonce'],
    ['the CA answering 500', problem('serverInternal', 500), 'ca_server_error'],
    ['the CA not reachable', new AcmeUnreachableError('https://ca.test/dir', 'ECONNREFUSED', 'directory'), 'ca_unreachable'],
    ['a DNS API answering 503', new DnsProviderError('503 from the API', { provider: 'powerdns', retryable: true, status: 503 }), 'dns_provider'],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'connection_reset'],
    ['a reset connection under a fetch error', new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), 'connection_reset'],
    ['a timeout', new DOMException('The operation timed out', 'TimeoutError'), 'timeout'],
    ['anything else', new TypeError('x is undefined'), 'other'],
  ])('%s is %s', (_name, err, kind) => {
    expect(retryKind(err)).toBe(kind);
  });

  it('permanent problems are not retried at all', () => {
    expect(isPermanent(problem('unauthorized', 403))).toBe(true);
    expect(isPermanent(problem('badNonce', 400))).toBe(false);
    expect(isPermanent(new DnsProviderError('bad credentials', { provider: 'powerdns', retryable: false, status: 401 }))).toBe(true);
  });
});
